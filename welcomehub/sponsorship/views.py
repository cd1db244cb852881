"""Sponsorship pages for the programme's staff (sponsorship.manage): groups, members'
checks and training, named requests, suggestions, sponsorships with their plan,
check-ins, escalation and the closing review. Views parse, pass an access gate, call
one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from welcomehub.accounts.models import Organisation, User
from welcomehub.accounts.permissions import (
    has_any,
    has_perm,
    is_platform_wide,
    organisations_with,
)
from welcomehub.core.audit import audit_reads
from welcomehub.core.forms import call_service
from welcomehub.core.models import AuditAction
from welcomehub.programmes.models import Place, Programme
from welcomehub.sponsorship import closing, lifecycle, selectors, services
from welcomehub.sponsorship.access import (
    access_checkin,
    access_group,
    access_household_for,
    access_member,
    access_named_request,
    access_programme,
    access_sponsorship,
)
from welcomehub.sponsorship.forms import (
    ApproveForm,
    CheckForm,
    CheckInForm,
    ClosingForm,
    ConfirmForm,
    DecisionForm,
    EscalationForm,
    FundsForm,
    GroupForm,
    IntroduceForm,
    LinkForm,
    MemberForm,
    NamedRequestForm,
    PlanItemForm,
    TrainingForm,
)
from welcomehub.sponsorship.models import (
    Decision,
    NamedRequest,
    PlanArea,
    SponsorGroup,
    Sponsorship,
    SponsorshipStatus,
)
from welcomehub.sponsorship.rules import commitment_ends
from welcomehub.sponsorship.suggest import pair_fit, reason_text, suggestions_for

MANAGE = services.MANAGE


def _staff(request: HttpRequest) -> None:
    if not has_any(request.user, MANAGE):
        raise Http404


def _programmes(user: Any) -> Any:
    if is_platform_wide(user, MANAGE):
        return Programme.objects.all()
    orgs = organisations_with(user, MANAGE)
    return Programme.objects.filter(lead_id__in=orgs) | Programme.objects.filter(
        partners__organisation_id__in=orgs
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The staff's overview: groups with readiness and funds, check-ins due."""
    _staff(request)
    groups = list(selectors.with_members(selectors.managed_groups(request.user)))
    today = timezone.localdate()
    committed = selectors.committed_by_group(selectors.managed_groups(request.user))
    rows = [
        {
            "group": g,
            "ready": selectors.readiness(g, on=today),
            "committed": committed.get(g.pk, 0),
        }
        for g in groups
    ]
    due = selectors.checkins_due(
        Sponsorship.objects.filter(group__in=selectors.managed_groups(request.user)), today=today
    )
    return render(
        request,
        "sponsorship/index.html",
        {
            "rows": rows,
            "due": due,
            "expiring": selectors.expiring_checks(
                selectors.managed_groups(request.user), today=today
            ),
            "today": today,
            "programmes": _programmes(request.user).distinct().order_by("name"),
        },
    )


@login_required
def group_create(request: HttpRequest) -> HttpResponse:
    _staff(request)
    programmes = _programmes(request.user).distinct()
    orgs = Organisation.objects.filter(pk__in=organisations_with(request.user, MANAGE))
    if is_platform_wide(request.user, MANAGE):
        orgs = Organisation.objects.all()
    places = Place.objects.filter(served_by__in=programmes).distinct()
    form = GroupForm(request.POST or None, programmes=programmes, organisations=orgs, places=places)
    created: list[SponsorGroup] = []
    if request.method == "POST" and call_service(
        form,
        lambda: created.append(
            services.group_create(
                actor=request.user,
                **form.cleaned_data,
            )
        ),
    ):
        messages.success(request, _("The sponsor group was created."))
        return redirect("sponsorship:group", sponsor_group_id=created[0].pk)
    return render(request, "sponsorship/group_form.html", {"form": form})


def _group_context(request: HttpRequest, group: SponsorGroup, **forms: Any) -> dict[str, Any]:
    today = timezone.localdate()
    group = selectors.with_members(SponsorGroup.objects.filter(pk=group.pk)).get()
    members = list(group.members.all())
    audit_reads(
        actor=request.user,
        objects=members,
        organisation_of=lambda m: group.organisation_id,
        action=AuditAction.LIST,
    )
    return {
        "group": group,
        "members": members,
        "ready": selectors.readiness(group, on=today),
        "funds": selectors.funds(group),
        "requests": list(group.named_requests.all()),
        "sponsorships": list(group.sponsorships.select_related("household")),
        "member_form": forms.get("member_form") or MemberForm(),
        "funds_form": forms.get("funds_form")
        or FundsForm(initial={"funds_available": group.funds_available}),
        "today": today,
    }


