"""Pages of programme evaluation: frameworks, rounds, comparison and reports."""

from welcomehub.evaluation.views.compare import compare, compare_pdf, compare_xlsx
from welcomehub.evaluation.views.frameworks import framework_import, framework_list, index
from welcomehub.evaluation.views.rounds import (
    action_add,
    action_status,
    evidence_add,
    evidence_download,
    lessons,
    participation,
    programme,
    round_area,
    round_detail,
    round_open,
    round_pdf,
    round_return,
    round_sign_off,
    round_submit,
)

__all__ = [
    "action_add",
    "action_status",
    "compare",
    "compare_pdf",
    "compare_xlsx",
    "evidence_add",
    "evidence_download",
    "framework_import",
    "framework_list",
    "index",
    "lessons",
    "participation",
    "programme",
    "round_area",
    "round_detail",
    "round_open",
    "round_pdf",
    "round_return",
    "round_sign_off",
    "round_submit",
]
