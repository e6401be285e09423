"""Every POST endpoint a visitor, a learner or a tutor can reach, fuzzed.

The URLconf is walked (`get_resolver()`); each route that does not answer 405 to a
POST is sent hypothesis-built form data: odd integers ("²", "١", "-0", forty nines),
NUL bytes, huge strings, missing fields, several values for one field, and ids of
objects that belong to other users. For each request: no 5xx, and when it is
refused (a 4xx, an error message, or a form re-rendered with errors) no row of any
model was added or removed. Examples are derandomised and bounded, so the run is
the same in CI every time.
"""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib import messages
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse
from django.urls.converters import IntConverter

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.factories.accounts import learner
from tests.factories.courses import AssignmentFactory, ClassroomFactory, MembershipFactory, tutor
from tests.factories.hub import ResourcePageFactory, StoryFactory, StoryIndexPageFactory
from tests.factories.progress import LessonProgressFactory, ReviewCardFactory

pytestmark = pytest.mark.django_db
EXAMPLES = 3  # generated, beside the explicit FILLS examples

SKIPPED = {
    "admin/": "the Wagtail admin: editors and staff, not learners or tutors",
    "django-admin/": "the Django admin: operators only",
    "documents/": "Wagtail's document serving and its password form: no learner data",
    "_util/": "Wagtail's page-privacy forms: the site sets no page restrictions",
    "i18n/": "Django's set_language: it writes only a cookie",
    "healthz": "the operators' health probe",
}
# Rows written on purpose by a refused request.
UNCOUNTED = {
    "sessions.session": "signing in and flash messages write the session",
    "axes.accessattempt": "django-axes records failed sign-ins",
    "axes.accessfailurelog": "django-axes records failed sign-ins",
    "axes.accesslog": "django-axes records sign-ins",
}
# Field names read by hand rather than through a form.
RAW_FIELDS = ["choice", "sentence", "text", "blank-0", "match-0", "match-1", "rating"]
RAW_FIELDS += ["shown_at", "after", "idempotency_key", "typed", "learner", "note", "remove", "poll"]
FILLS = ["²", "9" * 40, "a\x00b", "가" * 30_000]
ODD = ["²", "١", "-0", "9" * 40, "1e3", " 7", "0x10", "𝟘", "\x00", "a\x00b", "", "true"]


def routes(resolver=None, prefix="", namespace=""):
    """(route text, reversible name, int parameters, other parameters) of every view."""
    for entry in (resolver or get_resolver()).url_patterns:
        text = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            space = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from routes(entry, text, space)
        elif isinstance(entry, URLPattern) and entry.name:
            converters = getattr(entry.pattern, "converters", {})
            ints = [k for k, c in converters.items() if isinstance(c, IntConverter)]
            others = [k for k in entry.pattern.regex.groupindex if k not in ints]
            yield text, f"{namespace}{entry.name}", ints, others


def reachable_routes():
    for text, name, ints, others in routes():
        if name.endswith("wagtail_serve") or any(text.startswith(p) for p in SKIPPED):
            continue
        yield text, name, ints, others


def counted_tables() -> list[str]:
    return [
        model._meta.db_table
        for model in apps.get_models()
        if model._meta.managed
        and not model._meta.proxy
        and model._meta.label_lower not in UNCOUNTED
    ]


def fingerprint(tables) -> tuple:
    """The row count of every table, in one query."""
    quote = connection.ops.quote_name
    # Table names come from the models, quoted; no request value reaches this SQL.
    counts = [f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables]  # noqa: S608
    sql = "SELECT " + ", ".join(counts)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return tuple(cursor.fetchone())


def refused(response) -> bool:
    if 400 <= response.status_code < 500:
        return True
    levels = [m.level for m in get_messages(response.wsgi_request)]
    if any(level >= messages.ERROR for level in levels):
        return True
    # The site's form template marks errors with these classes, Django's own with errorlist.
    marks = (b"field--error", b"form-errors", b"errorlist")
    return response.status_code == 200 and any(mark in response.content for mark in marks)


@pytest.fixture(autouse=True)
def forget_rate_limits():
    """allauth's and the hub's limits count in the cache, which outlives the rollback."""
    yield
    cache.clear()


@dataclass
class World:
    roles: dict
    ids: list[int] = field(default_factory=list)
    pages: list[str] = field(default_factory=list)
    # URL parameters naming the acting users' own objects ("namespace:" for a route's own).
    own: dict = field(default_factory=dict)


