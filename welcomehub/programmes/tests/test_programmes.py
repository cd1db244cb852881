"""Programmes: the who-does-what-where matrix, who may see and change a programme, and
its API."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import ValidationError

from conftest import PASSWORD, World
from welcomehub.accounts import services as accounts
from welcomehub.accounts.models import Organisation, User
from welcomehub.core import taxonomy
from welcomehub.core.models import AuditAction, AuditEvent
from welcomehub.programmes import selectors, services
from welcomehub.programmes.models import Place, Responsibility


@pytest.fixture
def outsider(world: World) -> User:
    """A coordinator of a third organisation that takes part in no programme of the world."""
    organisation = accounts.organisation_create(
        actor=None, name="Outside Organisation C", org_type="ngo", country="ES"
    )
    user = accounts.user_create(actor=None, username="c-coordinator", password=PASSWORD)
    accounts.membership_add(
        actor=None, user=user, organisation=organisation, role_code="coordinator"
    )
    return user


def _add(world: World, **changes: Any) -> Responsibility:
    spec: dict[str, Any] = {
        "actor": world.users["coordinator"],
        "programme": world.programme,
        "domain": "work",
        "place": world.place,
        "provider": world.org_b,
        "funder": world.org_a,
        "service": "Job coaching",
        "access": "Referral by caseworker",
    }
    spec.update(changes)
    return services.responsibility_create(**spec)


def _page(world: World) -> str:
    return f"/programmes/{world.programme.pk}/"


def _add_url(world: World) -> str:
    return f"/programmes/{world.programme.pk}/responsibilities/add/"


def _form(world: World, **changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "domain": "housing",
        "place": world.other_place.pk,
        "provider": world.org_a.pk,
        "funder": "",
        "service": "Housing search",
        "access": "Drop-in on Tuesdays",
    }
    data.update(changes)
    return data


# The matrix


def test_empty_matrix_is_all_gaps(world: World) -> None:
    """A programme without responsibilities has one row per integration domain, one column
    per place it serves, and every cell is a gap."""
    matrix = selectors.responsibility_matrix(world.programme)
    assert len(matrix.rows) == 14
    assert [row.domain for row in matrix.rows] == taxonomy.codes("integration_domains")
    assert [place.name for place in matrix.places] == ["Lisboa", "Porto"]
    assert all(len(row.cells) == 2 for row in matrix.rows)
    assert matrix.cell_count == 28
    assert matrix.gap_count == 28


def test_responsibilities_fill_their_cells(world: World) -> None:
    """Each responsibility appears in its domain's row under its place; two in one cell
    fill one gap."""
    first = _add(world)
    second = _add(world, provider=world.org_a, service="CV workshop")
    third = _add(world, domain="health_social_care", place=world.other_place)
    matrix = selectors.responsibility_matrix(world.programme)
    rows = {row.domain: row for row in matrix.rows}
    assert rows["work"].cells[0] == [first, second] or rows["work"].cells[0] == [second, first]
    assert rows["work"].cells[1] == []
    assert rows["health_social_care"].cells == [[], [third]]
    assert rows["work"].gaps == 1
    assert matrix.gap_count == 26


def test_matrix_ignores_other_programmes(world: World) -> None:
    """Responsibilities of another programme do not fill this programme's cells."""
    other = services.programme_create(
        actor=None,
        name="Local programme",
        kind="local",
        country="PT",
        area=world.place,
        lead=world.org_b,
        places=[world.place],
    )
    services.responsibility_create(
        actor=None,
        programme=other,
        domain="work",
        place=world.place,
        provider=world.org_b,
        service="x",
        access="y",
    )
    assert selectors.responsibility_matrix(world.programme).gap_count == 28


def test_matrix_labels_follow_the_language(world: World) -> None:
    """Row labels are shown in the active language."""
    from django.utils.translation import override

    with override("fr"):
        matrix = selectors.responsibility_matrix(world.programme)
    assert matrix.rows[0].label == "Travail"


# Services


def test_service_refuses_a_provider_outside_the_programme(world: World, outsider: User) -> None:
    """Only a partner of the programme can provide one of its services."""
    with pytest.raises(ValidationError) as caught:
        _add(world, provider=Organisation.objects.get(name="Outside Organisation C"))
    assert "provider" in caught.value.message_dict
    assert not Responsibility.objects.exists()


