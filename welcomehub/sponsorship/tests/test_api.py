"""The sponsorship API: group-level facts for overseers and members, nothing for others."""

from __future__ import annotations

from conftest import World
from welcomehub.sponsorship.tests.support import Sponsoring


def test_overseer_lists_groups_and_due_checkins(world: World, sponsoring: Sponsoring) -> None:
    client = world.client(world.users["coordinator"])
    groups = client.get("/api/sponsorship/groups").json()
    by_name = {g["name"]: g for g in groups}
    assert by_name["Lisboa Welcome"]["ready"] is True
    assert by_name["Lisboa Welcome"]["sponsorships"] == 1
    assert float(by_name["Lisboa Welcome"]["funds_committed"]) == 1200
    due = client.get("/api/sponsorship/checkins/due").json()
    assert [(c["day"], c["overdue"]) for c in due] == [(30, True)]
    assert "Beatriz" not in str(groups)


def test_others_see_nothing_of_a(world: World, sponsoring: Sponsoring) -> None:
    assert world.client(world.users_b["coordinator"]).get("/api/sponsorship/groups").json() == []
    assert world.client(world.users_b["sponsor"]).get("/api/sponsorship/mine").json() == []
    assert world.client(world.users["caseworker"]).get("/api/sponsorship/groups").status_code == 404
    mine = world.client(world.users["sponsor"]).get("/api/sponsorship/mine").json()
    assert [g["name"] for g in mine] == ["Lisboa Welcome"]
