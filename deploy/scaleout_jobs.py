"""Jobs for the scale-out demo (deploy/demo_scaleout.sh), run with the demo's settings.

    python deploy/scaleout_jobs.py setup          # a programme, households, an exchange
    python deploy/scaleout_jobs.py enqueue N      # N placement runs + N matching jobs
    python deploy/scaleout_jobs.py wait IDS.json  # wait; print which worker ran each

The jobs go through django-tasks (`run_solve_task`, `matches_compute_task`), so with
WELCOMEHUB_TASKS_BACKEND=rq they land on the Redis queue and any worker takes them.
"""

from __future__ import annotations

import datetime
import json
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
DEMO_PASSWORD = "scale-Out-passphrase-42"  # noqa: S105  (demo database only)


def setup() -> dict[str, Any]:
    from welcomehub.accounts import services as accounts
    from welcomehub.accounts.models import Organisation
    from welcomehub.exchange import services as exchange
    from welcomehub.people import services as people
    from welcomehub.placement import services as placement
    from welcomehub.programmes import services as programmes

    if Organisation.objects.filter(name="Scale-out Network").exists():
        return {"created": False}
    org = accounts.organisation_create(
        actor=None, name="Scale-out Network", org_type="ngo", country="PT"
    )
    partner = accounts.organisation_create(
        actor=None, name="Scale-out Partner", org_type="refugee_led", country="PT"
    )
    country = programmes.place_create(actor=None, name="Portugal", kind="country", country="PT")
    places = [
        programmes.place_create(
            actor=None, name=name, kind="municipality", country="PT", parent=country
        )
        for name in ("Lisboa", "Porto", "Braga", "Coimbra")
    ]
    programme = programmes.programme_create(
        actor=None,
        name="Scale-out programme",
        kind="national",
        country="PT",
        area=country,
        lead=org,
        places=places,
    )
    coordinator = accounts.user_create(
        actor=None, username="scale-coordinator", password=DEMO_PASSWORD
    )
    accounts.membership_add(actor=None, user=coordinator, organisation=org, role_code="coordinator")
    for place in places:
        placement.location_create(
            actor=coordinator,
            programme=programme,
            place=place,
            period="",
            capacity_persons=60,
            capacity_school_places=20,
            capacity_medical_cases=10,
            services=["medical"],
            languages=["ar"],
        )
    for n in range(60):
        household = people.household_create(
            actor=None,
            organisation=org,
            programme=programme,
            pathway="resettlement",
            status="awaiting_arrival",
            nationality=("SY", "AF", "UA", "SD")[n % 4],
            languages=["ar"],
            needs=["medical"] if n % 7 == 0 else [],
        )
        people.person_create(
            actor=None,
            household=household,
            given_name=f"Head {n}",
            sex=("female", "male")[n % 2],
            relationship="head",
        )
    survey_round = exchange.round_open(
        actor=coordinator,
        organisation=org,
        title="Scale-out exchange",
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2027, 8, 31),
        questionnaire_version="1",
        invited=[org, partner],
    )
    topics = ["housing", "language", "employment", "health"]
    for answer in survey_round.answers.select_related("organisation"):
        focal_point = accounts.user_create(
            actor=None,
            username=f"scale-focal-{answer.organisation_id}",
            password=DEMO_PASSWORD,
        )
        accounts.membership_add(
            actor=None,
            user=focal_point,
            organisation=answer.organisation,
            role_code="focal_point",
        )
        for n in range(20):
            exchange.need_add(
                actor=focal_point,
                answer=answer,
                topics=[topics[n % 4]],
                languages=["pt"],
                description=f"Need {n} of {answer.organisation.name}",
            )
            exchange.offer_add(
                actor=focal_point,
                answer=answer,
                kind="training",
                topics=[topics[(n + 1) % 4]],
                languages=["pt"],
                description=f"Offer {n} of {answer.organisation.name}",
            )
        exchange.answer_submit(actor=focal_point, answer=answer)
    return {"created": True, "programme_id": programme.pk, "round_id": survey_round.pk}


def enqueue(count: int) -> dict[str, Any]:
    from welcomehub.accounts.models import User
    from welcomehub.exchange.models import SurveyRound
    from welcomehub.exchange.tasks import matches_compute_task
    from welcomehub.placement import services as placement
    from welcomehub.placement.tasks import run_solve_task
    from welcomehub.programmes.models import Programme

    programme = Programme.objects.get(name="Scale-out programme")
    survey_round = SurveyRound.objects.get(title="Scale-out exchange")
    coordinator = User.objects.get(username="scale-coordinator")
    jobs = []
    for _ in range(count):
        run = placement.run_start(actor=coordinator, programme=programme, time_limit=3)
        result = run_solve_task.enqueue(run.pk)
        jobs.append({"kind": "placement", "run_id": run.pk, "id": result.id})
        jobs.append({"kind": "matching", "id": matches_compute_task.enqueue(survey_round.pk).id})
    return {"jobs": jobs}


def wait(jobs: list[dict[str, Any]], seconds: float = 300) -> dict[str, Any]:
    import django_rq
    from django_tasks import default_task_backend
    from rq.job import Job

    deadline = time.monotonic() + seconds
    pending = list(jobs)
    while pending and time.monotonic() < deadline:
        pending = [
            j
            for j in pending
            if default_task_backend.get_result(j["id"]).status not in ("SUCCESSFUL", "FAILED")
        ]
        time.sleep(1)
    connection = django_rq.get_connection()
    by_worker: dict[str, dict[str, int]] = {}
    statuses: dict[str, int] = {}
    for j in jobs:
        status = str(default_task_backend.get_result(j["id"]).status)
        statuses[status] = statuses.get(status, 0) + 1
        worker = Job.fetch(j["id"], connection=connection).worker_name or "?"
        counts = by_worker.setdefault(worker, {})
        counts[j["kind"]] = counts.get(j["kind"], 0) + 1
    return {"statuses": statuses, "by_worker": by_worker, "unfinished": len(pending)}


def main() -> None:
    import django

    django.setup()
    step = sys.argv[1]
    if step == "setup":
        from django.db import transaction

        with transaction.atomic():
            out = setup()
    elif step == "enqueue":
        out = enqueue(int(sys.argv[2]))
    else:
        out = wait(json.loads(Path(sys.argv[2]).read_text())["jobs"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
