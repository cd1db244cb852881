"""The load scenario of issue 9: staff, refugees and the public at the same time.

Run through `bench.load.run`, which starts the platform on the large world, writes the
targets file (real references and ids read from that world) and starts locust headless.
Who is who, in a crowd of 100 concurrent users:

- caseworkers (weight 5): household list pages and searches, household pages, plans,
  referrals, the API's household list; now and then they note a life event (a write);
- coordinators (weight 1): the programme outcomes dashboards by each breakdown, the
  exchange round and its chart filtered by region, the placement capacity;
- analysts (weight 1): the programme outcomes dashboards by each breakdown;
- refugees (weight 2): their own household page, plan, questions and summary in the portal,
  the orientation pages; now and then they save their placement wishes (a write);
- the public (weight 1): the services directory and searches, a service, the orientation
  pages, the feedback board and form, the community calendar.

Every user signs in once at the start (a real sign-in with the password, CSRF and the
password hash); then each waits 2-8 s between pages (5 s on average), the time to read
a page or fill a short form. Names in the figures are
route patterns, never references, so the report holds no identifier.
"""

from __future__ import annotations

import json
import os
import random
import re
from typing import Any

from locust import HttpUser, between, task

TARGETS: dict[str, Any] = json.loads(open(os.environ["WELCOMEHUB_LOAD_TARGETS"]).read())  # noqa: SIM115
PASSWORD = os.environ["WELCOMEHUB_LOAD_PASSWORD"]
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Person(HttpUser):
    abstract = True
    wait_time = between(2, 8)
    username = ""

    def csrf_of(self, path: str, name: str) -> str:
        response = self.client.get(path, name=name)
        found = CSRF.search(response.text)
        return found.group(1) if found else ""

    def sign_in(self, username: str) -> None:
        token = self.csrf_of("/accounts/login/", "/accounts/login/")
        with self.client.post(
            "/accounts/login/",
            {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token},
            name="/accounts/login/ [POST]",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code != 302:
                response.failure(f"sign-in of {username} refused: {response.status_code}")

    def post_form(self, path: str, name: str, data: dict[str, Any]) -> None:
        token = self.csrf_of(path, name)
        with self.client.post(
            path,
            {**data, "csrfmiddlewaretoken": token},
            name=f"{name} [POST]",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            if response.status_code not in (200, 302):
                response.failure(f"{response.status_code}")
            elif response.status_code == 200 and 'class="errorlist' in response.text:
                response.failure("the form was refused")


class Caseworker(Person):
    weight = 5

    def on_start(self) -> None:
        self.sign_in(random.choice(TARGETS["caseworkers"]))

    @task(3)
    def household_list(self) -> None:
        page = random.randint(1, TARGETS["household_pages"])
        self.client.get(f"/households/?page={page}", name="/households/?page=N")

    @task(1)
    def household_search(self) -> None:
        reference = random.choice(TARGETS["households"])
        self.client.get(f"/households/?q={reference[:-2]}", name="/households/?q=REF")

    @task(4)
    def household(self) -> None:
        reference = random.choice(TARGETS["households"])
        self.client.get(f"/households/{reference}/", name="/households/REF/")

    @task(1)
    def plans(self) -> None:
        reference = random.choice(TARGETS["households"])
        self.client.get(f"/households/{reference}/plans/", name="/households/REF/plans/")

    @task(1)
    def referrals(self) -> None:
        self.client.get("/referrals/", name="/referrals/")

    @task(1)
    def api_households(self) -> None:
        offset = random.randint(0, TARGETS["household_count"] - 50)
        self.client.get(f"/api/households?limit=50&offset={offset}", name="/api/households")

    @task(1)
    def life_event(self) -> None:
        person = random.choice(TARGETS["persons"])
        path = f"/outcomes/persons/{person}/events/new/"
        self.post_form(
            path,
            "/outcomes/persons/ID/events/new/",
            {"event": random.choice(TARGETS["life_events"]), "date": TARGETS["today"]},
        )


class Analyst(Person):
    weight = 1

    def on_start(self) -> None:
        self.sign_in(random.choice(TARGETS["analysts"]))

    @task
    def dashboard(self) -> None:
        breakdown = random.choice(TARGETS["breakdowns"])
        self.client.get(
            f"/outcomes/dashboards/{TARGETS['programme']}/?by={breakdown}",
            name="/outcomes/dashboards/ID/?by=B",
        )


class Coordinator(Analyst):
    weight = 1

    def on_start(self) -> None:
        self.sign_in(random.choice(TARGETS["coordinators"]))

    @task(2)
    def exchange_round(self) -> None:
        self.client.get(f"/exchange/rounds/{TARGETS['round']}/", name="/exchange/rounds/ID/")

    @task(2)
    def exchange_chart(self) -> None:
        region = random.choice(TARGETS["regions"])
        self.client.get(
            f"/exchange/rounds/{TARGETS['round']}/chart/?region={region}",
            name="/exchange/rounds/ID/chart/?region=R",
        )

    @task(1)
    def capacity(self) -> None:
        self.client.get(
            f"/placement/programmes/{TARGETS['programme']}/capacity/",
            name="/placement/programmes/ID/capacity/",
        )


class Refugee(Person):
    weight = 2

    def on_start(self) -> None:
        self.sign_in(random.choice(TARGETS["refugees"]))

    @task(3)
    def my_household(self) -> None:
        self.client.get("/my/", name="/my/")

    @task(2)
    def my_plan(self) -> None:
        self.client.get("/my/plan/", name="/my/plan/")

    @task(1)
    def my_questions(self) -> None:
        self.client.get("/my/questions/", name="/my/questions/")

    @task(1)
    def my_summary(self) -> None:
        self.client.get("/my/summary/", name="/my/summary/")

    @task(1)
    def orientation(self) -> None:
        self.client.get("/services/orientation/", name="/services/orientation/")

    @task(1)
    def wishes(self) -> None:
        self.post_form(
            "/my/preferences/", "/my/preferences/", {"notes": "Near a school, if possible."}
        )


class Public(Person):
    weight = 1

    @task(3)
    def directory(self) -> None:
        self.client.get("/services/", name="/services/")

    @task(2)
    def search(self) -> None:
        words = random.choice(["language", "housing", "health", "jobs", "school", "legal"])
        self.client.get(f"/services/?q={words}", name="/services/?q=WORDS")

    @task(2)
    def service(self) -> None:
        service = random.choice(TARGETS["services"])
        self.client.get(f"/services/{service}/", name="/services/ID/")

    @task(1)
    def orientation(self) -> None:
        self.client.get("/services/orientation/", name="/services/orientation/")

    @task(1)
    def board(self) -> None:
        self.client.get(f"/feedback/p/{TARGETS['programme']}/board/", name="/feedback/p/ID/board/")

    @task(1)
    def feedback_form(self) -> None:
        self.client.get(f"/feedback/p/{TARGETS['programme']}/", name="/feedback/p/ID/")

    @task(1)
    def calendar(self) -> None:
        self.client.get("/community/calendar/", name="/community/calendar/")
