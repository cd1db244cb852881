from conftest import World


def test_world_builds_through_services(world: World) -> None:
    """The shared world has both caseloads, each with its head of household."""
    assert world.household_a is not None
    assert world.household_b is not None
    assert world.household_a.members.count() == 2
    assert world.household_b.organisation_id == world.org_b.pk
