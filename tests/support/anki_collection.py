"""A real Anki collection (the `anki` library) for tests of exported decks."""

from pathlib import Path

import anki.collection  # noqa: F401 - must be imported before anki.cards
from anki import import_export_pb2 as ie
from anki.collection import Collection

IF_NEWER = ie.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER


def new_collection(folder: Path) -> Collection:
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def import_package(col: Collection, package: bytes, folder: Path, name: str = "deck.apkg"):
    """Import like Anki's GUI does by default; return the import log."""
    path = folder / name
    path.write_bytes(package)
    request = ie.ImportAnkiPackageRequest(
        package_path=str(path),
        options=ie.ImportAnkiPackageOptions(
            merge_notetypes=False,
            update_notes=IF_NEWER,
            update_notetypes=IF_NEWER,
            with_scheduling=False,
            with_deck_configs=False,
        ),
    )
    return col.import_anki_package(request).log


def import_warnings(log) -> dict[str, int]:
    """The parts of an import log that mean something went wrong."""
    kinds = (
        "conflicting",
        "first_field_match",
        "missing_notetype",
        "missing_deck",
        "empty_first_field",
    )
    return {kind: len(getattr(log, kind)) for kind in kinds if len(getattr(log, kind))}