def test_service_refuses_a_place_not_served(world: World) -> None:
    """A responsibility must be in a place the programme serves."""
    faro = services.place_create(actor=None, name="Faro", kind="municipality", country="PT")
    with pytest.raises(ValidationError) as caught:
        _add(world, place=faro)
    assert "place" in caught.value.message_dict


def test_service_refuses_an_unknown_domain(world: World) -> None:
    """The domain must be one of the 14 integration domains."""
    with pytest.raises(ValidationError) as caught:
        _add(world, domain="flying")
    assert "domain" in caught.value.message_dict


def test_partner_cannot_be_added_twice_in_one_role(world: World) -> None:
    """The same organisation cannot hold the same role in a programme twice."""
    with pytest.raises(ValidationError):
        services.partner_add(
            actor=None, programme=world.programme, organisation=world.org_b, role="implementing"
        )


# Pages


def test_coordinator_sees_partners_and_gaps(world: World) -> None:
    """The lead's coordinator sees the partners and the matrix, gaps marked "Gap"."""
    response = world.client(world.users["coordinator"]).get(_page(world))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Welcome Network A" in content
    assert "Community Partner B" in content
    assert "Gap" in content
    assert "28 gaps out of 28 cells" in content
    assert response.context["may_manage"] is True


def test_programme_list_shows_own_programmes(world: World, outsider: User) -> None:
    """The programme list shows the programmes of the user's organisations and no others."""
    listed = world.client(world.users["coordinator"]).get("/programmes/").context["programmes"]
    assert list(listed) == [world.programme]
    outside = world.client(outsider).get("/programmes/")
    assert list(outside.context["programmes"]) == []


def test_outsider_gets_404(world: World, outsider: User) -> None:
    """A coordinator of an organisation outside the programme does not learn it exists."""
    client = world.client(outsider)
    assert client.get(_page(world)).status_code == 404
    assert client.post(_add_url(world), _form(world)).status_code == 404
    assert not Responsibility.objects.exists()


def test_anonymous_is_sent_to_sign_in(world: World) -> None:
    """Anonymous visitors are redirected to sign in."""
    response = world.client(None).get(_page(world))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_coordinator_adds_a_responsibility(world: World) -> None:
    """The lead's coordinator adds a responsibility: it fills its cell and is audited."""
    response = world.client(world.users["coordinator"]).post(_add_url(world), _form(world))
    assert response.status_code == 302
    item = Responsibility.objects.get()
    assert (item.domain, item.place, item.provider, item.funder) == (
        "housing",
        world.other_place,
        world.org_a,
        None,
    )
    assert AuditEvent.objects.filter(
        action=AuditAction.CREATE,
        object_type="programmes.responsibility",
        object_id=str(item.pk),
        actor=world.users["coordinator"],
    ).exists()
    assert selectors.responsibility_matrix(world.programme).gap_count == 27


def test_coordinator_deletes_a_responsibility(world: World) -> None:
    """The lead's coordinator removes a responsibility; the removal is audited."""
    item = _add(world)
    url = f"/programmes/{world.programme.pk}/responsibilities/{item.pk}/delete/"
    assert world.client(world.users["coordinator"]).post(url).status_code == 302
    assert not Responsibility.objects.exists()
    assert AuditEvent.objects.filter(
        action=AuditAction.DELETE, object_type="programmes.responsibility", object_id=str(item.pk)
    ).exists()


def test_partner_views_but_cannot_change(world: World) -> None:
    """B's coordinator (a partner, not the lead) sees the programme without forms, and a
    POST to add or delete is 404 and changes nothing."""
    item = _add(world)
    client = world.client(world.users_b["coordinator"])
    response = client.get(_page(world))
    assert response.status_code == 200
    assert response.context["may_manage"] is False
    assert "/responsibilities/add/" not in response.content.decode()
    assert client.post(_add_url(world), _form(world)).status_code == 404
    delete = f"/programmes/{world.programme.pk}/responsibilities/{item.pk}/delete/"
    assert client.post(delete).status_code == 404
    partner = f"/programmes/{world.programme.pk}/partners/add/"
    assert (
        client.post(partner, {"organisation": world.org_b.pk, "role": "funder"}).status_code == 404
    )
    assert list(Responsibility.objects.all()) == [item]
    assert world.programme.partners.count() == 2


def test_caseworker_of_the_lead_cannot_change(world: World) -> None:
    """A caseworker of the lead sees the programme but may not change it."""
    client = world.client(world.users["caseworker"])
    assert client.get(_page(world)).status_code == 200
    assert client.post(_add_url(world), _form(world)).status_code == 404
    assert not Responsibility.objects.exists()