@login_required
def group(request: HttpRequest, sponsor_group_id: int) -> HttpResponse:
    found = access_group(user=request.user, group_id=sponsor_group_id)
    return render(request, "sponsorship/group.html", _group_context(request, found))


@login_required
@require_POST
def member_add(request: HttpRequest, sponsor_group_id: int) -> HttpResponse:
    found = access_group(user=request.user, group_id=sponsor_group_id)
    form = MemberForm(request.POST)
    if call_service(
        form,
        lambda: services.member_add(
            actor=request.user,
            group=found,
            name=form.cleaned_data["name"],
            contact=form.cleaned_data["contact"],
        ),
    ):
        messages.success(request, _("The member was added."))
        return redirect("sponsorship:group", sponsor_group_id=found.pk)
    context = _group_context(request, found, member_form=form)
    return render(request, "sponsorship/group.html", context)


@login_required
@require_POST
def funds_set(request: HttpRequest, sponsor_group_id: int) -> HttpResponse:
    found = access_group(user=request.user, group_id=sponsor_group_id)
    form = FundsForm(request.POST)
    if call_service(
        form,
        lambda: services.group_funds_set(
            actor=request.user, group=found, funds_available=form.cleaned_data["funds_available"]
        ),
    ):
        messages.success(request, _("The group's funds were updated."))
        return redirect("sponsorship:group", sponsor_group_id=found.pk)
    context = _group_context(request, found, funds_form=form)
    return render(request, "sponsorship/group.html", context)


def _member_page(request: HttpRequest, sponsor_member_id: int, name: str, act: Any) -> HttpResponse:
    """The member page; a POST of form `name` calls `act(member, data)`."""
    member = access_member(user=request.user, member_id=sponsor_member_id)
    forms: dict[str, Any] = {
        "check_form": CheckForm(),
        "training_form": TrainingForm(),
        "link_form": LinkForm(),
    }
    if request.method == "POST":
        form = type(forms[name])(request.POST)
        forms[name] = form
        if call_service(form, lambda: act(member, form.cleaned_data)):
            messages.success(request, _("Saved."))
            return redirect("sponsorship:member", sponsor_member_id=member.pk)
    today = timezone.localdate()
    context = {
        "member": member,
        "group": member.group,
        "checks": list(member.checks.all()),
        "trainings": list(member.trainings.all()),
        "lacking": selectors.readiness(
            selectors.with_members(SponsorGroup.objects.filter(pk=member.group_id)).get(),
            on=today,
        ).members.get(member.pk, []),
        "today": today,
        **forms,
    }
    return render(request, "sponsorship/member.html", context)


@login_required
@require_safe
def member(request: HttpRequest, sponsor_member_id: int) -> HttpResponse:
    return _member_page(request, sponsor_member_id, "check_form", None)


@login_required
@require_POST
def check_add(request: HttpRequest, sponsor_member_id: int) -> HttpResponse:
    return _member_page(
        request,
        sponsor_member_id,
        "check_form",
        lambda m, d: services.check_record(actor=request.user, member=m, **d),
    )


@login_required
@require_POST
def training_add(request: HttpRequest, sponsor_member_id: int) -> HttpResponse:
    return _member_page(
        request,
        sponsor_member_id,
        "training_form",
        lambda m, d: services.training_record(actor=request.user, member=m, **d),
    )


def _link(request: HttpRequest, member: Any, data: dict[str, Any]) -> object:
    from django.core.exceptions import ValidationError

    user = User.objects.filter(username=data["username"], is_active=True).first()
    if user is None:
        raise ValidationError({"username": _("No account has this user name.")})
    return services.member_link_user(actor=request.user, member=member, user=user)


@login_required
@require_POST
def member_link(request: HttpRequest, sponsor_member_id: int) -> HttpResponse:
    return _member_page(request, sponsor_member_id, "link_form", lambda m, d: _link(request, m, d))


@login_required
def named_add(request: HttpRequest, sponsor_group_id: int) -> HttpResponse:
    """A group of the named model names the refugees it wants to sponsor (staff, or a
    member through their sponsor account)."""
    found = access_group(user=request.user, group_id=sponsor_group_id, own=True)
    form = NamedRequestForm(request.POST or None)
    if request.method == "POST" and call_service(
        form,
        lambda: services.named_request_submit(actor=request.user, group=found, **form.cleaned_data),
    ):
        messages.success(request, _("The request was sent to the programme for its decision."))
        if has_any(request.user, MANAGE):
            return redirect("sponsorship:group", sponsor_group_id=found.pk)
        return redirect("sponsorship:mine")
    return render(request, "sponsorship/named_form.html", {"group": found, "form": form})


