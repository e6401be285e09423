"""The load test's users: learners who sign in, open lessons, answer exercises,
review (some answers posted twice, some retried after a forced client timeout),
download their deck and now and then upload it back; a tutor who opens the
dashboards. Every review answer and upload sent is written to the journal that
the checker compares with the database.

Run by cluster.loadtest, never against anything but 127.0.0.1. The cluster runs the
production settings behind what stands for a TLS proxy: each request says
X-Forwarded-Proto: https, and the session's Secure cookies go over the loopback.

Environment: LOAD_ACCOUNTS (the seed's accounts file), LOAD_JOURNAL (JSONL written
here), LOAD_PACKAGE (the studied Anki package to upload, cluster.ankipack),
LOAD_MAX_REQUESTS (stop after this many requests), LOAD_FIGURES (JSON of the final
figures per endpoint, written once every user has stopped: locust's own CSV is
written on a timer and can miss the last requests).
"""

import itertools
import json
import os
import random
import re
import uuid
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path
from urllib.parse import urlsplit

import gevent
from locust import HttpUser, between, events, task
from requests.exceptions import RequestException

DUPLICATE_SHARE = 0.15  # answers posted twice with one key
RETRY_SHARE = 0.10  # answers first cut off by a client timeout, then sent again
FORCED_TIMEOUT = 0.001  # seconds
REVEAL = re.compile(r'action="(/learn/review/\d+/reveal/)"')
CHECK = re.compile(r'action="(/learn/review/\d+/check/)"')
ANSWER = re.compile(r'action="(/learn/review/(\d+)/answer/)"')
KEY = re.compile(r'name="idempotency_key" value="([0-9a-f-]+)"')
EXERCISE = re.compile(r'<form class="exercise__form"[^>]*action="([^"]+)"(.*?)</form>', re.S)
FIELD = re.compile(
    r'<input[^>]*?type="(hidden|radio|text)"[^>]*?name="([^"]+)"[^>]*?(?:value="([^"]*)")?'
)

ACCOUNTS = json.loads(Path(os.environ["LOAD_ACCOUNTS"]).read_text())
LEARNERS = itertools.cycle(ACCOUNTS["learners"])
JOURNAL = open(os.environ["LOAD_JOURNAL"], "a", buffering=1)  # noqa: SIM115 - open for the run
PACKAGE = Path(os.environ["LOAD_PACKAGE"])
PACKAGE_REVIEWS = json.loads(PACKAGE.with_suffix(".json").read_text())["reviews"]
MAX_REQUESTS = int(os.environ.get("LOAD_MAX_REQUESTS", "0"))
sent = itertools.count(1)
running = {}


class OverLoopback(DefaultCookiePolicy):
    """Secure cookies go over plain HTTP to 127.0.0.1 (TLS ends before the cluster).
    Kept as not secure when set: requests sends from a fresh jar with the default policy."""

    def set_ok(self, cookie, request):
        cookie.secure = False
        return super().set_ok(cookie, request)


@events.init.add_listener
def refuse_other_hosts(environment, **_kwargs):
    host = urlsplit(environment.host or "").hostname
    if host != "127.0.0.1":
        raise SystemExit(f"the load test runs against 127.0.0.1 only, not {host!r}")
    running["environment"] = environment


@events.request.add_listener
def stop_after_enough(**_kwargs):
    if MAX_REQUESTS and next(sent) == MAX_REQUESTS:
        gevent.spawn(running["environment"].runner.quit)


@events.quitting.add_listener
def write_figures(environment, **_kwargs):
    stats = environment.stats
    named = sorted(stats.entries.values(), key=lambda entry: entry.name)
    rows = [figures(entry, entry.name) for entry in named]
    rows.append(figures(stats.total, "Aggregated"))
    Path(os.environ["LOAD_FIGURES"]).write_text(json.dumps(rows))


def figures(entry, name: str) -> dict:
    percentiles = {f"{q:.0%}": entry.get_response_time_percentile(q) for q in (0.5, 0.95, 0.99)}
    return {
        "Name": name,
        "Request Count": entry.num_requests,
        "Failure Count": entry.num_failures,
        "Requests/s": entry.total_rps,
        **percentiles,
    }


def journal(**entry) -> None:
    JOURNAL.write(json.dumps(entry) + "\n")


