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


def summary_context(user: Any, household: Household) -> dict[str, Any]:
    """Everything the summary shows; the members and plans shown are audited as read."""
    members = list(selectors.head_first(household.members.all()))
    plans = selectors.household_plans(household)
    audit_reads(actor=user, objects=members, organisation_of=lambda _p: household.organisation_id)
    audit_reads(actor=user, objects=plans, organisation_of=lambda _p: household.organisation_id)
    return {
        "household": household,
        "plans": plans,
        "next_steps": selectors.next_steps(household, limit=10),
        "progress": [_progress(person) for person in members],
        "today": timezone.localdate(),
    }


def summary_pdf(request: HttpRequest, household: Household) -> HttpResponse:
    context = summary_context(request.user, household)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        obj=household,
        organisation_id=household.organisation_id,
        detail={"format": "pdf", "what": "summary"},
    )
    return pdf_response(
        "people/summary_print.html", context, f"summary-{household.reference}.pdf", request
    )
