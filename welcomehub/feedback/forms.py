from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from welcomehub.core import taxonomy
from welcomehub.core.forms import StyledForm
from welcomehub.feedback.models import Status
from welcomehub.feedback.survey import survey
from welcomehub.programmes.models import Place, Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
INTERFACE_LANGUAGES = ["en", "fr", "es", "ar", "uk", "fa"]


def reader_language() -> str:
    """The ISO 639-1 code of the interface language (Dari's fa-af is written fa)."""
    return (get_language() or "en").split("-")[0]


def _language_choices() -> list[tuple[str, str]]:
    first = [(code, taxonomy.label("languages", code)) for code in INTERFACE_LANGUAGES]
    rest = [
        (c, label) for c, label in taxonomy.choices("languages") if c not in INTERFACE_LANGUAGES
    ]
    return first + sorted(rest, key=lambda pair: pair[1])


class _ProgrammeForm(StyledForm):
    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.programme = programme
        if "category" in self.fields:
            self.set_choices("category", [("", "—"), *taxonomy.choices("feedback_categories")])
        if "language" in self.fields:
            self.set_choices("language", _language_choices())
            self.fields["language"].initial = reader_language()
        if "place" in self.fields:
            self.set_queryset("place", programme.places.order_by("name"))


class FeedbackForm(_ProgrammeForm):
    category = forms.ChoiceField(label=_("What is it about?"))
    text = forms.CharField(
        label=_("Your feedback"), widget=forms.Textarea(attrs={"rows": 5}), max_length=4000
    )
    language = forms.ChoiceField(label=_("Language you wrote in"))
    place = forms.ModelChoiceField(
        label=_("Where (optional)"), queryset=Place.objects.none(), required=False
    )
    in_my_name = forms.BooleanField(
        label=_("Send it in my name so that the programme can answer me personally"),
        required=False,
        help_text=_(
            "Leave this unticked to stay anonymous: nobody will be able to tell it was you."
        ),
    )
    contact = forms.CharField(
        label=_("How to reach you (optional)"),
        required=False,
        max_length=200,
        help_text=_("Only if you send it in your name."),
    )

    def __init__(self, *args: Any, signed_in: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not signed_in:
            del self.fields["in_my_name"]
            del self.fields["contact"]


class LogForm(_ProgrammeForm):
    category = forms.ChoiceField(label=_("What is it about?"))
    text = forms.CharField(
        label=_("What you heard (no names)"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    language = forms.ChoiceField(label=_("Language it was said in"))
    place = forms.ModelChoiceField(
        label=_("Where (optional)"), queryset=Place.objects.none(), required=False
    )


class SessionForm(_ProgrammeForm):
    held_on = forms.DateField(label=_("Held on"), widget=DATE)
    place = forms.ModelChoiceField(
        label=_("Where (optional)"), queryset=Place.objects.none(), required=False
    )
    participants = forms.IntegerField(
        label=_("Number of participants"), min_value=1, max_value=10000
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes"), widget=forms.CheckboxSelectMultiple, required=False
    )
    notes = forms.CharField(
        label=_("What was said (no names)"), widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["themes"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = taxonomy.choices("feedback_categories")
        field.widget.attrs["class"] = "form-check-input"


class ProgrammeChoiceForm(StyledForm):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none())


class RespondForm(StyledForm):
    response = forms.CharField(
        label=_("Response"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )


class RouteForm(StyledForm):
    organisation = forms.ChoiceField(label=_("Responsible organisation"))


class StatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)


class PublishForm(StyledForm):
    """The board entry in the publisher's language, plus an optional second language."""

    you_said = forms.CharField(
        label=_("You said (a summary in your own words)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
    )
    we_did = forms.CharField(
        label=_("We did"), widget=forms.Textarea(attrs={"rows": 3}), max_length=1000
    )
    language = forms.ChoiceField(label=_("Language of this text"))
    other_language = forms.ChoiceField(label=_("Also in (optional)"), required=False)
    other_you_said = forms.CharField(
        label=_("You said"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=1000,
    )
    other_we_did = forms.CharField(
        label=_("We did"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=1000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("language", _language_choices())
        self.fields["language"].initial = reader_language()
        self.set_choices("other_language", [("", "—"), *_language_choices()])

    def texts(self) -> dict[str, dict[str, str]]:
        data = self.cleaned_data
        texts = {data["language"]: {"you_said": data["you_said"], "we_did": data["we_did"]}}
        if data.get("other_language") and data["other_language"] != data["language"]:
            texts[data["other_language"]] = {
                "you_said": data.get("other_you_said", ""),
                "we_did": data.get("other_we_did", ""),
            }
        return texts


class SurveyForm(StyledForm):
    """One 1-5 choice per question of the satisfaction survey, each optional."""

    comment = forms.CharField(
        label=_("Anything else you want to tell us? (optional, no names please)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = survey()
        scale = [
            (
                str(point),
                f"{point} · {current.scale_label(point)}"
                if str(point) in current.scale
                else str(point),
            )
            for point in range(1, 6)
        ]
        for question in current.questions:
            self.fields[question.code] = forms.TypedChoiceField(
                label=question.text,
                choices=scale,
                coerce=int,
                required=False,
                empty_value=None,
                widget=forms.RadioSelect,
            )
            self.fields[question.code].widget.attrs["class"] = "form-check-input"
        self.order_fields([q.code for q in current.questions] + ["comment"])

    def answers(self) -> dict[str, int]:
        return {
            q.code: self.cleaned_data[q.code]
            for q in survey().questions
            if self.cleaned_data.get(q.code) is not None
        }
