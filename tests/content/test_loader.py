"""content.loader: publishing the sample course, idempotently."""

import shutil
from io import StringIO
from pathlib import Path

from django.core.management import CommandError, call_command

from wagtail.images import get_image_model
from wagtail.models import Page, Revision

import pytest

from content.loader import ContentError, load_curriculum
from courses.models import CourseIndexPage, CoursePage
from lessons.grading import grade_answer
from lessons.models import LessonPage, VocabularyItem

SAMPLE = Path(__file__).resolve().parents[2] / "content" / "sample"
LESSON_FILE = "courses/01-sample-course/lessons/02-at-the-shop.yaml"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def sample(tmp_path):
    """A copy of the sample curriculum that a test may edit."""
    shutil.copytree(SAMPLE, tmp_path / "sample")
    return tmp_path / "sample"


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def state():
    return (
        Page.objects.count(),
        Revision.objects.count(),
        VocabularyItem.objects.count(),
        get_image_model().objects.count(),
    )


def test_loads_the_sample_course_as_published_pages():
    report = load_curriculum(SAMPLE)

    index = CourseIndexPage.objects.get(slug="courses")
    course = CoursePage.objects.child_of(index).get(slug="sample-course")
    lessons = LessonPage.objects.child_of(course)
    assert [page.slug for page in lessons] == ["hello-and-thank-you", "at-the-shop", "on-the-bus"]
    assert all(page.live and page.live_revision_id for page in lessons)
    assert report.counts["lesson"]["created"] == 3
    assert report.counts["vocabulary"]["created"] == VocabularyItem.objects.count() >= 30


def test_lesson_fields_words_tags_and_blocks_are_loaded():
    load_curriculum(SAMPLE)
    lesson = LessonPage.objects.get(slug="at-the-shop")

    assert lesson.title_ko == "가게에서"
    assert lesson.objectives.splitlines()[0] == "Ask how much something is."
    assert [item.headword for item in lesson.vocabulary_items()][:3] == ["shop", "bread", "milk"]
    assert sorted(tag.name for tag in lesson.tags.all()) == ["money", "shopping"]
    assert lesson.body[0].value.source.startswith("<p>You can buy")
    assert {child.block_type for child in lesson.exercise_blocks()} >= {"gap_fill", "matching"}


def test_every_block_type_is_in_the_sample_and_the_image_is_a_wagtail_image():
    load_curriculum(SAMPLE)
    types = {child.block_type for page in LessonPage.objects.all() for child in page.body}
    assert types == set(LessonPage.body.field.stream_block.child_blocks)
    image_block = next(
        child
        for child in LessonPage.objects.get(slug="on-the-bus").body
        if child.block_type == "image"
    )
    assert image_block.value["image"].collection.name == "Curriculum"


def test_vocabulary_ipa_is_filled_from_the_cmu_dictionary_when_empty():
    load_curriculum(SAMPLE)
    assert VocabularyItem.objects.get(headword="bread").ipa == "/bɹɛd/"
    phone = VocabularyItem.objects.get(headword="phone")
    assert phone.nk_status == "unverified" and phone.nk_forms == []
    assert phone.nk_candidate == "손전화; 손전화기"


def test_loading_twice_changes_nothing():
    load_curriculum(SAMPLE)
    before = state()
    block_ids = [child.id for child in LessonPage.objects.get(slug="on-the-bus").body]

    report = load_curriculum(SAMPLE)

    assert state() == before
    assert [child.id for child in LessonPage.objects.get(slug="on-the-bus").body] == block_ids
    assert report.counts["lesson"] == {"unchanged": 3}
    assert report.counts["vocabulary"]["unchanged"] == before[2]
    assert report.counts["image"] == {"unchanged": 1}


def test_an_edited_lesson_gets_one_new_published_revision(sample):
    load_curriculum(sample)
    pages, revisions, *_ = state()
    edit(sample, LESSON_FILE, "title: At the shop", "title: At the corner shop")

    report = load_curriculum(sample)

    assert state()[:2] == (pages, revisions + 1)
    lesson = LessonPage.objects.get(slug="at-the-shop")
    assert lesson.title == "At the corner shop"
    assert lesson.live_revision.content["title"] == "At the corner shop"
    assert report.counts["lesson"] == {"updated": 1, "unchanged": 2}


