"""Load test of issue 9: 100 concurrent users on the large world, p95 and errors.

    DATABASE_URL=postgresql://postgres@127.0.0.1/welcomehub_load \\
    WELCOMEHUB_DATA_DIR=/tmp/wh-load .venv/bin/python -m bench.load.run \\
        --password 'the generate password' [--users 100] [--spawn-rate 5] \\
        [--duration 180] [--workers 3] [--threads 4] [--port 8611]

Reads real targets from the database `bench.load.generate` filled (household references of
the caseworker's caseload, person ids, the programme, the open round, services), starts the
platform with `welcomehub serve` (gunicorn, production settings, DEBUG off, Redis cache when
REDIS_URL is set), waits until it answers, and runs locust headless with
`bench/load/locustfile.py`. The statistics are reset once every user has signed in
(`--reset-stats`), so the figures are those of the steady state with 100 users reading and
writing; the sign-ins are reported in the same table, before the reset, by locust's
own log. Prints per route: requests, failures, median, p95, p99 and maximum in ms, then the
whole, and the verdict against the target (p95 <= 300 ms, no failures). Writes the figures
to `bench/load/report-<database>.json`.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import django

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TARGET_P95_MS = 300


def _targets(path: Path) -> dict[str, Any]:
    """Real references and ids of the large world, for the locust users to visit."""
    from welcomehub.accounts.models import Membership, Organisation
    from welcomehub.core import taxonomy
    from welcomehub.exchange.models import SurveyRound
    from welcomehub.outcomes.dashboards.figures import DIMENSIONS
    from welcomehub.outcomes.models import AssessmentEvent
    from welcomehub.people.models import Household, Person
    from welcomehub.programmes.models import Programme, Service

    caseworker = Membership.objects.get(user__username="demo-caseworker")
    caseload = Household.objects.filter(organisation_id=caseworker.organisation_id)
    count = caseload.count()
    references = list(caseload.order_by("?").values_list("reference", flat=True)[:3000])
    persons = list(
        Person.objects.filter(household__organisation_id=caseworker.organisation_id)
        .order_by("?")
        .values_list("id", flat=True)[:3000]
    )
    programme = Programme.objects.get(name__icontains="national", country="PT")
    survey_round = SurveyRound.objects.filter(status="open").order_by("id").first()
    countries = set(Organisation.objects.values_list("country", flat=True))
    targets = {
        "caseworkers": ["demo-caseworker"],
        "coordinators": ["demo-coordinator"],
        "analysts": ["demo-analyst"],
        "refugees": list(
            Person.objects.filter(user__username__startswith="load-refugee-").values_list(
                "user__username", flat=True
            )
        ),
        "households": references,
        "household_count": count,
        "household_pages": max(1, count // 25),
        "persons": persons,
        "programme": programme.pk,
        "round": survey_round.pk if survey_round else 0,
        "regions": [  # the regions the world's organisations are in
            code
            for code in taxonomy.codes("regions")
            if set(taxonomy.entry("regions", code)["countries"]) & countries
        ],
        "breakdowns": list(DIMENSIONS),
        "life_events": [e.value for e in AssessmentEvent][:3],
        "services": list(Service.objects.values_list("id", flat=True)),
        "today": datetime.date.today().isoformat(),
    }
    path.write_text(json.dumps(targets))
    return targets


def _wait_for(url: str, seconds: int = 600) -> None:
    for _ in range(seconds * 2):
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (localhost)
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the platform did not answer at {url}")


def _figures(stats_csv: Path) -> list[dict[str, Any]]:
    rows = []
    with stats_csv.open(newline="") as handle:
        for row in csv.DictReader(handle):
            rows.append(
                {
                    "method": row["Type"],
                    "name": row["Name"],
                    "requests": int(row["Request Count"]),
                    "failures": int(row["Failure Count"]),
                    "median_ms": float(row["50%"] or 0),
                    "p95_ms": float(row["95%"] or 0),
                    "p99_ms": float(row["99%"] or 0),
                    "max_ms": float(row["Max Response Time"] or 0),
                    "rps": float(row["Requests/s"] or 0),
                }
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--password", required=True)
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--spawn-rate", type=float, default=5)
    parser.add_argument("--duration", type=int, default=180, help="seconds after spawning")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--port", type=int, default=8611)
    args = parser.parse_args(argv)
    if "DATABASE_URL" not in os.environ:
        sys.exit("Set DATABASE_URL to the database bench.load.generate filled.")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    os.environ.setdefault("WELCOMEHUB_SECURE_COOKIES", "0")  # plain HTTP on 127.0.0.1
    os.environ.setdefault("WELCOMEHUB_LOG_LEVEL", "WARNING")
    os.environ.setdefault("WELCOMEHUB_EXCHANGE_ENCODER", "lexical")
    django.setup()
    from django.db import connection

    work = Path(tempfile.mkdtemp(prefix="wh-load-run-"))
    targets = _targets(work / "targets.json")
    vendor = connection.vendor
    connection.close()
    print(
        f"{vendor}: {targets['household_count']} households in the caseworker's caseload, "
        f"{len(targets['refugees'])} refugee accounts, {len(targets['services'])} services",
        flush=True,
    )
    bin_dir = Path(sys.executable).parent
    server = subprocess.Popen(  # noqa: S603
        [
            str(bin_dir / "welcomehub"),
            "serve",
            "--port",
            str(args.port),
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            # longer than a user's longest pause, so locust never sends on a connection
            # the server is closing (behind nginx, nginx keeps the clients' connections)
            "--keepalive",
            "30",
        ],
        cwd=ROOT,
        stdout=(work / "server.log").open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    host = f"http://127.0.0.1:{args.port}"
    try:
        _wait_for(f"{host}/health/")
        spawn_seconds = int(args.users / args.spawn_rate) + 1
        env = {
            **os.environ,
            "WELCOMEHUB_LOAD_TARGETS": str(work / "targets.json"),
            "WELCOMEHUB_LOAD_PASSWORD": args.password,
        }
        started = time.perf_counter()
        subprocess.run(  # noqa: S603
            [
                str(bin_dir / "locust"),
                "-f",
                str(HERE / "locustfile.py"),
                "--headless",
                "--users",
                str(args.users),
                "--spawn-rate",
                str(args.spawn_rate),
                "--run-time",
                f"{args.duration + spawn_seconds}s",
                "--host",
                host,
                "--reset-stats",
                "--only-summary",
                "--csv",
                str(work / "locust"),
                "--loglevel",
                "WARNING",
            ],
            env=env,
            check=False,
        )
        elapsed = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    rows = _figures(work / "locust_stats.csv")
    whole = next(row for row in rows if row["name"] == "Aggregated")
    print(f"\n{'route':52} {'req':>6} {'fail':>5} {'p50':>6} {'p95':>6} {'p99':>6} {'max':>6}")
    for row in sorted(rows, key=lambda r: -r["p95_ms"]):
        label = f"{row['method']} {row['name']}"[:52]
        print(
            f"{label:52} {row['requests']:6d} {row['failures']:5d} {row['median_ms']:6.0f} "
            f"{row['p95_ms']:6.0f} {row['p99_ms']:6.0f} {row['max_ms']:6.0f}"
        )
    met = whole["p95_ms"] <= TARGET_P95_MS and whole["failures"] == 0
    load = os.getloadavg()
    print(
        f"\nwhole: {whole['requests']} requests at {whole['rps']:.1f}/s, "
        f"{whole['failures']} failures, p95 {whole['p95_ms']:.0f} ms "
        f"(target <= {TARGET_P95_MS} ms, no failures): {'met' if met else 'NOT met'}; "
        f"{args.users} users, {args.workers} workers x {args.threads} threads, "
        f"load average {load[0]:.1f}"
    )
    failures = work / "locust_failures.csv"
    if whole["failures"] and failures.exists():
        print(failures.read_text()[:3000])
    report = {
        "database": vendor,
        "users": args.users,
        "duration_s": round(elapsed, 1),
        "workers": args.workers,
        "threads": args.threads,
        "households": targets["household_count"],
        "routes": rows,
        "target_p95_ms": TARGET_P95_MS,
        "met": met,
        "load_average": load[0],
    }
    (HERE / f"report-{vendor}.json").write_text(json.dumps(report, indent=1) + "\n")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
