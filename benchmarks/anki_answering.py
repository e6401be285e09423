"""Anki's own `answer_card` as a side of the review-recording benchmarks.

A collection with FSRS on holds the cards; each answer is what Anki's reviewer
does: read the card, start its timer, ask the backend for the four next states
and answer with one of them (Anki commits each answer to its SQLite file, in WAL
mode with synchronous=FULL). Answers are given one call at a time, so that Anki
can take turns with Saebom and the floor inside one trial.
"""

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def anki_cards(count: int) -> Iterator[tuple]:
    """(collection, card ids) of `count` new Basic cards in a deck with FSRS on."""
    import anki.collection  # noqa: F401 - must be imported before the rest of anki
    from anki.collection import Collection

    from tests.support.anki_collection import switch_on_fsrs

    with tempfile.TemporaryDirectory() as folder:
        col = Collection(str(Path(folder) / "collection.anki2"))
        try:
            deck_id = col.decks.id("Saebom")
            switch_on_fsrs(col, deck_id)
            model = col.models.by_name("Basic")
            for n in range(count):
                note = col.new_note(model)
                note["Front"], note["Back"] = f"word {n}", "낱말"
                col.add_note(note, deck_id)
            yield col, list(col.find_cards(""))
        finally:
            col.close()


def twice(col, card_ids: list[int]) -> list[tuple]:
    """Answers to every card, then to every card again (one in five Again), as
    record_reviews.twice gives Saebom's; Anki's ratings are 0-based (Again=0, Good=2)."""
    first = [(col, card_id, 2) for card_id in card_ids]
    again = [(col, card_id, 2 if n % 5 else 0) for n, card_id in enumerate(card_ids)]
    return first + again


def answer_anki(col, card_id: int, rating: int) -> None:
    card = col.get_card(card_id)
    card.start_timer()
    states = col._backend.get_scheduling_states(card_id)
    col.sched.answer_card(col.sched.build_answer(card=card, states=states, rating=rating))
