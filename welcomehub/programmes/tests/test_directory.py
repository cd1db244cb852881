"""The services directory: entries, search and filters, public pages, exports, matrix."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import translation

from conftest import World
from welcomehub.core.models import AuditEvent
from welcomehub.programmes import directory, referrals
from welcomehub.programmes.models import Place, Service
from welcomehub.programmes.selectors import responsibility_matrix
from welcomehub.programmes.tests.support import service_of, sharing_consent

pytestmark = pytest.mark.django_db


def test_an_entry_needs_a_place_and_a_consistent_cost(world: World) -> None:
    with pytest.raises(ValidationError) as error:
        directory.service_create(
            actor=None,
            organisation=world.org_a,
            places=[],
            name="x",
            description="y",
            domain="work",
        )
    assert "places" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        service_of(world, "a", free_of_charge=True, fees="5 euros")
    assert "fees" in error.value.message_dict
    with pytest.raises(ValidationError):
        service_of(world, "a", domain="flying")
    with pytest.raises(ValidationError):
        service_of(world, "a", languages=["xx"])
    assert Service.objects.count() == 0


def test_update_records_the_changed_fields(world: World, service_b: Service) -> None:
    coordinator = world.users_b["coordinator"]
    directory.service_update(
        actor=coordinator, service=service_b, opening_hours="Tue 9-13", places=[world.other_place]
    )
    event = AuditEvent.objects.filter(object_type="programmes.service", action="update").get()
    assert event.detail == {"fields": ["opening_hours", "places"]}
    assert list(service_b.places.all()) == [world.other_place]


def test_search_and_filters(world: World) -> None:
    job = service_of(world, "b")
    health = service_of(
        world,
        "a",
        name="Family doctor registration",
        description="Help to register with a GP",
        domain="health_social_care",
        languages=["uk"],
        eligibility="Everyone newly arrived",
        free_of_charge=False,
        fees="2 euros per visit",
    )
    nationwide = directory.service_create(
        actor=None,
        organisation=world.org_a,
        places=[Place.objects.get(name="Portugal")],  # Portugal: serves Lisboa and Porto too
        name="Legal advice line",
        description="Asylum and residence questions",
        domain="rights_responsibilities",
        languages=["ar"],
    )

    def names(**filters: object) -> set[str]:
        return {s.name for s in directory.directory_search(**filters)}  # type: ignore[arg-type]

    assert names(query="doctor") == {health.name}
    assert names(query="newly arrived") == {health.name}  # eligibility is searched
    assert names(query="interviews CVs") == {job.name}  # every word must match
    assert names(domain="work") == {job.name}
    assert names(language="uk") == {health.name}
    assert names(language="ar") == {job.name, nationwide.name}
    assert names(free_only=True) == {job.name, nationwide.name}
    assert names(place=world.other_place) == {nationwide.name}
    assert names(place=world.place) == {job.name, health.name, nationwide.name}
    portugal = Place.objects.get(name="Portugal")
    assert names(place=portugal) == {job.name, health.name, nationwide.name}
    directory.service_update(actor=None, service=job, status="inactive")
    assert names(domain="work") == set()


def test_public_pages_need_no_sign_in_and_show_no_personal_data(
    world: World, service_b: Service
) -> None:
    """Anonymous visitors read the directory; a referral in it leaks nothing."""
    assert world.head_a is not None
    assert world.household_a is not None
    sharing_consent(world.head_a, world)
    referrals.referral_create(
        actor=world.users["caseworker"],
        household=world.household_a,
        service=service_b,
        persons=[world.head_a],
        shared_fields=["names"],
        barriers=[],
    )
    anonymous = Client()
    urls = [
        reverse("services:directory"),
        reverse("services:directory") + "?q=job&free=on&language=ar",
        reverse("services:detail", args=[service_b.pk]),
        reverse("services:export_csv"),
        reverse("services:export_hxl"),
        reverse("services:orientation"),
        "/api/services",
        f"/api/services/{service_b.pk}",
        "/api/orientation?language=uk",
    ]
    for url in urls:
        response = anonymous.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in ("Amal", "Haddad", world.household_a.reference, "912 345"):
            assert secret not in body, (url, secret)
    assert "Job club for newcomers" in anonymous.get(reverse("services:directory")).content.decode()


def test_directory_pages_in_arabic(world: World, service_b: Service) -> None:
    page = Client().get(reverse("services:directory"), HTTP_ACCEPT_LANGUAGE="ar")
    body = page.content.decode()
    assert 'dir="rtl"' in body
    assert "العمل" in body  # the domain label
    assert "دليل الخدمات" in body  # the page's own strings are translated
    translation.activate("en")


def test_csv_and_hxl_exports(world: World, service_b: Service) -> None:
    """Both exports carry every entry; the HXL one passes libhxl's validation even with
    costs written as text."""
    service_of(
        world, "a", name="Driving theory", domain="education", free_of_charge=False, fees="40 euros"
    )
    plain = Client().get(reverse("services:export_csv") + "?domain=work")
    rows = list(csv.reader(io.StringIO(plain.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Id", "Service", "Provider"]
    assert rows[1][1:4] == ["Job club for newcomers", "Community Partner B", ""]
    assert len(rows) == 2  # the domain filter applies to exports too
    tagged = Client().get(reverse("services:export_hxl"))
    rows = list(csv.reader(io.StringIO(tagged.content.decode("utf-8-sig"))))
    assert rows[1][:4] == ["#activity+id", "#activity+name", "#org+prov", "#org+funder"]
    assert len(rows) == 4
    assert "40 euros" in tagged.content.decode()


def test_the_directory_fills_the_matrix_beside_responsibilities(world: World) -> None:
    def cell(domain: str, place_index: int) -> list:
        matrix = responsibility_matrix(world.programme)
        row = next(r for r in matrix.rows if r.domain == domain)
        place = matrix.places[place_index]
        return [
            (getattr(i, "directory", False), i.provider.name, place.name)
            for i in row.cells[place_index]
        ]

    empty_gaps = responsibility_matrix(world.programme).gap_count
    service = service_of(world, "b", funding_note="City foundation")
    lisboa = [p.name for p in responsibility_matrix(world.programme).places].index("Lisboa")
    assert cell("work", lisboa) == [(True, "Community Partner B", "Lisboa")]
    assert responsibility_matrix(world.programme).gap_count == empty_gaps - 1
    row = next(r for r in responsibility_matrix(world.programme).rows if r.domain == "work")
    item = row.cells[lisboa][0]
    assert item.funder is not None
    assert (item.funder.name, item.access) == ("City foundation", "Walk in on Tuesdays")
    directory.service_update(actor=None, service=service, status="temporarily_closed")
    assert cell("work", lisboa) == []
    page = world.client(world.users["coordinator"]).get(
        reverse("programmes:detail", args=[world.programme.pk])
    )
    assert page.status_code == 200


def test_coordinators_keep_only_their_organisations_entries(
    world: World, service_b: Service
) -> None:
    url = reverse("services:edit", args=[service_b.pk])
    assert world.client(world.users["coordinator"]).get(url).status_code == 404
    assert world.client(world.users_b["caseworker"]).get(url).status_code == 404
    assert Client().get(url).status_code == 302
    own = world.client(world.users_b["coordinator"])
    form = {
        "name": "Job club",
        "description": "New text",
        "domain": "work",
        "places": [world.place.pk],
        "languages": ["ar"],
        "free_of_charge": "on",
        "status": "active",
        "language": "en",
    }
    assert own.post(url, form).status_code == 302
    service_b.refresh_from_db()
    assert (service_b.name, service_b.organisation_id) == ("Job club", world.org_b.pk)


def test_adding_a_service_for_another_organisation_is_refused(world: World) -> None:
    client = world.client(world.users_b["coordinator"])
    form = {
        "organisation": world.org_a.pk,
        "name": "Fake",
        "description": "x",
        "domain": "work",
        "places": [world.place.pk],
        "status": "active",
        "language": "en",
    }
    page = client.post(reverse("services:add"), form)
    assert page.status_code == 200
    assert Service.objects.count() == 0
    page = client.post(reverse("services:add"), {**form, "organisation": world.org_b.pk})
    assert page.status_code == 302
    assert Service.objects.get().organisation == world.org_b


def test_entries_read_and_search_in_the_readers_language(world: World, service_b: Service) -> None:
    """An Arabic translation is shown to Arabic readers and found by Arabic words; other
    readers keep the entry's own text, and empty fields fall back to it."""
    directory.service_translation_save(
        actor=world.users_b["coordinator"],
        service=service_b,
        language="ar",
        name="نادي العمل للقادمين الجدد",
        description="مساعدة أسبوعية في السيرة الذاتية والبحث عن عمل.",
        eligibility="",
    )
    assert {s.name for s in directory.directory_search(query="السيرة")} == {service_b.name}
    arabic = Client().get(
        reverse("services:detail", args=[service_b.pk]), HTTP_ACCEPT_LANGUAGE="ar"
    )
    body = arabic.content.decode()
    assert "نادي العمل للقادمين الجدد" in body
    assert "Adults with a residence permit" in body  # eligibility not translated
    english = Client().get(reverse("services:directory")).content.decode()
    assert "Job club for newcomers" in english
    assert "نادي" not in english
    event = AuditEvent.objects.get(object_type="programmes.servicetranslation")
    assert event.detail == {"service": service_b.pk, "language": "ar"}
    translation.activate("en")


