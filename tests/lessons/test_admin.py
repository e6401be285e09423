from django.urls import reverse

from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

import pytest

from lessons.models import LessonPage, VocabularyItem
from tests.factories.accounts import UserFactory
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory, every_block

pytestmark = pytest.mark.django_db
LIST = "wagtailsnippets_lessons_vocabularyitem:list"


@pytest.fixture
def editor(client):
    client.force_login(UserFactory(groups=["Editors"]))
    return client


def form_data(**overrides):
    data = {
        "headword": "pharmacy",
        "sense": "",
        "part_of_speech": "noun",
        "cefr_level": "A2",
        "ipa": "",
        "gloss_nk": "약국",
        "gloss_sk": "약국",
        "nk_status": "shared",
        "nk_source": "shared by rule: the Ministry pairs list no other North form",
        "nk_candidate": "",
        "sk_loanword": "",
        "gap_type": "none",
        "learner_note_ko": "",
        "example_en": "The pharmacy is open.",
        "example_ko": "약국이 열었어요.",
        "tags": "",
    }
    return {**data, **overrides}


def edit_url(item) -> str:
    return reverse("wagtailsnippets_lessons_vocabularyitem:edit", args=[item.pk])


def listed(client, **params) -> str:
    return client.get(reverse(LIST), params).content.decode()


def test_the_listing_filters_by_level_gap_type_and_north_form_status(editor):
    tractor = VocabularyItemFactory(headword="tractor", cefr_level="B1", gap_type="russian_bridge")
    lease = VocabularyItemFactory(headword="lease", cefr_level="B1", gap_type="concept_gap")
    bread = VocabularyItemFactory(
        headword="bread", cefr_level="A1", gloss_nk="", nk_status="unverified", nk_candidate="빵"
    )
    html = listed(editor, cefr_level="B1", gap_type="russian_bridge")
    assert edit_url(tractor) in html
    assert edit_url(lease) not in html and edit_url(bread) not in html
    html = listed(editor, nk_status="unverified")
    assert edit_url(bread) in html and edit_url(tractor) not in html
    html = listed(editor, cefr_level="B1")
    assert edit_url(tractor) in html and edit_url(lease) in html and edit_url(bread) not in html


def test_the_listing_searches_headwords_and_glosses(editor):
    helicopter = VocabularyItemFactory(
        headword="helicopter", gloss_nk="직승기", gloss_sk="헬리콥터"
    )
    tractor = VocabularyItemFactory(headword="tractor", gloss_nk="뜨락또르", gloss_sk="트랙터")
    for query in ("helicopter", "직승기", "헬리콥터"):
        html = listed(editor, q=query)
        assert edit_url(helicopter) in html, query
        assert edit_url(tractor) not in html, query


def test_the_listing_shows_each_items_sound_traps(editor):
    VocabularyItemFactory(headword="verb")
    assert "v/b, final_voicing" in editor.get(reverse(LIST)).content.decode()


def test_saving_an_item_with_no_ipa_fills_it_from_the_cmu_dictionary(editor):
    response = editor.post(reverse("wagtailsnippets_lessons_vocabularyitem:add"), form_data())
    assert response.status_code == 302
    assert VocabularyItem.objects.get(headword="pharmacy").ipa == "/ˈfɑɹməsi/"


def test_a_second_item_with_the_same_headword_and_sense_is_refused(editor):
    VocabularyItemFactory(headword="pharmacy", sense="")
    response = editor.post(reverse("wagtailsnippets_lessons_vocabularyitem:add"), form_data())
    assert response.status_code == 200
    assert VocabularyItem.objects.filter(headword="pharmacy").count() == 1


def test_the_edit_form_shows_sound_traps_and_wires_north_korean_suggestions(editor):
    item = VocabularyItemFactory(headword="fifth")
    html = editor.get(
        reverse("wagtailsnippets_lessons_vocabularyitem:edit", args=[item.pk])
    ).content.decode()
    assert '<strong class="w-status w-status--primary">f/p</strong>' in html
    assert f'data-north-forms-url="{reverse("lessons_north_forms")}"' in html
    assert 'data-north-forms-target="id_gloss_nk"' in html
    assert "lessons/admin/north_forms.js" in html


