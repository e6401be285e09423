"""A real Anki collection (the `anki` library) for tests of exported decks."""

from pathlib import Path

import anki.collection  # noqa: F401 - must be imported before anki.cards
from anki import deck_config_pb2
from anki import import_export_pb2 as ie
from anki.collection import Collection
from anki.decks import UpdateDeckConfigs

IF_NEWER = ie.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER


def new_collection(folder: Path) -> Collection:
    folder.mkdir(parents=True, exist_ok=True)
    return Collection(str(folder / "collection.anki2"))


def switch_on_fsrs(col: Collection, deck_id: int, parameters=()) -> None:
    """Turn FSRS on for the deck's preset, with `parameters` if given, as Anki's deck
    options screen does, without rescheduling existing cards."""
    updates = col.decks.get_deck_configs_for_update(deck_id)
    preset = updates.all_config[0].config
    if parameters:
        del preset.config.fsrs_params_6[:]
        preset.config.fsrs_params_6.extend(parameters)
    col.decks.update_deck_configs(
        UpdateDeckConfigs(
            target_deck_id=deck_id, configs=[preset], removed_config_ids=[],
            mode=deck_config_pb2.UpdateDeckConfigsMode.UPDATE_DECK_CONFIGS_MODE_NORMAL,
            card_state_customizer=updates.card_state_customizer,
            limits=updates.current_deck.limits,
            new_cards_ignore_review_limit=updates.new_cards_ignore_review_limit,
            fsrs=True, apply_all_parent_limits=updates.apply_all_parent_limits,
            fsrs_reschedule=False, fsrs_health_check=False,
        )
    )  # fmt: skip


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
