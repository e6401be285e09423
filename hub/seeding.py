"""Example hub content for `make run`: clearly fictional organisations (example.org
addresses, 555 numbers), each labelled as an example. Idempotent by slug."""

from datetime import date

from django.db import transaction
from django.utils import timezone

from wagtail.models import Page, Site

from .models import (
    Language,
    Opportunity,
    Region,
    ResourceIndexPage,
    ResourcePage,
    StoryIndexPage,
    StoryPage,
)

EXAMPLES = [
    {
        "title": "Example: Riverside Legal Help (fictional)",
        "slug": "example-riverside-legal-help",
        "kind": "legal",
        "tags": ["legal", "rights", "housing", "rent"],
        "regions": ["US-CA", "online"],
        "languages": ["ko", "en"],
        "description_en": "Example entry. Free advice on leases, deposits and tenant rights.",
        "description_ko": "예시 항목입니다. 임대 계약, 보증금, 세입자 권리에 대한 무료 상담.",
    },
    {
        "title": "Example: Hanbit Evening English (fictional)",
        "slug": "example-hanbit-evening-english",
        "kind": "education",
        "tags": ["study", "university", "reading"],
        "regions": ["KR-11", "KR-41"],
        "languages": ["ko"],
        "description_en": "Example entry. Evening English classes for adults.",
        "description_ko": "예시 항목입니다. 어른을 위한 저녁 영어 수업.",
        "opportunities": [("Spring evening class", "class", (3, 2))],
    },
    {
        "title": "Example: Open Door Scholarships (fictional)",
        "slug": "example-open-door-scholarships",
        "kind": "scholarships",
        "tags": ["exchange", "scholarship"],
        "regions": ["online"],
        "languages": ["ko", "en"],
        "description_en": "Example entry. Scholarships and a summer exchange program.",
        "description_ko": "예시 항목입니다. 장학금과 여름 교환 프로그램.",
        "opportunities": [
            ("Study abroad scholarship", "scholarship", (4, 30)),
            ("Summer exchange program", "exchange", (5, 15)),
        ],
    },
    {
        "title": "Example: Maple Street Clinic (fictional)",
        "slug": "example-maple-street-clinic",
        "kind": "health",
        "tags": ["health", "clinic", "pharmacy", "insurance"],
        "regions": ["US-NY", "US-NJ"],
        "languages": ["ko", "en", "zh"],
        "description_en": "Example entry. Low-cost clinic with Korean-speaking staff.",
        "description_ko": "예시 항목입니다. 한국어를 하는 직원이 있는 저렴한 진료소.",
    },
    {
        "title": "Example: First Job Circle (fictional)",
        "slug": "example-first-job-circle",
        "kind": "jobs",
        "tags": ["work", "jobs", "resume", "interview"],
        "regions": ["KR-26", "online"],
        "languages": ["ko"],
        "description_en": "Example entry. Résumé reviews and practice interviews.",
        "description_ko": "예시 항목입니다. 이력서 검토와 면접 연습.",
    },
]


@transaction.atomic
def seed_hub_examples() -> ResourceIndexPage:
    index = _directory()
    existing = set(ResourcePage.objects.child_of(index).values_list("slug", flat=True))
    for number, example in enumerate(EXAMPLES):
        if example["slug"] not in existing:
            _add_example(index, example, number)
    _example_story()
    return index


EXAMPLE_STORY = {
    "title": "Example: My first English class (fictional)",
    "slug": "example-my-first-english-class",
    "pen_name": "Example: Spring Swallow",
    "body": (
        "This is an example story, written for the demo; the writer is not real.\n\n"
        "On my first day of English class I could only say hello. "
        "Three months later I asked a pharmacist for medicine by myself."
    ),
}


def _example_story() -> None:
    stories = StoryIndexPage.objects.first()
    if stories is None:
        stories = StoryIndexPage(
            title="Stories",
            title_ko="이야기",
            slug="stories",
            intro_ko="배우는 사람들이 쓴 이야기입니다.",
        )
        _home().add_child(instance=stories)
    if not StoryPage.objects.filter(slug=EXAMPLE_STORY["slug"]).exists():
        page = StoryPage(**EXAMPLE_STORY)
        stories.add_child(instance=page)
        page.save_revision().publish()


def _directory() -> ResourceIndexPage:
    index = ResourceIndexPage.objects.first()
    if index is None:
        index = ResourceIndexPage(
            title="Help and resources",
            title_ko="도움받을 곳",
            slug="help",
            intro="Organisations that help with law, study, work, health and housing.",
            intro_ko="법률, 공부, 일자리, 건강, 집 문제를 도와주는 단체들입니다.",
        )
        _home().add_child(instance=index)
    return index


def _add_example(index, example, number):
    page = ResourcePage(
        title=example["title"],
        slug=example["slug"],
        kind=example["kind"],
        website=f"https://{example['slug']}.example.org/",
        phone=f"+1-555-010{number}",
        email=f"hello@{example['slug']}.example.org",
        description_en=example["description_en"],
        description_ko=example["description_ko"],
        last_verified=timezone.localdate(),
    )
    page.regions = list(Region.objects.filter(code__in=example["regions"]))
    page.languages = list(Language.objects.filter(code__in=example["languages"]))
    page.tags.add(*example["tags"])
    year = timezone.localdate().year + 1
    page.opportunities = [
        Opportunity(title=title, kind=kind, deadline=date(year, *month_day))
        for title, kind, month_day in example.get("opportunities", [])
    ]
    index.add_child(instance=page)
    page.save_revision().publish()


def _home() -> Page:
    """The default site's root, the home page, found without importing cms above us."""
    return Site.objects.get(is_default_site=True).root_page
