"""Writes for programmes: places, programmes, partners and responsibilities."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.core.audit import audit_record
from welcomehub.core.models import AuditAction
from welcomehub.programmes.models import Place, Programme, ProgrammePartner, Responsibility

LEAD_ROLE = "lead"


@transaction.atomic
def place_create(
    *, actor: Any, name: str, kind: str, country: str, parent: Place | None = None
) -> Place:
    place = Place(name=name, kind=kind, country=country, parent=parent)
    place.full_clean()
    place.save()
    audit_record(actor=actor, action=AuditAction.CREATE, obj=place)
    return place


@transaction.atomic
def programme_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    country: str,
    area: Place,
    lead: Organisation,
    places: list[Place],
    description: str = "",
) -> Programme:
    programme = Programme(
        name=name, kind=kind, country=country, area=area, lead=lead, description=description
    )
    programme.full_clean()
    programme.save()
    programme.places.set(places)
    ProgrammePartner.objects.create(programme=programme, organisation=lead, role=LEAD_ROLE)
    audit_record(actor=actor, action=AuditAction.CREATE, obj=programme, organisation_id=lead.pk)
    return programme


@transaction.atomic
def partner_add(
    *, actor: Any, programme: Programme, organisation: Organisation, role: str
) -> ProgrammePartner:
    # Only the organisation recorded as lead holds the "lead" role: the lead decides who
    # may change the programme, so a second "lead" partner would contradict it.
    if role == LEAD_ROLE and organisation.pk != programme.lead_id:
        raise ValidationError({"role": _("Only the lead organisation has the lead role.")})
    if ProgrammePartner.objects.filter(
        programme=programme, organisation=organisation, role=role
    ).exists():
        raise ValidationError(_("This organisation already has that role in the programme."))
    partner = ProgrammePartner(programme=programme, organisation=organisation, role=role)
    partner.full_clean()
    partner.save()
    audit_record(
        actor=actor, action=AuditAction.CREATE, obj=partner, organisation_id=programme.lead_id
    )
    return partner


def _check_responsibility(responsibility: Responsibility) -> None:
    programme = responsibility.programme
    if not programme.places.filter(pk=responsibility.place_id).exists():
        raise ValidationError({"place": _("This place is not served by the programme.")})
    partner_ids = set(programme.partners.values_list("organisation_id", flat=True))
    if responsibility.provider_id not in partner_ids:
        raise ValidationError({"provider": _("The provider must be a partner of the programme.")})


@transaction.atomic
def responsibility_create(
    *,
    actor: Any,
    programme: Programme,
    domain: str,
    place: Place,
    provider: Organisation,
    service: str,
    access: str,
    funder: Organisation | None = None,
) -> Responsibility:
    responsibility = Responsibility(
        programme=programme,
        domain=domain,
        place=place,
        provider=provider,
        funder=funder,
        service=service,
        access=access,
    )
    responsibility.full_clean()
    _check_responsibility(responsibility)
    responsibility.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=responsibility,
        organisation_id=programme.lead_id,
    )
    return responsibility


@transaction.atomic
def responsibility_delete(*, actor: Any, responsibility: Responsibility) -> None:
    audit_record(
        actor=actor,
        action=AuditAction.DELETE,
        obj=responsibility,
        organisation_id=responsibility.programme.lead_id,
    )
    responsibility.delete()
