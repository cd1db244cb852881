"""Exchange pages. Views parse input, pass through an access gate, call one service."""

from welcomehub.exchange.views.chart import chart, chart_csv, suggestion_list
from welcomehub.exchange.views.introductions import (
    followup_answer,
    introduction_accept,
    introduction_advance,
    introduction_decline,
    introduction_detail,
    introduction_propose,
)
from welcomehub.exchange.views.recommendations import round_recommendations
from welcomehub.exchange.views.rounds import (
    answer_detail,
    answer_import,
    answer_submit,
    need_add,
    need_remove,
    offer_add,
    offer_remove,
    round_close,
    round_create,
    round_detail,
    round_list,
    round_remind,
)
from welcomehub.exchange.views.twinning import (
    twinning_agreement,
    twinning_checkin,
    twinning_library,
    twinning_pair,
    twinning_pair_accept,
    twinning_pair_decline,
    twinning_propose,
    twinning_review,
    twinning_round,
    twinning_signup,
    twinning_signup_withdraw,
    twinning_suggest,
)

__all__ = [
    "answer_detail",
    "answer_import",
    "answer_submit",
    "chart",
    "chart_csv",
    "followup_answer",
    "introduction_accept",
    "introduction_advance",
    "introduction_decline",
    "introduction_detail",
    "introduction_propose",
    "need_add",
    "need_remove",
    "offer_add",
    "offer_remove",
    "round_close",
    "round_create",
    "round_detail",
    "round_list",
    "round_recommendations",
    "round_remind",
    "suggestion_list",
    "twinning_agreement",
    "twinning_checkin",
    "twinning_library",
    "twinning_pair",
    "twinning_pair_accept",
    "twinning_pair_decline",
    "twinning_propose",
    "twinning_review",
    "twinning_round",
    "twinning_signup",
    "twinning_signup_withdraw",
    "twinning_suggest",
]

# Exchange files and reports (chart exports, circulation, evaluation, imports).
from welcomehub.exchange.views.chart import chart_hxl, chart_pdf, chart_xlsx
from welcomehub.exchange.views.evaluation import (
    evaluation,
    evaluation_all,
    evaluation_all_xlsx,
    evaluation_pdf,
    evaluation_xlsx,
)
from welcomehub.exchange.views.imports import (
    import_template_xlsx,
    questionnaire_xlsx,
    round_import,
)
from welcomehub.exchange.views.share import (
    share_manage,
    share_rotate,
    shared_chart,
    shared_chart_pdf,
)

__all__ += [
    "chart_hxl",
    "chart_pdf",
    "chart_xlsx",
    "evaluation",
    "evaluation_all",
    "evaluation_all_xlsx",
    "evaluation_pdf",
    "evaluation_xlsx",
    "import_template_xlsx",
    "questionnaire_xlsx",
    "round_import",
    "share_manage",
    "share_rotate",
    "shared_chart",
    "shared_chart_pdf",
]
