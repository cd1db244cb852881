"""The printable summary of a household: its plans, next steps and each member's
progress against their own baseline ("distance travelled"), as a page and a PDF."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.safestring import SafeString

from welcomehub.core.audit import audit_reads, audit_record
from welcomehub.core.models import AuditAction
from welcomehub.outcomes.charts import progress_svg
from welcomehub.outcomes.selectors import DomainProgress, person_progress
from welcomehub.people import selectors
from welcomehub.people.models import Household, Person
from welcomehub.reports.pdf import pdf_response


@dataclass(frozen=True)
class MemberProgress:
    person: Person
    rows: list[DomainProgress]  # only the domains answered at least once
    chart: SafeString | None


def _progress(person: Person) -> MemberProgress:
    rows = [r for r in person_progress(person) if r.baseline is not None or r.latest is not None]
    return MemberProgress(person, rows, progress_svg(rows) if rows else None)


def summary_context(
    user: Any, household: Household, person: Person | None = None
) -> dict[str, Any]:
    """Everything the summary shows (of one member, with the household's own plan, when
    `person` is given); the members and plans shown are audited as read."""
    members = [person] if person else list(selectors.head_first(household.members.all()))
    plans = [
        plan
        for plan in selectors.household_plans(household)
        if person is None or plan.person_id in (None, person.pk)
    ]
    audit_reads(actor=user, objects=members, organisation_of=lambda _p: household.organisation_id)
    audit_reads(actor=user, objects=plans, organisation_of=lambda _p: household.organisation_id)
    return {
        "household": household,
        "plans": plans,
        "next_steps": selectors.next_steps(household, limit=10),
        "progress": [_progress(person) for person in members],
        "today": timezone.localdate(),
        "person": person,
    }


def summary_pdf(
    request: HttpRequest, household: Household, person: Person | None = None
) -> HttpResponse:
    context = summary_context(request.user, household, person)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=household,
        organisation_id=household.organisation_id,
        detail={"format": "pdf", "what": "summary", "person": getattr(person, "pk", None)},
    )
    name = f"summary-{household.reference}" + (f"-{person.pk}" if person else "")
    return pdf_response("people/summary_print.html", context, f"{name}.pdf", request)
