"""Exchange pages. Views parse input, pass through an access gate, call one service."""

from welcomehub.exchange.views.chart import chart, chart_csv, suggestion_list
from welcomehub.exchange.views.introductions import (
    introduction_accept,
    introduction_advance,
    introduction_decline,
    introduction_detail,
    introduction_propose,
)
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
    "round_remind",
    "suggestion_list",
]