def test_an_edited_exercise_or_word_list_is_a_change(sample):
    load_curriculum(sample)
    revisions = Revision.objects.count()
    edit(sample, LESSON_FILE, "sentence: Can I pay by card?", "sentence: Can I pay with cash?")
    edit(sample, LESSON_FILE, "  - receipt\n", "")

    load_curriculum(sample)

    lesson = LessonPage.objects.get(slug="at-the-shop")
    assert Revision.objects.count() == revisions + 1
    assert "receipt" not in [item.headword for item in lesson.vocabulary_items()]
    word_order = next(c for c in lesson.body if c.block_type == "word_order")
    assert word_order.value["sentence"] == "Can I pay with cash?"


def test_an_edited_vocabulary_item_is_updated_in_place(sample):
    load_curriculum(sample)
    item = VocabularyItem.objects.get(headword="cheap")
    edit(
        sample,
        "courses/01-sample-course/vocabulary.yaml",
        "nk_candidate: [눅다]",
        "nk_candidate: [눅다, 헐하다]",
    )

    load_curriculum(sample)

    item.refresh_from_db()
    assert item.nk_candidate == "눅다; 헐하다"


def test_a_schema_error_names_file_and_field_and_changes_nothing(sample):
    load_curriculum(sample)
    before = state()
    edit(sample, "courses/01-sample-course/course.yaml", "title: Sample Course", "title: Renamed")
    edit(sample, LESSON_FILE, "contrast: final_voicing", "contrast: loud")

    with pytest.raises(ContentError) as caught:
        load_curriculum(sample)

    assert str(caught.value).startswith(f"{sample / LESSON_FILE}: body[")
    assert ".contrast: 'loud' is not one of" in str(caught.value)
    assert state() == before
    assert CoursePage.objects.get(slug="sample-course").title == "Sample Course"


@pytest.mark.parametrize(
    ("relative", "old", "new", "field"),
    [
        (LESSON_FILE, "slug: at-the-shop", "slug: At the shop", "slug"),
        (LESSON_FILE, "  - cash\n", "  - cashier\n", "words[8]"),
        (LESSON_FILE, "cefr: A1", "cefr: A9", "cefr"),
        (LESSON_FILE, "minutes: 15", "minuets: 15", "minuets"),
        (LESSON_FILE, "{text: cash, correct: true}", "{text: cash, correct: yes please}", "body["),
        (
            LESSON_FILE,
            '"[[How much]] is the milk? Can I pay by [[card]]? Do you want the [[receipt]]?"',
            "How much is it?",
            "body[6].text",
        ),
        (
            "courses/01-sample-course/vocabulary.yaml",
            "gap_type: concept_gap\n  note_ko",
            "gap_type: concept_gap\n  xnote_ko",
            "[19].xnote_ko",
        ),
        (
            "courses/01-sample-course/vocabulary.yaml",
            "headword: milk",
            "headword: bread",
            "[14].headword",
        ),
        (
            "courses/01-sample-course/lessons/03-on-the-bus.yaml",
            "bus-stop.png",
            "tram.png",
            "body[1].file",
        ),
    ],
)
def test_schema_errors_name_the_field(sample, relative, old, new, field):
    edit(sample, relative, old, new)
    with pytest.raises(ContentError) as caught:
        load_curriculum(sample)
    assert str(caught.value).startswith(f"{sample / relative}: {field}")
    assert not LessonPage.objects.exists()


def media_files(settings) -> set[Path]:
    return {p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()}


def test_dry_run_reports_and_leaves_nothing(settings):
    before, files = state(), media_files(settings)
    report = load_curriculum(SAMPLE, dry_run=True)
    assert report.counts["lesson"]["created"] == 3
    assert report.counts["image"]["created"] == 1
    assert state() == before
    assert media_files(settings) == files


def test_missing_or_empty_folder_loads_nothing(tmp_path):
    report = load_curriculum(tmp_path / "nothing-here")
    assert sum(report.counts["lesson"].values()) == 0
    assert not LessonPage.objects.exists()