def test_only_the_provider_translates_its_entry(world: World, service_b: Service) -> None:
    url = reverse("services:translate", args=[service_b.pk]) + "?language=uk"
    form = {"language": "uk", "name": "Клуб", "description": "Опис"}
    assert world.client(world.users["coordinator"]).post(url, form).status_code == 404
    assert not service_b.translations.exists()
    assert world.client(world.users_b["coordinator"]).post(url, form).status_code == 302
    assert service_b.translations.get().name == "Клуб"
    bad = world.client(world.users_b["coordinator"]).post(url, {**form, "language": "xx"})
    assert bad.status_code == 200
    assert service_b.translations.count() == 1


def test_a_translation_is_outdated_once_the_entry_text_changes(
    world: World, service_b: Service
) -> None:
    directory.service_translation_save(
        actor=None, service=service_b, language="uk", name="Клуб", description="Опис"
    )
    service_b.refresh_from_db()
    assert not directory.localised(service_b, "uk").outdated
    directory.service_update(actor=None, service=service_b, opening_hours="Tue 9-13")
    service_b.refresh_from_db()
    assert not directory.localised(service_b, "uk").outdated  # not a translated text
    directory.service_update(actor=None, service=service_b, description="New weekly times")
    service_b.refresh_from_db()
    assert directory.localised(service_b, "uk").outdated
    directory.service_translation_save(
        actor=None, service=service_b, language="uk", name="Клуб", description="Новий опис"
    )
    service_b.refresh_from_db()
    assert not directory.localised(service_b, "uk").outdated


def test_the_translation_page_marks_outdated_languages(world: World, service_b: Service) -> None:
    directory.service_translation_save(
        actor=None, service=service_b, language="fr", name="Club", description="Texte"
    )
    directory.service_update(actor=None, service=service_b, name="Job club")
    client = world.client(world.users_b["coordinator"])
    page = client.get(reverse("services:translate", args=[service_b.pk])).content.decode()
    assert "btn-warning" in page
    assert "(Outdated)" in page
