from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from welcomehub.accounts.models import Organisation
from welcomehub.core import taxonomy
from welcomehub.core.forms import StyledForm
from welcomehub.evaluation import evidence_store
from welcomehub.evaluation.frameworks import localised
from welcomehub.evaluation.models import Answer, Framework, Item
from welcomehub.exchange.models import Answer as ExchangeAnswer
from welcomehub.programmes.models import Programme

NOT_APPLICABLE = "na"


class RoundForm(StyledForm):
    framework = forms.ModelChoiceField(label=_("Framework"), queryset=Framework.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    assessed_on = forms.DateField(
        label=_("Date of the assessment"), widget=forms.DateInput(attrs={"type": "date"})
    )
    resettlement_context = forms.ChoiceField(label=_("Resettlement context"))

    def __init__(self, *args: Any, frameworks: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("framework", frameworks)
        self.fields["framework"].label_from_instance = (  # type: ignore[attr-defined]
            lambda f: f"{localised(f.title)} ({f.version})"
        )
        self.set_choices("resettlement_context", taxonomy.choices("resettlement_contexts"))


def score_choices() -> list[tuple[str, str]]:
    return [
        ("", gettext("Not answered yet")),
        ("0", gettext("0 — not in place")),
        ("50", gettext("50 — partly in place")),
        ("100", gettext("100 — fully in place")),
        (NOT_APPLICABLE, gettext("Not applicable")),
    ]


class AreaAnswersForm(StyledForm):
    """One score, note and link per item of an area; field names carry the answer id."""

    def __init__(self, *args: Any, answers: list[Answer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.answers = answers
        for answer in answers:
            initial = (
                NOT_APPLICABLE
                if answer.not_applicable
                else ("" if answer.value is None else str(answer.value))
            )
            self.fields[f"score_{answer.pk}"] = forms.ChoiceField(
                label=localised(answer.item.text),
                choices=score_choices(),
                required=False,
                initial=initial,
            )
            self.fields[f"note_{answer.pk}"] = forms.CharField(
                label=_("Note"),
                required=False,
                initial=answer.note,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"link_{answer.pk}"] = forms.URLField(
                label=_("Link to evidence"),
                required=False,
                initial=answer.link,
                max_length=500,
                assume_scheme="https",
            )
        for field in self.fields.values():
            widget = field.widget
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs.setdefault("class", css)

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                "answer": answer,
                "score": self[f"score_{answer.pk}"],
                "note": self[f"note_{answer.pk}"],
                "link": self[f"link_{answer.pk}"],
            }
            for answer in self.answers
        ]

    def values(self) -> dict[str, tuple[int | None, bool, str, str]]:
        data = self.cleaned_data
        result = {}
        for answer in self.answers:
            score = data.get(f"score_{answer.pk}") or ""
            result[answer.item.code] = (
                int(score) if score not in ("", NOT_APPLICABLE) else None,
                score == NOT_APPLICABLE,
                data.get(f"note_{answer.pk}") or "",
                data.get(f"link_{answer.pk}") or "",
            )
        return result


class EvidenceForm(StyledForm):
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, images or office documents, at most %(size)d MB.")
        % {"size": evidence_store.MAX_BYTES // 1024 // 1024},
    )


class ParticipationForm(StyledForm):
    methods = forms.MultipleChoiceField(
        label=_("How refugees took part"), required=False, widget=forms.CheckboxSelectMultiple
    )
    sessions = forms.IntegerField(label=_("Number of sessions"), min_value=0, initial=0)
    representatives = forms.IntegerField(
        label=_("Number of refugee representatives"),
        help_text=_("A count only: never write names here."),
        min_value=0,
        initial=0,
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Refugee-led organisations that took part"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    summary = forms.CharField(
        label=_("What the representatives said"),
        help_text=_("No names or details that identify a person."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("methods", taxonomy.choices("participation_methods"))
        self.set_queryset("organisations", organisations)
        self.fields["methods"].widget.attrs["class"] = "form-check-input"


class SignOffForm(StyledForm):
    shared = forms.BooleanField(
        label=_("Share the scores with every programme on the platform for comparison"),
        required=False,
    )


class ActionForm(StyledForm):
    item = forms.ModelChoiceField(label=_("Item"), queryset=Item.objects.none())
    description = forms.CharField(
        label=_("Action"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    owner = forms.ModelChoiceField(
        label=_("Owner (organisation)"), queryset=Organisation.objects.none()
    )
    due_on = forms.DateField(label=_("Due date"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, items: Any, owners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("item", items)
        self.fields["item"].label_from_instance = (  # type: ignore[attr-defined]
            lambda i: f"{i.code} — {localised(i.text)[:80]}"
        )
        self.set_queryset("owner", owners)


class ActionStatusForm(StyledForm):
    status = forms.ChoiceField(label=_("Status"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_choices("status", taxonomy.choices("evaluation_action_statuses"))


class LessonsForm(StyledForm):
    exchange_answer = forms.ModelChoiceField(
        label=_("Exchange round"), queryset=ExchangeAnswer.objects.none()
    )
    needs = forms.MultipleChoiceField(
        label=_("Gaps to send as needs"), required=False, widget=forms.CheckboxSelectMultiple
    )
    offers = forms.MultipleChoiceField(
        label=_("Strengths to send as offers"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, drafts: Any, proposals: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("exchange_answer", drafts)
        if len(drafts) == 1:
            self.initial.setdefault("exchange_answer", drafts[0].pk)
        self.fields["exchange_answer"].label_from_instance = (  # type: ignore[attr-defined]
            lambda a: a.round.title
        )
        self.set_choices("needs", [(p.area.code, p.title) for p in proposals.needs])
        self.set_choices("offers", [(p.area.code, p.title) for p in proposals.offers])
        for name in ("needs", "offers"):
            self.fields[name].widget.attrs["class"] = "form-check-input"
        self.initial.setdefault("needs", [p.area.code for p in proposals.needs])
        self.initial.setdefault("offers", [p.area.code for p in proposals.offers])


class ImportForm(StyledForm):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.none()
    )
    code = forms.SlugField(label=_("Framework code"), max_length=60)
    version = forms.CharField(label=_("Version"), max_length=20)
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        help_text=_(
            "Columns: area, area_title, code, dimension, tier, text; optional: guidance, "
            "evidence, area_weight."
        ),
    )

    def __init__(self, *args: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("organisation", organisations)


class CompareForm(StyledForm):
    framework = forms.ModelChoiceField(
        label=_("Framework"), queryset=Framework.objects.none(), required=False
    )
    kind = forms.ChoiceField(label=_("Programme type"), required=False)
    context = forms.ChoiceField(label=_("Resettlement context"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    peers_of = forms.ModelChoiceField(
        label=_("Peers of (same type and context)"),
        queryset=Programme.objects.none(),
        required=False,
    )

    def __init__(
        self, *args: Any, frameworks: Any, programmes: Any, countries: list[str], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.set_queryset("framework", frameworks)
        self.fields["framework"].label_from_instance = (  # type: ignore[attr-defined]
            lambda f: f"{localised(f.title)} ({f.version})"
        )
        anything = [("", gettext("Any"))]
        self.set_choices("kind", anything + taxonomy.choices("programme_kinds"))
        self.set_choices("context", anything + taxonomy.choices("resettlement_contexts"))
        self.set_choices(
            "country", anything + [(c, taxonomy.label("countries", c)) for c in countries]
        )
        self.set_queryset("peers_of", programmes)