def test_the_lesson_edit_screen_shows_the_level_report(editor):
    lesson = LessonPageFactory(body=every_block(), words=[VocabularyItemFactory()])
    html = editor.get(reverse("wagtailadmin_pages:edit", args=[lesson.pk])).content.decode()
    assert "Level A1, from the saved draft:" in html
    assert "Mean sentence length:" in html


def test_the_lesson_add_screen_has_no_level_report_yet(editor):
    course = LessonPageFactory().get_parent()
    url = reverse("wagtailadmin_pages:add", args=["lessons", "lessonpage", course.pk])
    html = editor.get(url).content.decode()
    assert "Vocabulary taught" in html
    assert "from the saved draft" not in html
    assert LessonPage.objects.count() == 1


@pytest.mark.parametrize(
    ("kind", "shown"),
    [
        ("text", "<b>medicine</b>"),
        ("dialogue", "Can I help you?"),
        ("tip", "영어에서는"),
        ("multiple_choice", "Where do you buy medicine?"),
        ("gap_fill", 'name="blank-1"'),
        ("matching", 'name="match-1"'),
        ("word_order", 'name="sentence"'),
        ("dictation", 'data-speak="The pharmacy is open."'),
        ("minimal_pair", 'value="pan"'),
        # With no lesson around it, the editor's preview speaks the text itself.
        ("listen_and_choose", 'data-speak="The bus is late."'),
    ],
)
def test_block_previews_render_with_the_lesson_styles(editor, kind, shown):
    block = LessonPage._meta.get_field("body").stream_block.child_blocks[kind]
    response = editor.get(reverse("wagtailadmin_block_preview"), {"id": block.definition_prefix})
    html = response.content.decode()
    assert response.status_code == 200
    assert shown in html
    assert "lessons/lessons.css" in html


def lesson_form(alternatives: list[str], grammar_points: tuple = ()) -> dict:
    order = {
        "prompt": "Put the words in order.",
        "prompt_ko": "",
        "sentence": "Yesterday I went to the bank.",
        "alternatives": inline_list(alternatives),
        "feedback_right": "",
        "feedback_wrong": "",
    }
    return nested_form_data(
        {
            "title": "At the bank",
            "slug": "at-the-bank",
            "title_ko": "은행에서",
            "cefr_level": "A1",
            "estimated_minutes": "15",
            "tags": "",
            "objectives": "",
            "objectives_ko": "",
            "vocabulary_links": inline_formset([]),
            "grammar_links": inline_formset([{"point": str(pk)} for pk in grammar_points]),
            "comments": inline_formset([]),
            "body": streamfield([("word_order", order)]),
        }
    )


def inline_list(values: list[str]) -> dict:
    """A ListBlock's form data."""
    items = {
        str(i): {"value": value, "deleted": "", "order": str(i), "id": ""}
        for i, value in enumerate(values)
    }
    return {"count": str(len(values)), **items}


def test_the_editor_refuses_a_word_order_alternative_with_other_words(editor):
    course = LessonPageFactory().get_parent()
    url = reverse("wagtailadmin_pages:add", args=["lessons", "lessonpage", course.pk])
    bad = ["I went to the bank yesterday.", "I went to the shop yesterday."]

    response = editor.post(url, lesson_form(bad))

    assert response.status_code == 200
    assert "Use exactly the words of the sentence" in response.content.decode()
    assert "Not in the sentence: shop." in response.content.decode()
    assert not LessonPage.objects.filter(slug="at-the-bank").exists()
    assert editor.post(url, lesson_form(bad[:1])).status_code == 302
    saved = LessonPage.objects.get(slug="at-the-bank").get_latest_revision_as_object()
    assert list(saved.body[0].value["alternatives"]) == bad[:1]


