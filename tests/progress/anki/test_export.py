"""Packages from progress.anki.export import cleanly into real Anki and update in place."""

import io
import json
import zipfile

import pytest

from progress.anki.export import (
    FIELDS,
    MODEL_ID,
    SOUTH_FIRST_TAG,
    ExportDeck,
    ExportNote,
    MediaFile,
    build_package,
    deck_name,
    note_guid,
)
from tests.support.anki_collection import import_package, import_warnings, new_collection


def word(n: int, **overrides) -> ExportNote:
    values = {
        "word_id": f"00000000-0000-4000-8000-{n:012d}",
        "english": f"word{n}",
        "ipa": f"/wɝd{n}/",
        "korean_north": f"북말{n}",
        "korean_south": f"남말{n}",
        "example": f"This is word{n}.",
        "example_translation": f"이것은 낱말{n}입니다.",
        "topics": ("daily",),
    }
    return ExportNote(**{**values, **overrides})


@pytest.fixture
def col(tmp_path):
    collection = new_collection(tmp_path / "anki")
    yield collection
    collection.close()


def test_a_lesson_deck_imports_with_every_field_and_no_warnings(col, tmp_path):
    notes = [word(1, gap_note="남에서는 <샴푸>라고 합니다", loanword="샴푸"), word(2)]
    deck = ExportDeck(deck_name("First Steps", "Greetings"), notes)
    log = import_package(col, build_package([deck], timestamp=1_700_000_000), tmp_path)

    assert len(log.new) == 2 and import_warnings(log) == {}
    assert col.note_count() == 2 and col.card_count() == 4
    nid = col.db.scalar("select id from notes where guid = ?", note_guid(notes[0].word_id))
    note = col.get_note(nid)
    assert note.note_type()["id"] == MODEL_ID
    assert [f["name"] for f in note.note_type()["flds"]] == FIELDS
    assert dict(note.items()) == {
        "English": "word1",
        "IPA": "/wɝd1/",
        "KoreanNorth": "북말1",
        "KoreanSouth": "남말1",
        "Loanword": "샴푸",
        "GapNote": "남에서는 &lt;샴푸&gt;라고 합니다",
        "Example": "This is word1.",
        "ExampleTranslation": "이것은 낱말1입니다.",
        "Audio": "",
        "Topics": "daily",
        "WordId": notes[0].word_id,
    }
    assert col.decks.by_name("Saebom::First Steps::Greetings") is not None


def test_both_templates_render_the_headword_and_both_glosses(col, tmp_path):
    deck = ExportDeck(deck_name("First Steps", "Greetings"), [word(7)])
    import_package(col, build_package([deck], timestamp=1_700_000_000), tmp_path)
    cards = sorted((col.get_card(cid) for cid in col.find_cards("")), key=lambda c: c.ord)
    recognition, production = cards
    assert "word7" in recognition.question()
    assert "북말7" in recognition.answer() and "남말7" in recognition.answer()
    assert "북말7" in production.question() and "남말7" in production.question()
    assert "word7" in production.answer()
    assert "tts" in recognition.question_av_tags()[0].__class__.__name__.lower()


def test_audio_is_bundled_under_its_flat_name(col, tmp_path):
    sound = tmp_path / "source.mp3"
    sound.write_bytes(b"ID3 not really audio")
    note = word(3, audio=(MediaFile("saebom_00000003_word3.mp3", sound),))
    package = build_package([ExportDeck(deck_name("C", "L"), [note])], timestamp=1_700_000_000)
    import_package(col, package, tmp_path)
    stored = col.media.dir() + "/saebom_00000003_word3.mp3"
    with open(stored, "rb") as handle:
        assert handle.read() == b"ID3 not really audio"
    check = col.media.check()
    assert not check.missing and not check.unused


def test_the_collection_is_deflated_and_sounds_are_stored_as_they_are(tmp_path):
    """A learner on a metered phone downloads the collection compressed; an MP3 is
    compressed already, so deflating it again would cost time for nothing."""
    sound = tmp_path / "source.mp3"
    sound.write_bytes(b"ID3 not really audio")
    notes = [word(n) for n in range(200)]
    notes[0] = word(0, audio=(MediaFile("saebom_00000000_word0.mp3", sound),))
    package = build_package([ExportDeck(deck_name("C", "L"), notes)], timestamp=1_700_000_000)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        collection, sound_member = archive.getinfo("collection.anki2"), archive.getinfo("0")
        assert json.loads(archive.read("media")) == {"0": "saebom_00000000_word0.mp3"}
    assert collection.compress_type == zipfile.ZIP_DEFLATED
    assert collection.compress_size < collection.file_size / 4
    assert sound_member.compress_type == zipfile.ZIP_STORED


def test_a_newer_build_updates_in_place_and_keeps_reviews(col, tmp_path):
    deck_title = deck_name("First Steps", "Greetings")
    first = [word(n) for n in range(1, 6)]
    import_package(
        col,
        build_package([ExportDeck(deck_title, first)], timestamp=1_700_000_000),
        tmp_path,
        "v1.apkg",
    )
    note_ids = sorted(col.find_notes(""))
    col.decks.select(col.decks.id_for_name(deck_title))
    col.sched.answer_card(_answer_first_card(col))
    card_rows_before = col.db.all("select id, nid, type, queue, due, ivl, reps from cards")
    revlog_before = col.db.scalar("select count() from revlog")

    edited = [word(1, korean_south="고친 말"), *first[1:], word(6), word(7)]
    log = import_package(
        col,
        build_package([ExportDeck(deck_title, edited)], timestamp=1_700_000_100),
        tmp_path,
        "v2.apkg",
    )

    assert len(log.new) == 2 and import_warnings(log) == {}
    assert col.note_count() == 7
    assert set(note_ids) <= set(col.find_notes(""))
    edited_id = col.db.scalar("select id from notes where guid = ?", note_guid(first[0].word_id))
    assert edited_id in note_ids
    assert col.get_note(edited_id)["KoreanSouth"] == "고친 말"
    assert revlog_before == 1
    assert col.db.scalar("select count() from revlog") == revlog_before
    kept = {
        row[0]: row for row in col.db.all("select id, nid, type, queue, due, ivl, reps from cards")
    }
    assert all(kept[row[0]] == row for row in card_rows_before)


def test_the_same_build_reimports_as_duplicates(col, tmp_path):
    deck = ExportDeck(deck_name("C", "L"), [word(1), word(2)])
    import_package(col, build_package([deck], timestamp=1_700_000_000), tmp_path, "a.apkg")
    log = import_package(col, build_package([deck], timestamp=1_700_000_000), tmp_path, "b.apkg")
    assert len(log.duplicate) == 2 and not log.new and not log.updated


def test_south_first_learners_get_the_ordering_tag(col, tmp_path):
    deck = ExportDeck(deck_name("My words"), [word(1)])
    import_package(col, build_package([deck], timestamp=1, south_first=True), tmp_path)
    note = col.get_note(col.find_notes("")[0])
    assert note.tags == [SOUTH_FIRST_TAG]
    assert SOUTH_FIRST_TAG in col.get_card(note.card_ids()[0]).answer()


def test_deck_names_cannot_smuggle_subdecks():
    assert deck_name("A::B", "C") == "Saebom::A:B::C"


def _answer_first_card(col):
    from anki.scheduler_pb2 import CardAnswer

    queued = col.sched.get_queued_cards(fetch_limit=1).cards[0]
    card = col.get_card(queued.card.id)
    card.start_timer()
    return col.sched.build_answer(card=card, states=queued.states, rating=CardAnswer.GOOD)
