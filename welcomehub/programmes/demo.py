"""The demo's services directory, referrals and orientation (data/demo_services.json,
invented): services of eleven organisations in several languages, referrals in every
status between the Lisboa NGO and Porto, and orientation articles translated into some
languages, outdated in some and missing in others."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

from welcomehub.accounts.models import Organisation, User
from welcomehub.core.demo import DemoWorld
from welcomehub.core.models import AuditChannel
from welcomehub.people import services as people
from welcomehub.people.models import Household, Person
from welcomehub.people.selectors import consent_is_active
from welcomehub.programmes import directory, orientation, referrals
from welcomehub.programmes.models import Referral, Service

DATA = Path(__file__).resolve().parent / "data" / "demo_services.json"
SYSTEM = AuditChannel.SYSTEM


def load(world: DemoWorld) -> None:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    services = {spec["name"]: _service(world, spec) for spec in data["services"]}
    made = _referrals(world, services)
    coordinator = world.users["demo-coordinator"]
    for spec in data["articles"]:
        _article(world, coordinator, spec)
    world.say(
        f"Services: {len(services)} in the directory, {made} referrals, "
        f"{len(data['articles'])} orientation articles."
    )


def _service(world: DemoWorld, spec: dict[str, Any]) -> Service:
    skip = ("organisation", "places", "funder", "translations")
    fields = {k: v for k, v in spec.items() if k not in skip}
    service = directory.service_create(
        actor=None,
        organisation=world.organisations[spec["organisation"]],
        places=[world.places[name] for name in spec["places"]],
        funder=world.organisations[spec["funder"]] if spec.get("funder") else None,
        channel=SYSTEM,
        **fields,
    )
    for language, texts in spec.get("translations", {}).items():
        directory.service_translation_save(
            actor=None, service=service, language=language, channel=SYSTEM, **texts
        )
    return service


def _heads(organisation: Organisation, count: int) -> list[tuple[Household, Person]]:
    """Heads of households of the caseload who are adults, oldest records first."""
    heads = Person.objects.filter(
        household__organisation=organisation,
        household__status__in=["arrived", "settled"],
        household__programme__name__startswith="Portugal",
        relationship="head",
        user__isnull=True,
    ).select_related("household")
    return [(person.household, person) for person in heads.order_by("id")[:count]]


def _consent(person: Person, partner: Organisation) -> None:
    if not consent_is_active(person=person, purpose="sharing", partner_id=partner.pk):
        people.consent_record(
            actor=None,
            person=person,
            purpose="sharing",
            method="written",
            partner=partner,
            channel=SYSTEM,
        )


def _refer(
    caseworker: User,
    household: Household,
    head: Person,
    service: Service,
    *,
    fields: list[str],
    barriers: list[str],
    override: str = "",
) -> Referral:
    if not override:
        _consent(head, service.organisation)
    return referrals.referral_create(
        actor=caseworker,
        household=household,
        service=service,
        persons=[head],
        shared_fields=fields,
        barriers=barriers,
        note="",
        override_reason=override,
        channel=SYSTEM,
    )


def _referrals(world: DemoWorld, services: dict[str, Service]) -> int:
    """Lisboa's NGO refers to Porto's housing desk and to providers without a
    caseworker on the demo; Porto refers to the NGO's job club and legal line."""
    ngo, porto = world.organisations["pt_ngo"], world.organisations["porto"]
    ngo_worker, porto_worker = world.caseworkers["pt_ngo"], world.caseworkers["porto"]
    health = services["Family doctor registration and first health check"]
    candidates = _heads(ngo, 12)
    # The override is shown for a family that has not consented to sharing with the centre.
    unconsented = next(
        pair
        for pair in candidates
        if not consent_is_active(
            person=pair[1], purpose="sharing", partner_id=health.organisation_id
        )
    )
    lisboa_heads = [pair for pair in candidates if pair != unconsented][:3]
    lisboa_heads.insert(2, unconsented)
    porto_heads = _heads(porto, 2)
    housing = services["Housing advice desk"]
    later = world.today + datetime.timedelta(days=21)
    move = referrals.referral_move

    household, head = lisboa_heads[0]
    sent = _refer(
        ngo_worker,
        household,
        head,
        housing,
        fields=["household_size", "languages"],
        barriers=["transport", "interpretation"],
    )
    move(actor=porto_worker, referral=sent, status="accepted", due_date=later, channel=SYSTEM)
    household, head = lisboa_heads[1]
    sent = _refer(
        ngo_worker, household, head, housing, fields=["household_size"], barriers=["childcare"]
    )
    move(
        actor=porto_worker,
        referral=sent,
        status="declined",
        reason="Only for residents of Porto; please use the Lisboa migrant support desk.",
        channel=SYSTEM,
    )
    household, head = lisboa_heads[2]
    _refer(
        ngo_worker,
        household,
        head,
        health,
        fields=["languages", "needs", "names", "ages"],
        barriers=["interpretation"],
        override=(
            "Urgent health check after a long journey; the family could not be reached "
            "to sign the sharing consent before the appointment."
        ),
    )
    household, head = lisboa_heads[3]
    _refer(
        ngo_worker,
        household,
        head,
        services["Portuguese for speakers of other languages"],
        fields=["languages", "names"],
        barriers=["childcare"],
    )

    household, head = porto_heads[0]
    sent = _refer(
        porto_worker,
        household,
        head,
        services["Job club and CV clinic"],
        fields=["languages", "names", "contact"],
        barriers=["transport"],
    )
    move(actor=ngo_worker, referral=sent, status="accepted", due_date=later, channel=SYSTEM)
    move(
        actor=ngo_worker,
        referral=sent,
        status="completed",
        outcome="CV written in Portuguese; two interviews arranged.",
        channel=SYSTEM,
    )
    household, head = porto_heads[1]
    _refer(
        porto_worker,
        household,
        head,
        services["Legal advice line"],
        fields=["nationality", "languages"],
        barriers=["interpretation", "digital_access"],
    )
    return len(lisboa_heads) + len(porto_heads)


def _article(world: DemoWorld, coordinator: User, spec: dict[str, Any]) -> None:
    texts = spec["texts"]
    title, body = texts["en"]
    article = orientation.article_create(
        actor=coordinator,
        organisation=world.organisations[spec["organisation"]],
        slug=spec["slug"],
        topic=spec["topic"],
        source_language="en",
        title=title,
        body=body,
        channel=SYSTEM,
    )
    for language, (title, body) in texts.items():
        if language != "en":
            orientation.text_save(
                actor=coordinator,
                article=article,
                language=language,
                title=title,
                body=body,
                channel=SYSTEM,
            )
    # A revised source leaves the translations made before it outdated.
    if "update" in spec:
        title, body = spec["update"]
        orientation.text_save(
            actor=coordinator,
            article=article,
            language="en",
            title=title,
            body=body,
            channel=SYSTEM,
        )
    for language, (title, body) in spec.get("after_update", {}).items():
        orientation.text_save(
            actor=coordinator,
            article=article,
            language=language,
            title=title,
            body=body,
            channel=SYSTEM,
        )
