"""The package the load test's learners upload: a load learner's own deck, studied
in a real Anki collection (the `anki` library, a test dependency) over three
simulated days and exported with its scheduling, as a learner who took the deck
offline would send it back. The notes are the learners' words, so each upload
brings reviews of the uploader's own cards, older than their web answers.

    python -m cluster.ankipack ACCOUNTS_FILE OUT.colpkg

Writes OUT.colpkg and OUT.json ({"reviews": how many answers the package holds}).
"""

import argparse
import json
import tempfile
from pathlib import Path

RATINGS = (3, 1, 4, 3, 2, 3, 3)  # cycled over cards and days
DAYS = 3


def studied_package(username: str, out: Path) -> int:
    """Write the studied package; return how many answers it holds."""
    from django.contrib.auth import get_user_model

    from progress.anki import decks
    from tests.support.anki_collection import import_package, new_collection
    from tests.support.anki_history import age_collection, answer

    deck = decks.learner_deck(get_user_model().objects.get(username=username)).package()
    with tempfile.TemporaryDirectory() as folder:
        col = new_collection(Path(folder) / "collection")
        import_package(col, deck, Path(folder))
        for day in range(DAYS):
            for n, card_id in enumerate(sorted(col.find_cards(""))):
                answer(col, card_id, RATINGS[(n + day) % len(RATINGS)], 1500)
            age_collection(col, days=1)
        reviews = col.db.scalar("select count() from revlog")
        col.export_collection_package(str(out), include_media=False, legacy=False)
        col.close()
    return reviews


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m cluster.ankipack")
    parser.add_argument("accounts", type=Path)
    parser.add_argument("out", type=Path)
    args = parser.parse_args(argv)
    import django

    django.setup()
    learner = json.loads(args.accounts.read_text())["learners"][0]
    reviews = studied_package(learner, args.out)
    args.out.with_suffix(".json").write_text(json.dumps({"reviews": reviews}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