@pytest.fixture
def world(lesson, words):
    """Two tutors and two learners, each with their own objects; the first of each acts."""
    acting, other = learner(), learner()
    room, other_room = ClassroomFactory(tutor=tutor()), ClassroomFactory(tutor=tutor())
    StoryIndexPageFactory()
    resource = ResourcePageFactory()
    found = World({"visitor": None, "learner": acting, "tutor": room.tutor})
    for user, classroom, word in ((acting, room, words[0]), (other, other_room, words[1])):
        own = {
            "membership_id": MembershipFactory(classroom=classroom, learner=user),
            "pk": classroom,
            "card_id": ReviewCardFactory(learner=user, item=word),
            "hub:pk": StoryFactory(author=user),
            "assignment_id": AssignmentFactory(classroom=classroom, lesson=lesson),
            "progress_id": LessonProgressFactory(learner=user, lesson=lesson),
            "learner_id": user,
        }
        found.ids += [obj.pk for obj in own.values()]
        found.own = found.own or {key: obj.pk for key, obj in own.items()}
    found.own |= {"page_id": lesson.pk, "hub:page_id": resource.pk, "block_id": "mc-1"}
    found.ids = sorted({*found.ids, lesson.pk, resource.pk})
    found.pages = [lesson.url, resource.url, "/"]
    return found


def value_strategy(ids):
    plain = st.text(max_size=40)
    return st.one_of(
        st.sampled_from(ODD),
        st.sampled_from([str(i) for i in ids]),
        plain,
        plain.map(lambda s: s + "\x00"),
        st.just("가" * 30_000),
        st.sampled_from(["mc-1", "mp-1", "fan", "on", "2026-11-20", "https://x.example/"]),
    )


def form_strategy(names, ids):
    values = st.lists(value_strategy(ids), min_size=1, max_size=3)
    return st.dictionaries(st.sampled_from(names), values, max_size=8)


def url_strategy(name, ints, others, ids):
    int_values = st.sampled_from([*ids, 0, 10**40])
    other_values = st.sampled_from(["mc-1", "mp-1", "abc", "x" * 80])
    kwargs = st.fixed_dictionaries(
        {**dict.fromkeys(ints, int_values), **dict.fromkeys(others, other_values)}
    )
    return kwargs.map(lambda chosen: reversed_or_none(name, chosen)).filter(bool)


def reversed_or_none(name, kwargs) -> str | None:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None


def own_url(world: World, name, params) -> str | None:
    """The route's URL for the acting users' own objects (where parsing is reached)."""
    space = name.split(":")[0] + ":"
    kwargs = {key: world.own.get(space + key, world.own.get(key, "abc")) for key in params}
    return reversed_or_none(name, kwargs)


def client_for(user) -> Client:
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    return client


def field_names_at(user, url) -> list[str]:
    """The fields of the form(s) the URL shows, and the fields views read by hand."""
    response = client_for(user).get(url)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    page = body.decode(errors="replace")
    shown = set(re.findall(r'name="([^"]+)"', page)) - {"csrfmiddlewaretoken"}
    return sorted(shown | set(RAW_FIELDS))


def fuzz(user, url, urls, names, ids, tables):
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(url=urls, data=form_strategy(names, ids), htmx=st.booleans())
    def post(url, data, htmx):
        before = fingerprint(tables)
        headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
        response = client_for(user).post(url, data, **headers)
        assert response.status_code < 500, (url, data)
        if refused(response):
            assert fingerprint(tables) == before, (url, data, response.status_code)

    # Every field at once holding each odd value, at the users' own objects.
    for odd in FILLS:
        post = example(url=url, data=dict.fromkeys(names, odd), htmx=True)(post)
    post()


@pytest.mark.parametrize("role", ["visitor", "learner", "tutor"])
def test_no_post_endpoint_fails_or_half_writes_on_odd_input(world, role):
    user, tables, fuzzed = world.roles[role], counted_tables(), []
    targets = [(page, st.just(page)) for page in world.pages]
    for _text, name, ints, others in reachable_routes():
        url = own_url(world, name, ints + others)
        if url and client_for(user).post(url).status_code != 405:
            targets.append((url, url_strategy(name, ints, others, world.ids)))
            fuzzed.append(name)
    for url, urls in targets:
        fuzz(user, url, urls, field_names_at(user, url), world.ids, tables)
    assert {"progress:answer_exercise", "account_login"} <= set(fuzzed)
    if role != "visitor":
        assert {"hub:propose", "hub:story_new", "courses:my_classrooms"} <= set(fuzzed)