@pytest.mark.parametrize(
    ("field", "bad"),
    [("provider", "outsider"), ("place", "faro"), ("domain", "flying")],
)
def test_bad_input_shows_an_error_and_changes_nothing(
    world: World, outsider: User, field: str, bad: str
) -> None:
    """A provider that is not a partner, a place the programme does not serve or an unknown
    domain is reported on that field and adds nothing."""
    values: dict[str, Any] = {
        "outsider": Organisation.objects.get(name="Outside Organisation C").pk,
        "faro": services.place_create(
            actor=None, name="Faro", kind="municipality", country="PT"
        ).pk,
        "flying": "flying",
    }
    client = world.client(world.users["coordinator"])
    audit_rows = AuditEvent.objects.count()
    response = client.post(_add_url(world), _form(world, **{field: values[bad]}))
    assert response.status_code == 200
    form = response.context["responsibility_form"]
    assert field in form.errors
    assert "Select a valid choice" in response.content.decode()
    assert not Responsibility.objects.exists()
    assert AuditEvent.objects.count() == audit_rows


def test_coordinator_adds_a_partner(world: World, outsider: User) -> None:
    """The lead's coordinator adds an organisation as partner; it then sees the programme."""
    third = Organisation.objects.get(name="Outside Organisation C")
    response = world.client(world.users["coordinator"]).post(
        f"/programmes/{world.programme.pk}/partners/add/",
        {"organisation": third.pk, "role": "funder"},
    )
    assert response.status_code == 302
    assert world.client(outsider).get(_page(world)).status_code == 200


# API


def test_api_lists_only_own_programmes(world: World, outsider: User) -> None:
    """GET /api/programmes lists the programmes the user's organisation takes part in."""
    body = world.client(world.users_b["coordinator"]).get("/api/programmes").json()
    assert body["count"] == 1
    assert body["items"][0]["id"] == world.programme.pk
    assert body["items"][0]["area"] == "Portugal"
    assert world.client(outsider).get("/api/programmes").json() == {"count": 0, "items": []}


def test_api_responsibilities_for_partners_only(world: World, outsider: User) -> None:
    """A partner reads the responsibilities; an outsider gets 404."""
    item = _add(world)
    url = f"/api/programmes/{world.programme.pk}/responsibilities"
    response = world.client(world.users_b["coordinator"]).get(url)
    assert response.status_code == 200
    assert response.json() == [
        {
            "id": item.pk,
            "domain": "work",
            "place_id": world.place.pk,
            "place": "Lisboa",
            "provider_id": world.org_b.pk,
            "provider": "Community Partner B",
            "funder_id": world.org_a.pk,
            "funder": "Welcome Network A",
            "service": "Job coaching",
            "access": "Referral by caseworker",
        }
    ]
    assert world.client(outsider).get(url).status_code == 404
    assert world.client(outsider).get(f"/api/programmes/{world.programme.pk}").status_code == 404


def test_api_needs_authentication(world: World) -> None:
    """Without a session or token the API answers 401."""
    client = world.client(None)
    assert client.get("/api/organisations").status_code == 401
    assert client.get("/api/programmes").status_code == 401


def test_api_lists_organisations_to_signed_in_users(world: World) -> None:
    """A signed-in user can list organisations (public facts, no people)."""
    body = world.client(world.users["volunteer"]).get("/api/organisations").json()
    assert {item["name"] for item in body["items"]} >= {"Welcome Network A", "Community Partner B"}
    assert set(body["items"][0]) == {"id", "name", "org_type", "country", "website"}


def test_place_names_are_unique_within_a_country(world: World) -> None:
    """Two places of one country cannot share a name."""
    with pytest.raises(ValidationError):
        services.place_create(actor=None, name="Lisboa", kind="municipality", country="PT")
    assert Place.objects.filter(name="Lisboa").count() == 1


def test_only_the_lead_holds_the_lead_role(world: World) -> None:
    """Another organisation cannot be made a second "lead" partner."""
    with pytest.raises(ValidationError) as caught:
        services.partner_add(
            actor=None, programme=world.programme, organisation=world.org_b, role="lead"
        )
    assert "role" in caught.value.message_dict
    assert not world.programme.partners.filter(organisation=world.org_b, role="lead").exists()
