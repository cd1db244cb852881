"""Twinning pages: sign-ups, the coordinator's suggested pairs, a pair's double opt-in,
agreement, check-ins and closing review, and the library of twinning models and lessons."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from welcomehub.accounts.permissions import organisations_with
from welcomehub.core import taxonomy
from welcomehub.core.forms import call_service
from welcomehub.exchange import selectors
from welcomehub.exchange import twinning as services
from welcomehub.exchange.access import (
    RESPOND,
    access_round,
    access_twinning_pair,
    access_twinning_signup,
    coordinates,
    may_use_exchange,
    responds_for,
)
from welcomehub.exchange.forms import (
    DeclineForm,
    TwinningAgreementForm,
    TwinningCheckInForm,
    TwinningLibraryForm,
    TwinningProposeForm,
    TwinningReviewForm,
    TwinningSignupForm,
)
from welcomehub.exchange.models import (
    SurveyRound,
    TwinningAgreement,
    TwinningPair,
    TwinningSignup,
)
from welcomehub.exchange.views._common import service_error


def _signing_organisations(request: HttpRequest, survey_round: SurveyRound) -> Any:
    """The invited organisations the user answers for."""
    return survey_round.invited.filter(
        pk__in=[o.pk for o in survey_round.invited.all() if responds_for(request.user, o.pk)]
    ).order_by("name")


def _round_page(
    request: HttpRequest, survey_round: SurveyRound, signup_form: Any = None
) -> HttpResponse:
    is_coordinator = coordinates(request.user, survey_round)
    mine = organisations_with(request.user, RESPOND)
    signing = _signing_organisations(request, survey_round)
    own_signups = list(services.signup_list(survey_round).filter(organisation__in=signing))
    if signup_form is None and signing.exists():
        initial: dict[str, Any] = {"organisation": signing.first()}
        answer = survey_round.answers.filter(organisation__in=signing).first()
        if answer is not None and answer.twinning in ("mentor", "mentee", "peer"):
            initial["role"] = answer.twinning
        if own_signups:
            current = own_signups[0]
            initial.update(
                organisation=current.organisation,
                role=current.role,
                pair_kinds=current.pair_kinds,
                topics=current.topics,
                languages=current.languages,
                statement=current.statement,
            )
        signup_form = TwinningSignupForm(initial=initial, organisations=signing)
    return render(
        request,
        "exchange/twinning_round.html",
        {
            "round": survey_round,
            "is_coordinator": is_coordinator,
            "signups": services.signup_list(survey_round) if is_coordinator else own_signups,
            "pairs": services.pair_list(
                survey_round, organisation_ids=None if is_coordinator else mine
            ),
            "signup_form": signup_form,
            "my_organisations": {o.pk for o in signing},
        },
    )


@login_required
@require_GET
def twinning_round(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id)
    return _round_page(request, survey_round)


@login_required
@require_POST
def twinning_signup(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id)
    signing = _signing_organisations(request, survey_round)
    if not signing.exists():
        raise Http404
    form = TwinningSignupForm(request.POST, organisations=signing)
    if call_service(
        form,
        lambda: services.twinning_signup(
            actor=request.user, survey_round=survey_round, **form.cleaned_data
        ),
    ):
        messages.success(request, _("Your organisation is signed up to be twinned."))
        return redirect("exchange:twinning_round", round_id=survey_round.pk)
    return _round_page(request, survey_round, signup_form=form)


@login_required
@require_POST
def twinning_signup_withdraw(request: HttpRequest, twinning_signup_id: int) -> HttpResponse:
    signup = access_twinning_signup(user=request.user, signup_id=twinning_signup_id)
    try:
        services.twinning_signup_withdraw(actor=request.user, signup=signup)
    except ValidationError as error:
        service_error(request, error)
    else:
        messages.success(request, _("The sign-up was withdrawn."))
    return redirect("exchange:twinning_round", round_id=signup.round_id)


@login_required
@require_GET
def twinning_suggest(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id, coordinate=True)
    proposals, result = services.twinning_suggest(survey_round)
    unmatched = TwinningSignup.objects.filter(pk__in=result.unmatched).select_related(
        "organisation"
    )
    return render(
        request,
        "exchange/twinning_suggest.html",
        {
            "round": survey_round,
            "proposals": proposals,
            "total": result.total,
            "proven_optimal": result.status != "time_limit",
            "unmatched": unmatched,
        },
    )


@login_required
@require_POST
def twinning_propose(request: HttpRequest, round_id: int) -> HttpResponse:
    survey_round = access_round(user=request.user, round_id=round_id, coordinate=True)
    form = TwinningProposeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a pair to propose."))
        return redirect("exchange:twinning_suggest", round_id=survey_round.pk)
    data = form.cleaned_data
    try:
        if data["all"]:
            pairs = services.twinning_pairs_propose_all(
                actor=request.user, survey_round=survey_round
            )
        else:
            signups = TwinningSignup.objects.filter(round=survey_round)
            first = signups.filter(pk=data["first"]).first()
            second = signups.filter(pk=data["second"]).first()
            if first is None or second is None:
                raise ValidationError(_("Both sign-ups must belong to this round."))
            pairs = [
                services.twinning_pair_propose(
                    actor=request.user, survey_round=survey_round, first=first, second=second
                )
            ]
    except ValidationError as error:
        service_error(request, error)
        return redirect("exchange:twinning_suggest", round_id=survey_round.pk)
    messages.success(
        request,
        ngettext(
            "%(count)d pair was proposed. Both organisations must accept.",
            "%(count)d pairs were proposed. Both organisations of each must accept.",
            len(pairs),
        )
        % {"count": len(pairs)},
    )
    return redirect("exchange:twinning_round", round_id=survey_round.pk)


def _agreement(pair: TwinningPair) -> TwinningAgreement | None:
    return TwinningAgreement.objects.filter(pair=pair).first()


def _pair_page(request: HttpRequest, pair: TwinningPair, **forms: Any) -> HttpResponse:
    first_org, second_org = pair.first.organisation, pair.second.organisation
    first_side, second_side = services.pair_sides(request.user, pair)
    agreement = _agreement(pair)
    review = getattr(agreement, "review", None) if agreement else None
    contacts = None
    if pair.both_accepted:  # double opt-in: nothing before both sides said yes
        contacts = [
            (first_org, selectors.focal_point_contacts(first_org)),
            (second_org, selectors.focal_point_contacts(second_org)),
        ]
    agreement_form = forms.get("agreement_form")
    if agreement_form is None:
        initial: dict[str, Any] = {}
        if agreement is not None:
            initial = {
                "goals": agreement.goals,
                "starts_on": agreement.starts_on,
                "ends_on": agreement.ends_on,
                "activities": agreement.activities,
                "topics": agreement.topics,
            }
        agreement_form = TwinningAgreementForm(initial=initial)
    return render(
        request,
        "exchange/twinning_pair.html",
        {
            "pair": pair,
            "first_org": first_org,
            "second_org": second_org,
            "reasons": services.reason_texts(pair.reasons),
            "contacts": contacts,
            "declined_reason_label": taxonomy.label(
                "exchange_decline_reasons", pair.declined_reason_code
            )
            if pair.declined_reason_code
            else "",
            "may_accept": pair.status in services.OPEN_FOR_ANSWER
            and (
                (first_side and not pair.first_accepted_at)
                or (second_side and not pair.second_accepted_at)
            ),
            "may_decline": pair.status in services.OPEN_FOR_ANSWER,
            "agreement": agreement,
            "checkins": list(agreement.checkins.all()) if agreement else [],
            "review": review,
            "first_signup": pair.first,
            "second_signup": pair.second,
            "decline_form": forms.get("decline_form") or DeclineForm(),
            "agreement_form": agreement_form,
            "checkin_form": forms.get("checkin_form") or TwinningCheckInForm(),
            "review_form": forms.get("review_form") or TwinningReviewForm(),
        },
    )


@login_required
@require_GET
def twinning_pair(request: HttpRequest, twinning_pair_id: int) -> HttpResponse:
    pair = access_twinning_pair(user=request.user, pair_id=twinning_pair_id)
    return _pair_page(request, pair)


@login_required
@require_POST
def twinning_pair_accept(request: HttpRequest, twinning_pair_id: int) -> HttpResponse:
    pair = access_twinning_pair(user=request.user, pair_id=twinning_pair_id, side_only=True)
    try:
        services.twinning_pair_accept(actor=request.user, pair=pair)
    except ValidationError as error:
        service_error(request, error)
    else:
        messages.success(request, _("You accepted the twinning."))
    return redirect("exchange:twinning_pair", twinning_pair_id=pair.pk)


@login_required
@require_POST
def twinning_pair_decline(request: HttpRequest, twinning_pair_id: int) -> HttpResponse:
    pair = access_twinning_pair(user=request.user, pair_id=twinning_pair_id)
    form = DeclineForm(request.POST)
    if call_service(
        form,
        lambda: services.twinning_pair_decline(
            actor=request.user,
            pair=pair,
            reason_code=form.cleaned_data["reason_code"],
            reason=form.cleaned_data["reason"],
        ),
    ):
        messages.success(request, _("The twinning was declined."))
        return redirect("exchange:twinning_pair", twinning_pair_id=pair.pk)
    return _pair_page(request, pair, decline_form=form)


@login_required
@require_POST
def twinning_agreement(request: HttpRequest, twinning_pair_id: int) -> HttpResponse:
    pair = access_twinning_pair(user=request.user, pair_id=twinning_pair_id)
    form = TwinningAgreementForm(request.POST)
    if call_service(
        form,
        lambda: services.twinning_agreement_record(
            actor=request.user, pair=pair, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The agreement is recorded."))
        return redirect("exchange:twinning_pair", twinning_pair_id=pair.pk)
    return _pair_page(request, pair, agreement_form=form)


@login_required
@require_POST
def twinning_checkin(request: HttpRequest, twinning_pair_id: int) -> HttpResponse:
    pair = access_twinning_pair(user=request.user, pair_id=twinning_pair_id)
    agreement = _agreement(pair)
    form = TwinningCheckInForm(request.POST)
    if agreement is None:
        messages.error(request, _("Record the agreement first."))
        return redirect("exchange:twinning_pair", twinning_pair_id=pair.pk)
    if call_service(
        form,
        lambda: services.twinning_checkin_add(
            actor=request.user, agreement=agreement, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The check-in is recorded."))
        return redirect("exchange:twinning_pair", twinning_pair_id=pair.pk)
    return _pair_page(request, pair, checkin_form=form)


@login_required
@require_POST
def twinning_review(request: HttpRequest, twinning_pair_id: int) -> HttpResponse:
    pair = access_twinning_pair(user=request.user, pair_id=twinning_pair_id)
    agreement = _agreement(pair)
    form = TwinningReviewForm(request.POST)
    if agreement is None:
        messages.error(request, _("Record the agreement first."))
        return redirect("exchange:twinning_pair", twinning_pair_id=pair.pk)
    if call_service(
        form,
        lambda: services.twinning_review_record(
            actor=request.user, agreement=agreement, **form.cleaned_data
        ),
    ):
        messages.success(request, _("The twinning is closed; its review is in the library."))
        return redirect("exchange:twinning_pair", twinning_pair_id=pair.pk)
    return _pair_page(request, pair, review_form=form)


@login_required
@require_GET
def twinning_library(request: HttpRequest) -> HttpResponse:
    if not may_use_exchange(request.user):
        raise Http404
    form = TwinningLibraryForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    reviews = services.library(
        query=filters.get("q", ""),
        pair_kind=filters.get("pair_kind", ""),
        topic=filters.get("topic", ""),
    )
    page = Paginator(reviews, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "exchange/twinning_library.html",
        {"form": form, "page": page},
    )
