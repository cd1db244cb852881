"""The services directory: writes and reads of `Service` entries (Open Referral HSDS).

The directory is public: nothing here touches a person. It also fills the programme's
"who does what where" matrix: an open service of a domain in a place is a provider in
that cell, beside the responsibilities a coordinator records by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from welcomehub.accounts.models import Organisation
from welcomehub.core import taxonomy
from welcomehub.core.audit import audit_record, changed_fields
from welcomehub.core.models import AuditAction, AuditChannel
from welcomehub.programmes.models import Place, Programme, Service, ServiceTranslation
from welcomehub.reports.tables import Table

SERVICE_FIELDS = (
    "name",
    "description",
    "domain",
    "languages",
    "interpretation",
    "eligibility",
    "how_to_apply",
    "documents_required",
    "free_of_charge",
    "fees",
    "opening_hours",
    "accessibility",
    "funder",
    "funding_note",
    "address",
    "phone",
    "email",
    "website",
    "status",
    "language",
)
TRANSLATED = ("name", "description", "eligibility", "how_to_apply", "documents_required")


def _check(service: Service, places: list[Place]) -> None:
    if not places:
        raise ValidationError({"places": _("Name at least one place the service serves.")})
    if service.funder_id and service.funding_note:
        raise ValidationError(
            {"funding_note": _("Name the funder either from the list or as text, not both.")}
        )
    if service.free_of_charge and service.fees:
        raise ValidationError({"fees": _("A free service has no cost to describe.")})


@transaction.atomic
def service_create(
    *,
    actor: Any,
    organisation: Organisation,
    places: list[Place],
    channel: str = AuditChannel.WEB,
    **fields: Any,
) -> Service:
    unknown = sorted(set(fields) - set(SERVICE_FIELDS))
    if unknown:
        raise TypeError(f"unknown service fields: {unknown}")
    service = Service(organisation=organisation, texts_changed_at=timezone.now(), **fields)
    service.full_clean()
    _check(service, places)
    service.save()
    service.places.set(places)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        obj=service,
        organisation_id=organisation.pk,
        channel=channel,
    )
    return service


@transaction.atomic
def service_update(
    *,
    actor: Any,
    service: Service,
    places: list[Place] | None = None,
    channel: str = AuditChannel.WEB,
    **changes: Any,
) -> Service:
    unknown = sorted(set(changes) - set(SERVICE_FIELDS))
    if unknown:
        raise TypeError(f"unknown service fields: {unknown}")
    before = {name: getattr(service, name) for name in changes}
    for name, value in changes.items():
        setattr(service, name, value)
    changed = changed_fields(before, changes)
    if set(changed) & set(TRANSLATED):
        service.texts_changed_at = timezone.now()
    service.full_clean()
    new_places = list(service.places.all()) if places is None else places
    _check(service, new_places)
    service.save()
    if places is not None and {p.pk for p in places} != set(
        service.places.values_list("pk", flat=True)
    ):
        service.places.set(places)
        changed.append("places")
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        obj=service,
        organisation_id=service.organisation_id,
        channel=channel,
        detail={"fields": sorted(changed)},
    )
    return service


@transaction.atomic
def service_translation_save(
    *,
    actor: Any,
    service: Service,
    language: str,
    channel: str = AuditChannel.WEB,
    **texts: str,
) -> ServiceTranslation:
    """Write (or rewrite) the entry's texts in one interface language."""
    unknown = sorted(set(texts) - set(TRANSLATED))
    if unknown:
        raise TypeError(f"unknown translated fields: {unknown}")
    translation = ServiceTranslation.objects.filter(service=service, language=language).first()
    created = translation is None
    translation = translation or ServiceTranslation(service=service, language=language)
    for name, value in texts.items():
        setattr(translation, name, value.strip())
    translation.full_clean()
    translation.save()
    audit_record(
        actor=actor,
        action=AuditAction.CREATE if created else AuditAction.UPDATE,
        obj=translation,
        organisation_id=service.organisation_id,
        channel=channel,
        detail={"service": service.pk, "language": language},
    )
    return translation


@dataclass
class Localised:
    """An entry's texts as a reader of one language sees them."""

    name: str
    description: str
    eligibility: str
    how_to_apply: str
    documents_required: str
    translated: bool
    outdated: bool = False  # the entry's own text changed after the translation


def localised(service: Service, language: str) -> Localised:
    """The entry in `language` where its provider translated it (or, for "fr-ca", its
    base language), field by field falling back to the entry's own text."""
    wanted = {language, language.split("-")[0]}
    found = next((t for t in service.translations.all() if t.language in wanted), None)
    values = {
        name: (getattr(found, name) if found else "") or getattr(service, name)
        for name in TRANSLATED
    }
    changed = service.texts_changed_at
    return Localised(
        **values,
        translated=found is not None,
        outdated=bool(found and changed and found.updated_at < changed),
    )


def with_localised(services: Any, language: str) -> list[Service]:
    """The services, each carrying `.shown`: its texts in the reader's language."""
    result = list(services)
    for service in result:
        service.shown = localised(service, language)
    return result


def _with_ancestors(place: Place) -> list[int]:
    """The place and every place that contains it: a country-wide service serves a city."""
    ids: list[int] = []
    current: Place | None = place
    while current is not None and current.pk not in ids:
        ids.append(current.pk)
        current = current.parent
    return ids


