"""Review history made by Anki's own scheduler, over days simulated in a real collection.

Anki answers against the real clock, so a day is made to pass by moving a card's
whole past (its revlog ids, last review and due) that many days earlier.
"""

import time

import anki.collection  # noqa: F401 - must be imported before the rest of anki
from anki.collection import Collection


def age_card(col: Collection, card_id: int, days: int) -> None:
    """Move a card's whole past `days` earlier: to the card, as many days have passed."""
    col.db.execute("update revlog set id = id - ? where cid = ?", days * 86_400_000, card_id)
    card = col.get_card(card_id)
    if card.last_review_time:
        card.last_review_time -= days * 86_400
    card.due -= days if card.queue == 2 else days * 86_400  # review: day number; else seconds
    col.update_card(card, skip_undo_entry=True)


def age_collection(col: Collection, days: int) -> None:
    for card_id in col.find_cards(""):
        age_card(col, card_id, days)


def answer(col: Collection, card_id: int, rating: int, milliseconds: int) -> None:
    """Answer one card through Anki's scheduler with rating 1-4 (Again..Easy)."""
    card = col.get_card(card_id)
    card.start_timer()
    states = col._backend.get_scheduling_states(card_id)
    reply = col.sched.build_answer(card=card, states=states, rating=rating - 1)
    reply.milliseconds_taken = milliseconds
    col.sched.answer_card(reply)
    # A revlog id is the answer's millisecond, bumped past any id taken; answers
    # faster than that drift ahead of the clock, and aging one card then moves its
    # rows onto another's. A millisecond apart, every answer keeps its own.
    time.sleep(0.001)
