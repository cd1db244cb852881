from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.conf import settings
from django.forms import BoundField
from django.utils import timezone
from django.utils.translation import get_language, get_language_bidi, gettext, override
from django.utils.translation import gettext_lazy as _

from welcomehub.core import taxonomy
from welcomehub.core.forms import StyledForm
from welcomehub.outcomes.catalogue import LANGUAGES, localised
from welcomehub.outcomes.models import AnsweredBy, AssessmentEvent, AssessmentKind, Question

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DETAILS = ("kind", "event", "date", "answered_by", "language")


class AssessmentForm(StyledForm):
    """The assessment's details, then one field per question, named by its code."""

    kind = forms.ChoiceField(label=_("Which assessment"), choices=AssessmentKind.choices)
    event = forms.ChoiceField(
        label=_("Event"),
        required=False,
        choices=[("", "—"), *AssessmentEvent.choices],
        help_text=_("Only for an assessment at an event."),
    )
    date = forms.DateField(label=_("Date"), widget=DATE)
    answered_by = forms.ChoiceField(label=_("Who answered"), choices=AnsweredBy.choices)
    language = forms.ChoiceField(label=_("Language of the questions"))

    def __init__(
        self,
        *args: Any,
        questions: Iterable[Question],
        question_language: str = "",
        **kwargs: Any,
    ) -> None:
        self.question_language = question_language or active_language()
        kwargs.setdefault(
            "initial", {"date": timezone.localdate(), "language": self.question_language}
        )
        super().__init__(*args, **kwargs)
        self.set_choices("language", language_choices())
        self.questions = list(questions)
        # The questions speak the language of the person answering, the rest of the page
        # the caseworker's.
        with override(self.question_language):
            self.question_dir = "rtl" if get_language_bidi() else "ltr"
            for question in self.questions:
                self.fields[question.code] = _question_field(question)
                self.fields[question.code].widget.attrs.setdefault("class", "form-select")

    def answers(self) -> dict[str, int | None]:
        return {q.code: self.cleaned_data.get(q.code) for q in self.questions}

    def details(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in DETAILS}

    def detail_fields(self) -> list[BoundField]:
        return [self[name] for name in DETAILS]

    def sections(self) -> list[tuple[str, list[BoundField]]]:
        """The question fields grouped by domain, in questionnaire order."""
        grouped: dict[str, list[BoundField]] = {}
        for question in self.questions:
            grouped.setdefault(question.domain, []).append(self[question.code])
        return [(taxonomy.label("integration_domains", d), f) for d, f in grouped.items()]


def language_choices() -> list[tuple[str, str]]:
    """The interface languages, each named in itself."""
    names = dict(settings.LANGUAGES)
    return [(code, str(names.get(code, code))) for code in LANGUAGES]


def active_language() -> str:
    language = (get_language() or "en").lower()
    return language if language in LANGUAGES else "en"


def question_language(*candidates: str | None) -> str:
    """The first candidate that is an interface language, else the active language."""
    return next((c for c in candidates if c in LANGUAGES), "") or active_language()


def _question_field(question: Question) -> forms.Field:
    """A choice among the scale's labelled values; a count takes any whole number, so the
    service, not the browser, is the one judge of the scale's range."""
    scale = question.scale
    label = localised(question.text)
    labels = {int(value): localised(texts) for value, texts in scale.labels.items()}
    if scale.kind == "count":
        return forms.IntegerField(
            label=label,
            required=False,
            help_text=gettext("A number from %(min)s to %(max)s; leave empty to skip.")
            % {"min": scale.minimum, "max": scale.maximum},
            widget=forms.NumberInput(attrs={"class": "form-control"}),
        )
    choices: list[tuple[Any, Any]] = [("", gettext("— skip this question —"))]
    choices += [(v, labels.get(v, str(v))) for v in range(scale.minimum, scale.maximum + 1)]
    return forms.TypedChoiceField(
        label=label, required=False, choices=choices, coerce=int, empty_value=None
    )


class SelfAssessmentForm(AssessmentForm):
    """The questions alone, for a person answering on their own in the refugee portal:
    which assessment, the date and who answered follow from who is signed in."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in DETAILS:
            del self.fields[name]

    def detail_fields(self) -> list[BoundField]:
        return []


class LifeEventForm(StyledForm):
    event = forms.ChoiceField(label=_("Event"), choices=AssessmentEvent.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"date": timezone.localdate()})
        super().__init__(*args, **kwargs)