@login_required
def named(request: HttpRequest, named_request_id: int) -> HttpResponse:
    """A named request and the programme's decision on it."""
    found = access_named_request(user=request.user, named_request_id=named_request_id)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and call_service(
        form,
        lambda: services.named_request_decide(
            actor=request.user,
            request=found,
            additional=form.cleaned_data["additional"],
            protection_need=form.cleaned_data["protection_need"],
            approve=form.cleaned_data["decision"] == "approve",
            reasons=form.cleaned_data["reasons"],
        ),
    ):
        messages.success(request, _("The decision was recorded."))
        return redirect("sponsorship:named", named_request_id=found.pk)
    return render(request, "sponsorship/named.html", {"named": found, "form": form})


@login_required
def suggestions(request: HttpRequest, programme_id: int) -> HttpResponse:
    programme = access_programme(user=request.user, programme_id=programme_id)
    found = suggestions_for(
        programme=programme,
        groups=selectors.managed_groups(request.user),
        today=timezone.localdate(),
        mode="stable" if request.GET.get("mode") == "stable" else "weighted",
    )
    audit_reads(
        actor=request.user,
        objects=[s.household for s in found.rows],
        organisation_of=lambda h: h.organisation_id,
        action=AuditAction.LIST,
    )
    named = NamedRequest.objects.filter(
        group__in=selectors.managed_groups(request.user).filter(programme=programme),
        status=Decision.APPROVED,
    ).select_related("group")
    return render(
        request,
        "sponsorship/suggestions.html",
        {"programme": programme, "found": found, "named": named, "form": ApproveForm()},
    )


@login_required
@require_POST
def approve(request: HttpRequest, programme_id: int) -> HttpResponse:
    """The coordinator approves one suggested pair (or a named request's household)."""
    programme = access_programme(user=request.user, programme_id=programme_id)
    form = ApproveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a suggestion to approve."))
        return redirect("sponsorship:suggestions", programme_id=programme.pk)
    found = access_group(user=request.user, group_id=form.cleaned_data["group"])
    household = access_household_for(
        user=request.user, group=found, reference=form.cleaned_data["household"]
    )
    named_request = None
    if form.cleaned_data.get("named_request"):
        named_request = access_named_request(
            user=request.user, named_request_id=form.cleaned_data["named_request"]
        )
    fit = pair_fit(group=found, household=household)
    created: list[Sponsorship] = []
    if call_service(
        form,
        lambda: created.append(
            lifecycle.sponsorship_approve(
                actor=request.user,
                group=found,
                household=household,
                score=fit.score if fit else 0.0,
                reasons=[list(r) for r in fit.reasons] if fit else [],
                named_request=named_request,
            )
        ),
    ):
        messages.success(request, _("The match was approved. Introduce the group and the family."))
        return redirect("sponsorship:sponsorship", sponsorship_id=created[0].pk)
    for error in form.non_field_errors():
        messages.error(request, str(error))
    return redirect("sponsorship:suggestions", programme_id=programme.pk)


def _sponsorship_context(sponsorship: Sponsorship, **forms: Any) -> dict[str, Any]:
    plan = {item.area: item for item in sponsorship.plan.all()}
    return {
        "sponsorship": sponsorship,
        "group": sponsorship.group,
        "household": sponsorship.household,
        "size": sponsorship.household.members.count(),
        "reasons": [reason_text(code, detail) for code, detail in sponsorship.reasons],
        "plan": [(code, label, plan.get(code)) for code, label in PlanArea.choices],
        "plan_total": selectors.plan_total(sponsorship),
        "funds": selectors.funds(sponsorship.group),
        "checkins": list(sponsorship.checkins.all()),
        "running": sponsorship.status == SponsorshipStatus.INTRODUCED,
        "escalation": getattr(sponsorship, "escalation", None),
        "closing": getattr(sponsorship, "closing", None),
        "commitment_ends": commitment_ends(sponsorship.arrival_date)
        if sponsorship.arrival_date
        else None,
        "today": timezone.localdate(),
        "introduce_form": forms.get("introduce_form") or IntroduceForm(),
        "plan_form": forms.get("plan_form") or PlanItemForm(),
        "sign_off_form": forms.get("sign_off_form") or ConfirmForm(),
    }


@login_required
def sponsorship(request: HttpRequest, sponsorship_id: int) -> HttpResponse:
    found = access_sponsorship(user=request.user, sponsorship_id=sponsorship_id)
    return render(request, "sponsorship/sponsorship.html", _sponsorship_context(found))


def _sponsorship_post(
    request: HttpRequest, sponsorship_id: int, form: Any, key: str, act: Any
) -> HttpResponse:
    found = access_sponsorship(user=request.user, sponsorship_id=sponsorship_id)
    if call_service(form, lambda: act(found, form.cleaned_data)):
        messages.success(request, _("Saved."))
        return redirect("sponsorship:sponsorship", sponsorship_id=found.pk)
    context = _sponsorship_context(found, **{key: form})
    return render(request, "sponsorship/sponsorship.html", context)