def _descendants(place: Place) -> list[int]:
    """Places inside this one: a search in a country finds its cities' services."""
    found: list[int] = []
    level = [place.pk]
    while level:
        level = list(
            Place.objects.filter(parent_id__in=level)
            .exclude(pk__in=found)
            .values_list("pk", flat=True)
        )
        found += level
    return found


def directory_search(
    *,
    query: str = "",
    domain: str = "",
    place: Place | None = None,
    language: str = "",
    free_only: bool = False,
    include_closed: bool = False,
) -> QuerySet[Service]:
    """The directory's entries matching every word of the query and every filter."""
    # NUL never belongs to a search and PostgreSQL refuses it in any text comparison.
    query, domain, language = (text.replace("\x00", "") for text in (query, domain, language))
    services = Service.objects.select_related("organisation", "funder").prefetch_related(
        "places", "translations"
    )
    if not include_closed:
        services = services.exclude(status="inactive")
    for word in query.split()[:10]:
        services = services.filter(
            Q(name__icontains=word)
            | Q(description__icontains=word)
            | Q(eligibility__icontains=word)
            | Q(translations__name__icontains=word)
            | Q(translations__description__icontains=word)
            | Q(translations__eligibility__icontains=word)
        )
    if domain:
        services = services.filter(domain=domain)
    if place is not None:
        services = services.filter(places__in=_with_ancestors(place) + _descendants(place))
    if language:
        # JSON lists: match the quoted code so "ar" does not match "arc".
        services = services.filter(languages__icontains=f'"{language}"')
    if free_only:
        services = services.filter(free_of_charge=True)
    return services.distinct().order_by("name", "id")


def services_of(organisation_ids: set[int]) -> QuerySet[Service]:
    return (
        Service.objects.filter(organisation_id__in=organisation_ids)
        .select_related("organisation", "funder")
        .prefetch_related("places", "translations")
        .order_by("organisation__name", "name")
    )


def directory_table(services: QuerySet[Service]) -> Table:
    """The directory as a table for CSV and HXL exports (3W tags: who, what, where)."""
    rows = [
        [
            service.pk,
            service.name,
            service.organisation.name,
            service.funded_by,
            taxonomy.label("integration_domains", service.domain),
            "; ".join(place.name for place in service.places.all()),
            "; ".join(service.languages),
            service.interpretation,
            service.eligibility,
            service.how_to_apply,
            service.documents_required,
            "" if service.free_of_charge else (service.fees or _("Not free")),
            service.opening_hours,
            service.accessibility,
            service.address,
            service.phone,
            service.email,
            service.website,
            taxonomy.label("service_statuses", service.status),
        ]
        for service in services
    ]
    return Table(
        title=_("Services directory"),
        columns=[
            _("Id"),
            _("Service"),
            _("Provider"),
            _("Funded by"),
            _("Integration domain"),
            _("Places served"),
            _("Languages"),
            _("Interpretation"),
            _("Who can use it"),
            _("How to apply"),
            _("Documents to bring"),
            _("Cost"),
            _("Opening hours"),
            _("Accessibility"),
            _("Address"),
            _("Phone"),
            _("E-mail"),
            _("Website"),
            _("Status"),
        ],
        hxl=[
            "#activity+id",
            "#activity+name",
            "#org+prov",
            "#org+funder",
            "#sector",
            "#loc+name",
            "#meta+languages",
            "#meta+interpretation",
            "#meta+eligibility",
            "#meta+access",
            "#meta+documents",
            "#meta+cost",
            "#meta+hours",
            "#meta+accessibility",
            "#loc+address",
            "#contact+phone",
            "#contact+email",
            "#contact+url",
            "#status",
        ],
        rows=rows,
        note=_("Public directory of services: organisations' contacts only, no personal data."),
    )


@dataclass
class DirectoryCell:
    """A directory entry as a cell item of the who-does-what-where matrix; it answers
    to the same names as a Responsibility so the matrix shows both alike."""

    entry: Service
    directory: bool = True

    @property
    def provider(self) -> Organisation:
        return self.entry.organisation

    @property
    def funder(self) -> Any:
        return self.entry.funder or (
            _FunderText(self.entry.funding_note) if self.entry.funding_note else None
        )

    @property
    def service(self) -> str:
        return self.entry.name

    @property
    def access(self) -> str:
        return self.entry.how_to_apply or self.entry.eligibility


@dataclass
class _FunderText:
    name: str


def matrix_entries(programme: Programme) -> list[tuple[str, int, DirectoryCell]]:
    """(domain, place id, cell item) for every open service in a place the programme
    serves, or in a place containing it."""
    places = list(programme.places.select_related("parent__parent__parent"))
    covers: dict[int, list[int]] = {}
    for place in places:
        for ancestor in _with_ancestors(place):
            covers.setdefault(ancestor, []).append(place.pk)
    found = (
        Service.objects.filter(status="active", places__in=list(covers))
        .select_related("organisation", "funder")
        .prefetch_related("places")
        .distinct()
    )
    entries = []
    for service in found:
        served = {pk for place in service.places.all() for pk in covers.get(place.pk, [])}
        entries += [(service.domain, pk, DirectoryCell(service)) for pk in sorted(served)]
    return entries