def test_the_editor_links_a_lesson_to_its_grammar_points_in_order(editor):
    point, other = LessonPageFactory(), LessonPageFactory()
    course = LessonPageFactory().get_parent()
    url = reverse("wagtailadmin_pages:add", args=["lessons", "lessonpage", course.pk])
    good = ["I went to the bank yesterday."]

    assert editor.post(url, lesson_form(good, (other.pk, point.pk))).status_code == 302

    saved = LessonPage.objects.get(slug="at-the-bank").get_latest_revision_as_object()
    assert [link.point_id for link in saved.grammar_links.all()] == [other.pk, point.pk]


CHOOSE = "wagtailsnippetchoosers_lessons_vocabularyitem:choose_results"


def chooser_lists(client, **params) -> str:
    return client.get(reverse(CHOOSE), params).content.decode()


def chosen_url(item) -> str:
    return reverse("wagtailsnippetchoosers_lessons_vocabularyitem:chosen", args=[item.pk])


def test_the_chooser_shows_level_south_gloss_and_gap_type(editor):
    VocabularyItemFactory(
        headword="tractor", cefr_level="B1", gloss_sk="트랙터", gap_type="russian_bridge"
    )
    modal = editor.get(reverse("wagtailsnippetchoosers_lessons_vocabularyitem:choose"))
    html = modal.json()["html"]
    assert "tractor" in html and "B1" in html and "트랙터" in html
    assert "Russian bridge" in html
    assert 'name="cefr_level"' in html and 'name="gap_type"' in html


def test_the_chooser_filters_by_level_and_gap_type_and_searches_glosses(editor):
    tractor = VocabularyItemFactory(
        headword="tractor", cefr_level="B1", gap_type="russian_bridge", gloss_sk="트랙터"
    )
    lease = VocabularyItemFactory(headword="lease", cefr_level="B1", gap_type="concept_gap")
    bread = VocabularyItemFactory(headword="bread", cefr_level="A1", gap_type="none")
    html = chooser_lists(editor, cefr_level="B1")
    assert chosen_url(tractor) in html and chosen_url(lease) in html
    assert chosen_url(bread) not in html
    html = chooser_lists(editor, cefr_level="B1", gap_type="concept_gap")
    assert chosen_url(lease) in html and chosen_url(tractor) not in html
    html = chooser_lists(editor, q="트랙터", cefr_level="B1")
    assert chosen_url(tractor) in html and chosen_url(lease) not in html


def test_the_chooser_refuses_an_unknown_level_by_ignoring_it(editor):
    item = VocabularyItemFactory(headword="tractor")
    assert chosen_url(item) in chooser_lists(editor, cefr_level="Z9")


def test_the_chooser_query_count_does_not_grow_with_items(editor, django_assert_max_num_queries):
    VocabularyItemFactory.create_batch(3)
    with django_assert_max_num_queries(30) as few:
        chooser_lists(editor)
    VocabularyItemFactory.create_batch(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        chooser_lists(editor)


def edit_form(lesson, title: str, **revision) -> dict:
    form = lesson_form(["I went to the bank yesterday."])
    return {**form, "title": title, **revision}


def loaded(revision) -> dict:
    return {
        "loaded_revision_id": str(revision.pk),
        "loaded_revision_created_at": revision.created_at.isoformat(),
    }


def test_a_stale_autosave_never_overwrites_a_newer_save(editor):
    """An autosave sent before a Save draft, arriving after it, is refused."""
    lesson = LessonPageFactory()
    lesson.save_revision()
    url = reverse("wagtailadmin_pages:edit", args=[lesson.pk])
    json = {"HTTP_ACCEPT": "application/json"}
    first = lesson.get_latest_revision()

    autosaved = editor.post(url, edit_form(lesson, "Typed", **loaded(first)), **json).json()
    autosave_revision = lesson.revisions.get(pk=autosaved["revision_id"])
    assert (
        editor.post(url, edit_form(lesson, "Saved", **loaded(autosave_revision))).status_code == 302
    )

    stale = edit_form(lesson, "Typ", overwrite_revision_id=str(autosave_revision.pk))
    response = editor.post(url, {**stale, **loaded(first)}, **json)

    assert response.status_code == 400
    assert response.json()["error_code"] == "invalid_revision"
    lesson.refresh_from_db()
    assert lesson.latest_revision_id != autosave_revision.pk
    assert lesson.get_latest_revision_as_object().title == "Saved"
