"""Kill -9 the server and the task worker in the middle of writes, again and again, and
check that nothing acknowledged is lost, no import is half-written and every placement
run either finishes, fails visibly or can be retried.

    .venv/bin/python bench/faults/kill.py                      # scratch SQLite
    createdb -h 127.0.0.1 -U postgres welcomehub_faults   # a new, empty database
    .venv/bin/python bench/faults/kill.py --database postgresql://postgres@127.0.0.1/welcomehub_faults
    .venv/bin/python bench/faults/kill.py --rounds 8 --seed 3

What runs: `welcomehub serve` (gunicorn) and `welcomehub worker` (django-tasks database
worker) on a fresh database, each in its own process group. While they run, client
threads create households through the API (`POST /api/households`, bearer token), a
focal point imports needs and offers files into a draft exchange answer (the web form,
50 + 50 rows a file, all-or-nothing), and a placement run is queued every round for
the worker. At a random moment the script kills -9 the server's or the worker's whole
process group (or both), then restarts them.

Checks at the end:
- every household whose 201 the client received is in the database (lost = 0);
- the answer holds whole imports only (needs and offers both a multiple of 50, equal);
  every import the client saw succeed is there;
- every placement run is finished or failed; a run whose worker died mid-solve is left
  "running" by the crash, so it is retried (`run_solve_task` again) after the recovery
  of stale runs, and must then finish.

The report is printed as text and written to bench/faults/report-<sqlite|postgresql>.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
BIN = ROOT / ".venv" / "bin"
IMPORT_ROWS = 50
UNFINISHED = (None, "queued", "running")  # finished: optimal, feasible, infeasible, failed
HEADER = "id,organisation,organisation_type,country,topics,modalities,languages,description\n"


# --- inside Django: setup, enqueue, check (run as `kill.py _django <step>`) ----------------


def _django(step: str, arg: str) -> None:
    import django

    sys.path.insert(0, str(ROOT))
    django.setup()
    out: dict[str, Any]
    if step == "setup":
        out = _setup()
    elif step == "enqueue":
        out = _enqueue(json.loads(arg))
    elif step == "retry":
        out = _retry(json.loads(arg))
    else:
        out = _check(json.loads(arg))
    print("RESULT " + json.dumps(out))


def _setup() -> dict[str, Any]:
    import datetime

    from welcomehub.accounts import services as accounts
    from welcomehub.exchange import services as exchange
    from welcomehub.placement import services as placement
    from welcomehub.programmes import services as programmes

    org = accounts.organisation_create(
        actor=None, name="Fault Network", org_type="ngo", country="PT"
    )
    country = programmes.place_create(actor=None, name="Portugal", kind="country", country="PT")
    places = [
        programmes.place_create(
            actor=None, name=name, kind="municipality", country="PT", parent=country
        )
        for name in ("Lisboa", "Porto", "Braga")
    ]
    programme = programmes.programme_create(
        actor=None,
        name="Fault programme",
        kind="national",
        country="PT",
        area=country,
        lead=org,
        places=places,
    )
    password = "fault-Test-passphrase-42"  # noqa: S105  (scratch database only)
    users = {}
    for role in ("caseworker", "coordinator", "focal_point"):
        users[role] = accounts.user_create(actor=None, username=f"f-{role}", password=password)
        accounts.membership_add(actor=None, user=users[role], organisation=org, role_code=role)
    _token, raw = accounts.token_create(actor=None, user=users["caseworker"], name="faults")
    survey_round = exchange.round_open(
        actor=users["coordinator"],
        organisation=org,
        title="Fault exchange",
        period_start=datetime.date(2026, 9, 1),
        period_end=datetime.date(2027, 8, 31),
        questionnaire_version="1",
        invited=[org],
    )
    answer = survey_round.answers.get(organisation=org)
    for place in places:
        placement.location_create(
            actor=users["coordinator"],
            programme=programme,
            place=place,
            period="",
            capacity_persons=400,
            capacity_school_places=100,
            capacity_medical_cases=100,
            services=["medical"],
            languages=["ar"],
        )
    return {
        "organisation_id": org.pk,
        "programme_id": programme.pk,
        "place_id": places[0].pk,
        "token": raw,
        "focal_point": "f-focal_point",
        "password": password,
        "answer_id": answer.pk,
    }


def _enqueue(world: dict[str, Any]) -> dict[str, Any]:
    from welcomehub.accounts.models import User
    from welcomehub.placement import services as placement
    from welcomehub.placement.tasks import run_solve_task
    from welcomehub.programmes.models import Programme

    programme = Programme.objects.get(pk=world["programme_id"])
    coordinator = User.objects.get(username="f-coordinator")
    run = placement.run_start(actor=coordinator, programme=programme, time_limit=4)
    result = run_solve_task.enqueue(run.pk)
    return {"run_id": run.pk, "task_id": str(result.id)}


def _retry(world: dict[str, Any]) -> dict[str, Any]:
    """Runs left "running" by a killed worker are handed back (`run_recover_stale`) and
    queued again; with `queued`, runs still queued are queued again too (their task may
    have died with a worker before it claimed them). A second task for a run is
    harmless: only one claims it."""
    from welcomehub.placement import services as placement
    from welcomehub.placement.models import PlacementRun, RunStatus
    from welcomehub.placement.tasks import run_solve_task

    recovered = placement.run_recover_stale(older_than_seconds=0)
    again = list(recovered)
    if world.get("queued"):
        queued = PlacementRun.objects.filter(status=RunStatus.QUEUED)
        again += [pk for pk in queued.values_list("pk", flat=True) if pk not in again]
    for run_id in again:
        run_solve_task.enqueue(run_id)
    return {"recovered": recovered, "requeued": again}


def _check(expect: dict[str, Any]) -> dict[str, Any]:
    from django_tasks_db.models import DBTaskResult

    from welcomehub.exchange.models import Need, Offer
    from welcomehub.people.models import Household
    from welcomehub.placement.models import PlacementRun

    acknowledged = set(expect["households"])
    present = set(Household.objects.values_list("reference", flat=True))
    needs = Need.objects.filter(answer_id=expect["answer_id"]).count()
    offers = Offer.objects.filter(answer_id=expect["answer_id"]).count()
    runs = dict(PlacementRun.objects.values_list("pk", "status"))
    tasks: dict[str, int] = {}
    for status in DBTaskResult.objects.values_list("status", flat=True):
        tasks[status] = tasks.get(status, 0) + 1
    return {
        "households_in_database": len(present),
        "lost_households": sorted(acknowledged - present),
        "needs": needs,
        "offers": offers,
        "runs": {str(k): v for k, v in runs.items()},
        "tasks": tasks,
    }


# --- the driver -----------------------------------------------------------------------


@dataclass
class Tally:
    households: list[str] = field(default_factory=list)
    household_errors: int = 0  # no answer: the server was down or killed mid-request
    household_refused: dict[int, int] = field(default_factory=dict)  # answered, not 201
    imports_ok: int = 0
    import_errors: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Stack:
    """The server and the worker, each in its own process group."""

    def __init__(self, env: dict[str, str], port: int, log: Path) -> None:
        self.env, self.port, self.log = env, port, log
        self.server: subprocess.Popen[bytes] | None = None
        self.worker: subprocess.Popen[bytes] | None = None

    def _start(self, *args: str) -> subprocess.Popen[bytes]:
        out = self.log.open("ab")
        return subprocess.Popen(  # noqa: S603  (our own executable)
            [str(BIN / "welcomehub"), *args],
            env=self.env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def start_server(self) -> None:
        self.server = self._start(
            "serve", "--port", str(self.port), "--skip-collectstatic", "--threads", "4"
        )
        _wait_http(self.port)

    def start_worker(self) -> None:
        self.worker = self._start("worker", "--interval", "0.2", "--no-startup-delay")

    @staticmethod
    def kill(process: subprocess.Popen[bytes] | None) -> None:
        if process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop(self) -> None:
        self.kill(self.server)
        self.kill(self.worker)


def _wait_http(port: int, seconds: float = 60) -> None:
    import requests

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        try:
            requests.get(f"http://127.0.0.1:{port}/accounts/login/", timeout=2)
            return
        except requests.RequestException:
            time.sleep(0.2)
    raise SystemExit(f"the server did not answer on port {port}")


def _manage(env: dict[str, str], *args: str) -> None:
    subprocess.run(  # noqa: S603
        [str(BIN / "welcomehub"), "manage", *args],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _in_django(env: dict[str, str], step: str, arg: dict[str, Any] | None = None) -> Any:
    done = subprocess.run(  # noqa: S603
        [str(BIN / "python"), __file__, "_django", step, json.dumps(arg or {})],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    line = [x for x in done.stdout.splitlines() if x.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT ") :])


def _household_writer(
    port: int, world: dict[str, Any], tally: Tally, stop: threading.Event, n: int
) -> None:
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {world['token']}"
    rng = random.Random(n)
    while not stop.is_set():
        body = {
            "organisation_id": world["organisation_id"],
            "programme_id": world["programme_id"],
            "pathway": "resettlement",
            "status": "awaiting_arrival",
            "nationality": rng.choice(["SY", "AF", "UA", "SD"]),
            "languages": ["ar"],
        }
        try:
            response = session.post(
                f"http://127.0.0.1:{port}/api/households", json=body, timeout=10
            )
        except requests.RequestException:
            with tally.lock:
                tally.household_errors += 1
            time.sleep(0.1)
            continue
        if response.status_code == 201:
            with tally.lock:
                tally.households.append(response.json()["reference"])
        else:
            with tally.lock:
                code = response.status_code
                tally.household_refused[code] = tally.household_refused.get(code, 0) + 1


def _csv(kind: str, batch: int) -> str:
    rows = [
        f"{kind[0]}{batch}-{i},Fault Network,ngo,PT,housing,,pt,{kind} {batch}-{i}\n"
        for i in range(IMPORT_ROWS)
    ]
    return HEADER + "".join(rows)


def _importer(port: int, world: dict[str, Any], tally: Tally, stop: threading.Event) -> None:
    import requests

    base = f"http://127.0.0.1:{port}"
    batch = 0
    session: requests.Session | None = None
    while not stop.is_set():
        try:
            if session is None:
                session = requests.Session()
                page = session.get(f"{base}/accounts/login/", timeout=10)
                token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
                assert token is not None
                session.post(
                    f"{base}/accounts/login/",
                    data={
                        "csrfmiddlewaretoken": token.group(1),
                        "username": world["focal_point"],
                        "password": world["password"],
                    },
                    headers={"Referer": f"{base}/accounts/login/"},
                    timeout=10,
                )
            url = f"{base}/exchange/answers/{world['answer_id']}/"
            page = session.get(url, timeout=10)
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
            if page.status_code != 200 or token is None:
                session = None
                continue
            batch += 1
            response = session.post(
                f"{url}import/",
                data={"csrfmiddlewaretoken": token.group(1)},
                files={
                    "needs": ("needs.csv", _csv("need", batch), "text/csv"),
                    "offers": ("offers.csv", _csv("offer", batch), "text/csv"),
                },
                headers={"Referer": url},
                allow_redirects=False,
                timeout=30,
            )
            with tally.lock:
                if response.status_code == 302:
                    tally.imports_ok += 1
                else:
                    tally.import_errors += 1
        except (requests.RequestException, AssertionError):
            with tally.lock:
                tally.import_errors += 1
            session = None
            time.sleep(0.2)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", default="", help="a DATABASE_URL; SQLite when empty")
    parser.add_argument("--rounds", type=int, default=6)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--port", type=int, default=8791)
    parser.add_argument("--writers", type=int, default=3)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    data_dir = Path(tempfile.mkdtemp(prefix="welcomehub-faults-"))
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.base",
            "WELCOMEHUB_DATA_DIR": str(data_dir),
            "WELCOMEHUB_EXCHANGE_ENCODER": "lexical",
            "WELCOMEHUB_LOG_LEVEL": "WARNING",
            # plain HTTP on 127.0.0.1: the client must get its session and CSRF cookies
            "WELCOMEHUB_SECURE_COOKIES": "0",
        }
    )
    if args.database:
        env["DATABASE_URL"] = args.database
    else:
        env.pop("DATABASE_URL", None)
    engine = "postgresql" if args.database else "sqlite"
    print(f"database: {engine}; data directory {data_dir}", flush=True)
    # PostgreSQL: give a new, empty database (createdb); migrations load reference data
    _manage(env, "migrate", "--no-input")
    _manage(env, "collectstatic", "--no-input")
    world = _in_django(env, "setup")

    stack = Stack(env, args.port, data_dir / "processes.log")
    tally = Tally()
    stop = threading.Event()
    kills = {"server": 0, "worker": 0}
    runs: list[int] = []
    stack.start_server()
    stack.start_worker()
    threads = [
        threading.Thread(target=_household_writer, args=(args.port, world, tally, stop, n))
        for n in range(args.writers)
    ]
    threads.append(threading.Thread(target=_importer, args=(args.port, world, tally, stop)))
    for thread in threads:
        thread.start()
    started = time.monotonic()
    try:
        for number in range(1, args.rounds + 1):
            runs.append(_in_django(env, "enqueue", world)["run_id"])
            time.sleep(rng.uniform(0.5, 3.0))
            victim = rng.choice(["server", "worker", "both"])
            if victim in ("server", "both"):
                stack.kill(stack.server)
                kills["server"] += 1
            if victim in ("worker", "both"):
                stack.kill(stack.worker)
                kills["worker"] += 1
            print(f"round {number}: killed {victim}", flush=True)
            time.sleep(rng.uniform(0.2, 1.0))
            if victim in ("server", "both"):
                stack.start_server()
            if victim in ("worker", "both"):
                stack.start_worker()
        time.sleep(2)
    finally:
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
    # Recovery: the worker is stopped and started once more, as after a crash; runs a
    # killed worker left "running" are handed back and retried.
    stack.kill(stack.worker)
    stack.start_worker()
    recovered: set[int] = set()
    requeued: set[int] = set()
    deadline = time.monotonic() + 180
    first = True
    while time.monotonic() < deadline:
        again = _in_django(env, "retry", {"queued": first})
        first = False
        recovered.update(again["recovered"])
        requeued.update(again["requeued"])
        state = _in_django(env, "check", {"households": [], "answer_id": world["answer_id"]})
        if all(state["runs"].get(str(r)) not in UNFINISHED for r in runs):
            break
        time.sleep(2)
    stack.stop()
    result = _in_django(
        env, "check", {"households": tally.households, "answer_id": world["answer_id"]}
    )
    whole_imports = (
        result["needs"] % IMPORT_ROWS == 0
        and result["offers"] == result["needs"]
        and result["needs"] // IMPORT_ROWS >= tally.imports_ok
    )
    unfinished = [r for r in runs if result["runs"].get(str(r)) in UNFINISHED]
    report = {
        "database": engine,
        "rounds": args.rounds,
        "seconds": round(time.monotonic() - started, 1),
        "kills": kills,
        "acknowledged_households": len(tally.households),
        "households_in_database": result["households_in_database"],
        "lost_writes": len(result["lost_households"]),
        "household_requests_unanswered": tally.household_errors,
        "household_requests_refused": tally.household_refused,
        "imports_acknowledged": tally.imports_ok,
        "imports_in_database": result["needs"] // IMPORT_ROWS,
        "import_requests_failed": tally.import_errors,
        "needs": result["needs"],
        "offers": result["offers"],
        "imports_all_or_nothing": whole_imports,
        "placement_runs": len(runs),
        "runs_by_status": _count(result["runs"].values()),
        "runs_recovered_from_dead_worker": sorted(recovered),
        "runs_queued_again": sorted(requeued),
        "runs_unfinished": unfinished,
        "tasks_by_status": result["tasks"],
    }
    ok = report["lost_writes"] == 0 and whole_imports and not unfinished
    report["verdict"] = "PASS" if ok else "FAIL"
    (Path(__file__).parent / f"report-{engine}.json").write_text(
        json.dumps(report, indent=2) + "\n"
    )
    for key, value in report.items():
        print(f"{key:28} {value}")
    return 0 if ok else 1


def _count(values: Any) -> dict[str, int]:
    counted: dict[str, int] = {}
    for value in values:
        counted[value] = counted.get(value, 0) + 1
    return counted


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "_django":
        _django(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(main())