@login_required
@require_POST
def introduce(request: HttpRequest, sponsorship_id: int) -> HttpResponse:
    return _sponsorship_post(
        request,
        sponsorship_id,
        IntroduceForm(request.POST),
        "introduce_form",
        lambda s, d: lifecycle.sponsorship_introduce(actor=request.user, sponsorship=s, **d),
    )


@login_required
@require_POST
def plan_item(request: HttpRequest, sponsorship_id: int) -> HttpResponse:
    return _sponsorship_post(
        request,
        sponsorship_id,
        PlanItemForm(request.POST),
        "plan_form",
        lambda s, d: lifecycle.plan_item_set(actor=request.user, sponsorship=s, **d),
    )


@login_required
@require_POST
def sign_off(request: HttpRequest, sponsorship_id: int) -> HttpResponse:
    return _sponsorship_post(
        request,
        sponsorship_id,
        ConfirmForm(request.POST),
        "sign_off_form",
        lambda s, d: lifecycle.plan_sign_off(actor=request.user, sponsorship=s),
    )


@login_required
def escalate(request: HttpRequest, sponsorship_id: int) -> HttpResponse:
    found = access_sponsorship(user=request.user, sponsorship_id=sponsorship_id)
    areas = selectors.plan_areas(found)
    form = EscalationForm(request.POST or None, areas=areas)
    if request.method == "POST" and call_service(
        form,
        lambda: lifecycle.sponsorship_escalate(
            actor=request.user,
            sponsorship=found,
            reason=form.cleaned_data["reason"],
            occurred_on=form.cleaned_data["occurred_on"],
            details=form.cleaned_data["details"],
            safety_net=form.cleaned_data["safety_net"],
            handovers=[
                lifecycle.Handover(
                    area=code,
                    taken_over_by=form.cleaned_data[f"who_{code}"],
                    starts_on=form.cleaned_data[f"from_{code}"],
                )
                for code, _label in areas
            ],
        ),
    ):
        messages.success(request, _("The sponsorship was handed to the programme's safety net."))
        return redirect("sponsorship:sponsorship", sponsorship_id=found.pk)
    return render(request, "sponsorship/escalate.html", {"sponsorship": found, "form": form})


@login_required
def close(request: HttpRequest, sponsorship_id: int) -> HttpResponse:
    """The closing review when the group's commitment period ends: the sponsorship
    becomes completed."""
    found = access_sponsorship(user=request.user, sponsorship_id=sponsorship_id)
    form = ClosingForm(request.POST or None, areas=selectors.plan_areas(found))
    if request.method == "POST" and call_service(
        form,
        lambda: closing.sponsorship_close(
            actor=request.user,
            sponsorship=found,
            closed_on=form.cleaned_data["closed_on"],
            outcomes=form.outcomes(),
            stay_in_touch=form.cleaned_data["stay_in_touch"],
            went_well=form.cleaned_data["went_well"],
            was_hard=form.cleaned_data["was_hard"],
            note=form.cleaned_data["note"],
        ),
    ):
        messages.success(request, _("The sponsorship is completed. Thank the group!"))
        return redirect("sponsorship:sponsorship", sponsorship_id=found.pk)
    ends = commitment_ends(found.arrival_date) if found.arrival_date else None
    return render(
        request, "sponsorship/close.html", {"sponsorship": found, "form": form, "ends": ends}
    )


@login_required
def checkin(request: HttpRequest, sponsor_checkin_id: int) -> HttpResponse:
    """A check-in, recorded by the programme or by a member of the group."""
    found = access_checkin(user=request.user, checkin_id=sponsor_checkin_id)
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and call_service(
        form,
        lambda: lifecycle.checkin_record(actor=request.user, checkin=found, **form.cleaned_data),
    ):
        messages.success(request, _("The check-in was recorded."))
        if has_any(request.user, MANAGE):
            return redirect("sponsorship:sponsorship", sponsorship_id=found.sponsorship_id)
        return redirect("sponsorship:mine")
    # members of the group record check-ins; the notes stay with the programme (0030)
    staff = has_perm(request.user, MANAGE, found.sponsorship.group.organisation_id)
    return render(
        request, "sponsorship/checkin.html", {"checkin": found, "form": form, "show_notes": staff}
    )


@login_required
def due(request: HttpRequest) -> HttpResponse:
    """Check-ins overdue or due within two weeks, across the groups the user oversees."""
    _staff(request)
    today = timezone.localdate()
    rows = selectors.checkins_due(
        Sponsorship.objects.filter(group__in=selectors.managed_groups(request.user)),
        today=today,
        within_days=14,
    )
    return render(request, "sponsorship/due.html", {"rows": rows, "today": today})
