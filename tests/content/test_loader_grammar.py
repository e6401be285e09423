"""content.loader and content.schema: a lesson's `grammar` points, links to grammar lessons."""

import shutil
from pathlib import Path

from wagtail.models import Page, Revision

import pytest

from content.loader import ContentError, load_curriculum
from lessons.models import LessonGrammarPoint, LessonPage

SAMPLE = Path(__file__).resolve().parents[2] / "content" / "sample"
SHOP = "courses/01-sample-course/lessons/02-at-the-shop.yaml"
BUS = "courses/01-sample-course/lessons/03-on-the-bus.yaml"
GRAMMAR = "courses/02-grammar"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def add_grammar_lesson(root: Path, number: int, slug: str) -> None:
    """A grammar lesson made from the sample's first lesson under another slug."""
    first = root / "courses/01-sample-course/lessons/01-hello-and-thank-you.yaml"
    text = first.read_text(encoding="utf-8").replace("slug: hello-and-thank-you", f"slug: {slug}")
    text = text.replace("title_ko: 인사와 고맙다는 말", f"title_ko: 문법 {number}")
    (root / GRAMMAR / "lessons" / f"{number:02}-{slug}.yaml").write_text(text, encoding="utf-8")


def name_points(root: Path, relative: str, *slugs: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8").replace(
        "\nwords:\n", f"\ngrammar: {list(slugs)}\nwords:\n"
    )
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def sample(tmp_path):
    """The sample with a grammar course after it (loaded later), the shop lesson naming two
    of its lessons and the bus lesson one."""
    root = tmp_path / "sample"
    shutil.copytree(SAMPLE, root)
    (root / GRAMMAR / "lessons").mkdir(parents=True)
    (root / GRAMMAR / "course.yaml").write_text(
        "slug: grammar\ntitle: Grammar\ntitle_ko: 문법\ncefr_min: A1\ncefr_max: B1\n",
        encoding="utf-8",
    )
    add_grammar_lesson(root, 1, "be-am-is-are")
    add_grammar_lesson(root, 2, "can-could")
    name_points(root, SHOP, "can-could", "be-am-is-are")
    name_points(root, BUS, "be-am-is-are")
    return root


def points_of(slug: str) -> list[str]:
    page = LessonPage.objects.get(slug=slug)
    return [link.point.slug for link in page.grammar_links.order_by("sort_order")]


def counts():
    return Page.objects.count(), Revision.objects.count(), LessonGrammarPoint.objects.count()


def test_points_named_before_their_course_loads_are_stored_in_order(sample):
    report = load_curriculum(sample)

    assert points_of("at-the-shop") == ["can-could", "be-am-is-are"]
    assert points_of("on-the-bus") == ["be-am-is-are"]
    assert points_of("hello-and-thank-you") == []
    assert report.counts["lesson"]["created"] == 5
    grammar = LessonPage.objects.get(slug="can-could").get_parent()
    assert [p.slug for p in LessonPage.objects.child_of(grammar)] == ["be-am-is-are", "can-could"]
    shop = LessonPage.objects.get(slug="at-the-shop")
    assert [p["point"] for p in shop.live_revision.content["grammar_links"]] == [
        LessonPage.objects.get(slug="can-could").pk,
        LessonPage.objects.get(slug="be-am-is-are").pk,
    ]


def test_loading_twice_changes_nothing(sample):
    load_curriculum(sample)
    before = counts()

    report = load_curriculum(sample)

    assert counts() == before
    assert report.counts["lesson"] == {"unchanged": 5}


def test_a_changed_point_list_is_one_new_revision(sample):
    load_curriculum(sample)
    pages, revisions, _links = counts()
    text = (sample / SHOP).read_text(encoding="utf-8")
    text = text.replace("grammar: ['can-could', 'be-am-is-are']", "grammar: ['be-am-is-are']")
    (sample / SHOP).write_text(text, encoding="utf-8")

    report = load_curriculum(sample)

    assert points_of("at-the-shop") == ["be-am-is-are"]
    assert counts() == (pages, revisions + 1, 2)
    assert report.counts["lesson"] == {"updated": 1, "unchanged": 4}


@pytest.mark.parametrize(
    ("relative", "points", "problem"),
    [
        (BUS, ("no-such-point",), "grammar[0]: 'no-such-point' is not a lesson of the 'grammar'"),
        (BUS, ("be-am-is-are", "at-the-shop"), "grammar[1]: 'at-the-shop' is not a lesson of"),
        (BUS, ("be-am-is-are", "be-am-is-are"), "grammar[1]: 'be-am-is-are' is named twice"),
        (
            f"{GRAMMAR}/lessons/02-can-could.yaml",
            ("be-am-is-are",),
            "grammar: a grammar lesson names no grammar point",
        ),
    ],
)
def test_a_bad_point_names_file_and_field_and_changes_nothing(sample, relative, points, problem):
    load_curriculum(sample)
    before = counts()
    path = sample / relative
    text = path.read_text(encoding="utf-8")
    text = text.replace("grammar: ['be-am-is-are']\n", "")
    path.write_text(text, encoding="utf-8")
    name_points(sample, relative, *points)

    with pytest.raises(ContentError) as caught:
        load_curriculum(sample)

    assert str(caught.value).startswith(f"{path}: {problem}")
    assert counts() == before
    assert points_of("on-the-bus") == ["be-am-is-are"]