class SignedIn(HttpUser):
    abstract = True
    wait_time = between(0.5, 2)
    username = ""

    def on_start(self):
        self.client.cookies.set_policy(OverLoopback())
        self.client.headers.update({"X-Forwarded-Proto": "https", "Origin": self.origin})
        self.client.get("/accounts/login/", name="sign in: form")
        fields = {"login": self.username, "password": ACCOUNTS["password"]}
        self.post("/accounts/login/", fields, name="sign in")

    @property
    def origin(self) -> str:
        return "https://" + urlsplit(self.host).netloc

    def post(self, path: str, data: dict, **options):
        data = {**data, "csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")}
        return self.client.post(path, data=data, allow_redirects=False, **options)


class Learner(SignedIn):
    weight = 9

    def on_start(self):
        self.username = next(LEARNERS)
        self.uploaded = False
        super().on_start()

    @task(2)
    def open_lesson(self):
        lesson = random.choice(ACCOUNTS["lessons"])
        step = random.randint(1, 4)
        page = self.client.get(f"{lesson}step/{step}/", name="lesson: step")
        if page.ok and (form := EXERCISE.search(page.text)):
            self.answer_exercise(form.group(1), form.group(2))

    def answer_exercise(self, action: str, form: str) -> None:
        data = {}
        for kind, name, value in FIELD.findall(form):
            if kind == "text":
                data.setdefault(name, "a")
            else:
                data.setdefault(name, value)
        with self.post(action, data, name="lesson: answer", catch_response=True) as answer:
            if answer.status_code < 500:  # a random answer may be malformed (400)
                answer.success()

    @task(6)
    def review(self):
        session = self.client.get("/learn/review/", name="review: session")
        if reveal := REVEAL.search(session.text):
            card = self.client.get(reveal.group(1), name="review: reveal")
        elif check := CHECK.search(session.text):
            card = self.post(
                check.group(1), {"typed": "word", "shown_at": ""}, name="review: check"
            )
        else:
            return  # nothing due
        answer, key = ANSWER.search(card.text), KEY.search(card.text)
        if answer and key:
            self.send_answer(answer.group(1), int(answer.group(2)), key.group(1))

    def send_answer(self, action: str, card_id: int, key: str) -> None:
        rating = random.choice([1, 2, 3, 3, 3, 4])
        data = {"rating": rating, "idempotency_key": key, "shown_at": ""}
        roll = random.random()
        if roll < RETRY_SHARE:
            self.answer_once(action, card_id, key, data, timeout=FORCED_TIMEOUT)
        self.answer_once(action, card_id, key, data)
        if roll > 1 - DUPLICATE_SHARE:
            self.answer_once(action, card_id, key, data, name="review: answer (duplicate)")

    def answer_once(self, action, card_id, key, data, *, name="review: answer", timeout=None):
        if timeout is not None:
            name = "review: answer (forced timeout)"
        with self.post(action, data, name=name, catch_response=True, timeout=timeout) as sent:
            acknowledged = sent.status_code == 302
            if timeout is not None and isinstance(sent.error, RequestException):
                sent.success()
        entry = {"learner": self.username, "card": card_id, "key": key, "rating": data["rating"]}
        journal(kind="review", acknowledged=acknowledged, **entry)

    @task(1)
    def download_deck(self):
        self.client.get("/learn/anki/my-words/", name="anki: deck download")

    @task(1)
    def upload_studied_deck(self):
        """A few learners send back the deck they studied offline, once each."""
        if self.uploaded or random.random() > 0.3:
            return
        self.uploaded = True
        self.client.get("/learn/anki/import/", name="anki: upload form")
        files = {"package": (f"{uuid.uuid4().hex}.colpkg", PACKAGE.read_bytes())}
        upload = self.post("/learn/anki/import/", {}, files=files, name="anki: upload")
        number = re.search(r"/import/(\d+)/", upload.headers.get("Location", ""))
        import_id = int(number.group(1)) if number else None
        journal(kind="upload", learner=self.username, import_id=import_id, reviews=PACKAGE_REVIEWS)


class Tutor(SignedIn):
    weight = 1

    def on_start(self):
        self.username = ACCOUNTS["tutor"]
        super().on_start()

    @task(2)
    def dashboard(self):
        self.client.get("/tutor/", name="tutor: home")

    @task(3)
    def classroom(self):
        self.client.get(f"/tutor/classrooms/{ACCOUNTS['classroom']}/", name="tutor: classroom")
