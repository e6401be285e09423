"""The placement test's pages: a sitting from start to result, what a stale or odd
answer does (nothing), retakes, and who may see a sitting (its learner only)."""

from django.urls import reverse

import pytest

from progress import placement, placement_items, placing
from progress.models import LessonProgress, PlacementTest
from tests.factories.accounts import learner
from tests.factories.lessons import LessonPageFactory, VocabularyItemFactory


@pytest.fixture
def curriculum(placement_curriculum):
    return placement_curriculum


def question_of(test: PlacementTest):
    return placement_items.bank()[test.asking]


def sit(client, answer) -> PlacementTest:
    """Take the whole test through the pages; `answer(question)` gives a choice or None."""
    response = client.post(reverse("progress:placement_start"))
    test = PlacementTest.objects.get(pk=response.url.rstrip("/").split("/")[-1])
    for _ in range(placement.MAX_ITEMS + 1):
        test.refresh_from_db()
        if test.is_finished:
            return test
        assert client.get(reverse("progress:placement_question", args=[test.pk])).status_code == 200
        choice = answer(question_of(test))
        data = {"item": test.asking, **({"choice": choice} if choice else {"dont_know": "1"})}
        client.post(reverse("progress:placement_answer", args=[test.pk]), data)
    raise AssertionError("the test did not finish")


def test_a_learner_who_knows_nothing_is_placed_in_pre_a1_and_sent_to_its_first_lesson(
    client, curriculum
):
    client.force_login(learner())
    test = sit(client, lambda question: None)
    assert test.level == "A0"
    assert test.lesson_id == curriculum["A0"].pk
    page = client.get(reverse("progress:placement_result", args=[test.pk]))
    assert "Pre-A1" in page.content.decode()
    assert curriculum["A0"].url in page.content.decode()


def test_a_learner_who_knows_everything_is_placed_at_the_top(client, curriculum):
    client.force_login(learner())
    test = sit(client, lambda question: question.right)
    assert test.level in ("B1", "B2")  # the bank's hardest items are B2 words
    assert test.lesson_id == curriculum[test.level].pk
    assert placement.MIN_ITEMS <= len(test.answers) <= placement.MAX_ITEMS


def test_the_question_page_never_carries_which_choice_is_right(client, curriculum):
    client.force_login(learner())
    response = client.post(reverse("progress:placement_start"))
    test = PlacementTest.objects.get()
    html = client.get(response.url).content.decode()
    form = html[html.index('<form class="exercise__form"') :]
    form = form[: form.index("</form>")]
    for choice in placement_items.bank()[test.asking].choices:  # every choice shown alike
        assert form.count(f'value="{choice}"') == 1
    assert "correct" not in form and "right" not in form


def test_an_answer_for_another_item_changes_nothing(client, curriculum):
    client.force_login(learner())
    client.post(reverse("progress:placement_start"))
    test = PlacementTest.objects.get()
    asking = test.asking
    url = reverse("progress:placement_answer", args=[test.pk])
    response = client.post(
        url,
        {"item": "letter:Q" if asking != "letter:Q" else "letter:R", "choice": "q"},
        follow=True,
    )
    test.refresh_from_db()
    assert test.answers == [] and test.asking == asking
    assert "already answered" in response.content.decode() or "이미" in response.content.decode()


@pytest.mark.parametrize("choice", ["not an option", "a\x00b", "x" * 100_000])
def test_an_odd_choice_gets_a_message_and_changes_nothing(client, curriculum, choice):
    client.force_login(learner())
    client.post(reverse("progress:placement_start"))
    test = PlacementTest.objects.get()
    url = reverse("progress:placement_answer", args=[test.pk])
    response = client.post(url, {"item": test.asking, "choice": choice}, follow=True)
    assert response.status_code == 200
    test.refresh_from_db()
    assert test.answers == []


def test_no_choice_at_all_asks_again(client, curriculum):
    client.force_login(learner())
    client.post(reverse("progress:placement_start"))
    test = PlacementTest.objects.get()
    response = client.post(
        reverse("progress:placement_answer", args=[test.pk]), {"item": test.asking}, follow=True
    )
    assert response.status_code == 200
    test.refresh_from_db()
    assert test.answers == []


def test_starting_again_goes_on_with_the_unfinished_sitting_and_a_retake_is_new(client, curriculum):
    user = learner()
    client.force_login(user)
    client.post(reverse("progress:placement_start"))
    client.post(reverse("progress:placement_start"))
    assert PlacementTest.objects.filter(learner=user).count() == 1
    first = sit(client, lambda question: None)  # goes on with the same sitting
    assert PlacementTest.objects.filter(learner=user).count() == 1
    second = sit(client, lambda question: question.right)
    assert second.pk != first.pk
    assert placing.latest(user) == second
    home = client.get(reverse("progress:placement")).content.decode()
    assert reverse("progress:placement_result", args=[second.pk]) in home


def test_the_starting_lesson_skips_lessons_the_learner_has_completed(curriculum):
    user = learner()
    course = curriculum["A1"].get_parent()
    later = LessonPageFactory(parent=course, title="Second lesson at A1", cefr_level="A1")
    LessonProgress.objects.create(
        learner=user,
        lesson=curriculum["A1"],
        started_at="2026-12-01T10:00Z",
        last_activity_at="2026-12-01T10:00Z",
        completed_at="2026-12-01T10:20Z",
    )
    assert placing.starting_lesson(user, "A1").pk == later.pk


def test_a_level_with_no_lesson_left_starts_at_the_nearest_level_below(curriculum):
    curriculum["B2"].delete()
    assert placing.starting_lesson(learner(), "B2").pk == curriculum["B1"].pk


def test_a_stranger_gets_404_on_every_page_of_a_sitting(client, curriculum):
    owner = learner()
    client.force_login(owner)
    client.post(reverse("progress:placement_start"))
    test = PlacementTest.objects.get()
    finished = sit(client, lambda question: None)
    client.force_login(learner())
    for name in ("placement_question", "placement_result"):
        assert client.get(reverse(f"progress:{name}", args=[finished.pk])).status_code == 404
    response = client.post(
        reverse("progress:placement_answer", args=[test.pk]), {"item": "letter:A", "choice": "a"}
    )
    assert response.status_code == 404
    client.logout()
    for name in ("placement_question", "placement_result"):
        response = client.get(reverse(f"progress:{name}", args=[finished.pk]))
        assert response.status_code == 302 and "login" in response.url
    assert client.get(reverse("progress:placement")).status_code == 302


def test_the_bank_mixes_every_kind_and_levels_its_words_by_frequency(curriculum):
    bank = placement_items.bank()
    kinds = {question.item.kind for question in bank.values()}
    assert {"letter", "word", "reading"} <= kinds
    easy = bank[f"word:{VocabularyItemFactory._meta.model.objects.get(headword='money').uuid}"]
    hard = bank[f"word:{VocabularyItemFactory._meta.model.objects.get(headword='tenure').uuid}"]
    assert easy.item.difficulty < hard.item.difficulty
    for question in bank.values():
        assert question.right in question.choices
        assert len(set(question.choices)) == len(question.choices)
        assert question.item.guess == pytest.approx(1 / len(question.choices))
