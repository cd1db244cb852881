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
]

# Exchange files and reports (chart exports, circulation, evaluation, imports).
from welcomehub.exchange.views.chart import chart_hxl, chart_pdf, chart_xlsx
from welcomehub.exchange.views.share import share_manage, share_rotate, shared_chart

__all__ += [
    "chart_hxl",
    "chart_pdf",
    "chart_xlsx",
    "share_manage",
    "share_rotate",
    "shared_chart",
]
