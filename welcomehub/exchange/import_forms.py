"""The round's import page: which files hold the answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from welcomehub.core.forms import StyledForm
from welcomehub.exchange.forms import MAX_UPLOAD

FILE_TYPES = ".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(label: Any, help_text: Any = "") -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.ClearableFileInput(attrs={"accept": FILE_TYPES}),
    )


class AnswerFilesForm(StyledForm):
    export = _file(
        _("Export of the questionnaire from KoboToolbox or ODK (CSV or XLSX)"),
        _(
            "Export the submissions with XML values and headers, group names included. "
            "One row per organisation."
        ),
    )
    workbook = _file(
        _("Workbook of needs and offers (XLSX)"),
        _("Sheets “needs” and “offers”, with the columns of the template."),
    )
    needs = _file(_("Needs (CSV or XLSX)"))
    offers = _file(_("Offers (CSV or XLSX)"))
    submit = forms.BooleanField(
        label=_("Submit the imported answers"),
        required=False,
        help_text=_("Leave unticked to check the drafts before submitting them."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [n for n in ("export", "workbook") if data.get(n)]
        if data.get("needs") or data.get("offers"):
            chosen.append("needs and offers")
        if len(chosen) != 1:
            raise forms.ValidationError(
                _("Choose one export, one workbook, or files of needs and offers.")
            )
        uploads = [data.get(n) for n in ("export", "workbook", "needs", "offers")]
        if any(f is not None and f.size > MAX_UPLOAD for f in uploads):
            raise forms.ValidationError(_("A file is larger than 2 MB."))
        return data