def test_command_prints_the_report_and_turns_schema_errors_into_command_errors(sample):
    out = StringIO()
    call_command("load_content", str(SAMPLE), "--dry-run", stdout=out)
    assert "lesson: 3 created, 0 updated, 0 unchanged" in out.getvalue()
    assert "Dry run" in out.getvalue()

    edit(sample, LESSON_FILE, "cefr: A1", "cefr: Z1")
    with pytest.raises(CommandError, match="02-at-the-shop.yaml: cefr"):
        call_command("load_content", str(sample), stdout=StringIO())


def test_lessons_follow_their_file_names_after_a_rename(sample):
    load_curriculum(sample)
    lessons = sample / "courses/01-sample-course/lessons"
    (lessons / "01-hello-and-thank-you.yaml").rename(lessons / "04-hello-and-thank-you.yaml")

    load_curriculum(sample)

    course = CoursePage.objects.get(slug="sample-course")
    slugs = [page.slug for page in LessonPage.objects.child_of(course)]
    assert slugs == ["at-the-shop", "on-the-bus", "hello-and-thank-you"]


HELLO_FILE = "courses/01-sample-course/lessons/01-hello-and-thank-you.yaml"


def word_order_of(slug: str):
    return next(c for c in LessonPage.objects.get(slug=slug).body if c.block_type == "word_order")


def test_word_order_alternatives_are_loaded_into_the_block():
    load_curriculum(SAMPLE)
    assert list(word_order_of("hello-and-thank-you").value["alternatives"]) == ["Mina is my name."]
    assert list(word_order_of("at-the-shop").value["alternatives"]) == []


def test_an_edited_alternative_is_a_change(sample):
    load_curriculum(sample)
    revisions = Revision.objects.count()
    edit(sample, HELLO_FILE, "[Mina is my name.]", "[Mina is my name., 'Is my name Mina?']")

    report = load_curriculum(sample)

    assert Revision.objects.count() == revisions + 1
    assert report.counts["lesson"] == {"updated": 1, "unchanged": 2}
    assert list(word_order_of("hello-and-thank-you").value["alternatives"]) == [
        "Mina is my name.",
        "Is my name Mina?",
    ]


def test_a_lesson_stored_before_alternatives_existed_is_not_republished():
    load_curriculum(SAMPLE)
    lesson = LessonPage.objects.get(slug="at-the-shop")
    raw = [dict(child) for child in lesson.body.raw_data]
    for child in raw:
        if child["type"] == "word_order":
            child["value"] = {k: v for k, v in child["value"].items() if k != "alternatives"}
    LessonPage.objects.filter(pk=lesson.pk).update(body=raw)
    assert "alternatives" not in str(LessonPage.objects.get(pk=lesson.pk).body.raw_data)
    before = state()

    report = load_curriculum(SAMPLE)

    assert state() == before
    assert report.counts["lesson"] == {"unchanged": 3}


def test_an_alternative_with_other_words_is_refused_naming_the_words(sample):
    edit(
        sample,
        LESSON_FILE,
        "sentence: Can I pay by card?",
        "sentence: Can I pay by card?\n"
        "    alternatives:\n      - By card can I pay?\n      - Can I pay by cash?",
    )
    with pytest.raises(CommandError) as caught:
        call_command("load_content", str(sample), "--dry-run", stdout=StringIO())
    message = str(caught.value)
    assert f"{sample / LESSON_FILE}: body[" in message
    assert (
        ".alternatives[1]: 'Can I pay by cash?': Use exactly the words of the sentence" in message
    )
    assert "Missing: card. Not in the sentence: cash." in message
    assert not LessonPage.objects.exists()


def test_a_listen_and_choose_loads_with_its_text_and_choices_and_grades_by_its_key():
    load_curriculum(SAMPLE)
    lesson = LessonPage.objects.get(slug="on-the-bus")
    (child,) = [c for c in lesson.body if c.block_type == "listen_and_choose"]
    assert child.value["text"] == "The bus stop is on the right."
    assert list(child.value["choices"]) == [
        "The bus stop is on the left.",
        "The bus stop is on the right.",
    ]
    assert grade_answer("listen_and_choose", child.value, {"choice": child.value["text"]}).correct
