"""Hostile or broken package files are refused with a named, learner-readable error."""

import io
import random
import zipfile

import pytest
import zstandard

from progress.anki.exceptions import (
    BadMemberName,
    DamagedPackage,
    MissingCollection,
    NotAZip,
    PackageError,
    TooLarge,
    ZipBomb,
)
from progress.anki.package import Limits, read_package
from tests.support.anki_packages import (
    MODERN_META,
    declare_size,
    exported_packages,
    members,
    reader_rows,
    write_zip,
)


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    return exported_packages(tmp_path_factory.mktemp("anki"))


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    for content in (b"", b"just some text, not a package"):
        path = tmp_path / "notes.apkg"
        path.write_bytes(content)
        with pytest.raises(NotAZip) as refused:
            read_package(path)
        assert refused.value.message == "This file is not an Anki package (.apkg or .colpkg)."


def test_an_upload_over_the_size_limit_is_refused_before_it_is_opened(tmp_path):
    path = tmp_path / "big.apkg"
    path.write_bytes(b"\0" * (2 * 1024 * 1024))
    with pytest.raises(TooLarge) as refused:
        read_package(path, limits=Limits(upload_bytes=1024 * 1024))
    assert refused.value.message.startswith("This file is larger than 1 MB.")


def test_a_member_that_inflates_past_its_declared_size_is_a_zip_bomb(exported, tmp_path):
    real = members(exported[0]["legacy"])["collection.anki21"]
    path = write_zip(tmp_path / "liar.apkg", [("collection.anki21", real)])
    declare_size(path, "collection.anki21", 1000)
    with pytest.raises(ZipBomb) as refused:
        read_package(path)
    assert "unpacks to far more data than an Anki export holds" in refused.value.message


def test_a_stored_zstd_collection_longer_than_declared_is_a_zip_bomb(exported, tmp_path):
    path = tmp_path / "liar.apkg"
    path.write_bytes(exported[0]["modern"].read_bytes())
    declare_size(path, "collection.anki21b", 100)
    with pytest.raises(ZipBomb):
        read_package(path)


def test_a_zstd_collection_that_inflates_past_the_cap_is_a_zip_bomb(tmp_path):
    bomb = zstandard.ZstdCompressor().compress(b"\0" * (8 * 1024 * 1024))
    path = write_zip(
        tmp_path / "bomb.apkg",
        [("meta", MODERN_META), ("collection.anki21b", bomb)],
        zipfile.ZIP_STORED,
    )
    with pytest.raises(ZipBomb):
        read_package(path)


def test_a_member_with_an_extreme_compression_ratio_is_refused_unread(tmp_path):
    path = write_zip(tmp_path / "ratio.apkg", [("collection.anki21", b"\0" * (2 * 1024 * 1024))])
    with pytest.raises(ZipBomb):
        read_package(path)


def test_a_package_with_too_many_files_is_refused(tmp_path):
    path = write_zip(tmp_path / "many.apkg", [(str(n), b"x") for n in range(5)])
    with pytest.raises(ZipBomb) as refused:
        read_package(path, limits=Limits(members=4))
    assert refused.value.message.startswith("This package holds more than 4 files.")


@pytest.mark.parametrize(
    "name",
    ["../evil", "/abs", "a\\b", "1" * 1000, "1Z1", "evil.exe", "media/../meta", "meta/"],
)
def test_absurd_member_names_are_refused(tmp_path, name):
    path = write_zip(tmp_path / "names.apkg", [("collection.anki2", b"x"), (name, b"x")])
    if name == "1Z1":  # zipfile cannot write a NUL, so put one into the written name
        path.write_bytes(path.read_bytes().replace(b"1Z1", b"1\x001"))
    with pytest.raises(BadMemberName) as refused:
        read_package(path)
    assert refused.value.message.startswith("This package contains a file name that Anki")


def test_a_package_without_a_collection_is_refused(tmp_path):
    path = write_zip(tmp_path / "empty.apkg", [("meta", MODERN_META), ("media", b""), ("0", b"x")])
    with pytest.raises(MissingCollection) as refused:
        read_package(path)
    assert "holds no Anki collection" in refused.value.message


def test_a_modern_collection_that_is_not_zstd_is_damaged(tmp_path):
    path = write_zip(tmp_path / "x.apkg", [("meta", MODERN_META), ("collection.anki21b", b"no")])
    with pytest.raises(DamagedPackage) as refused:
        read_package(path)
    assert refused.value.message.startswith("This package is damaged.")


def test_a_corrupted_member_is_damaged(exported, tmp_path):
    data = bytearray(exported[0]["legacy"].read_bytes())
    start = data.find(b"collection.anki21") + len("collection.anki21") + 200
    data[start : start + 50] = bytes(50)
    path = tmp_path / "corrupt.apkg"
    path.write_bytes(bytes(data))
    with pytest.raises(DamagedPackage):
        read_package(path)


@pytest.mark.parametrize(
    ("meta", "message"),
    [
        (b"\x08\x04", "made by a newer Anki than this site can read"),
        (b"\x08\x03", "This package is damaged."),  # says modern, holds a legacy collection
        (b"\x08", "This package is damaged."),  # truncated protobuf
    ],
)
def test_a_meta_that_does_not_match_the_package_is_refused(exported, tmp_path, meta, message):
    collection = members(exported[0]["legacy"])["collection.anki21"]
    path = write_zip(tmp_path / "meta.apkg", [("meta", meta), ("collection.anki21", collection)])
    with pytest.raises(DamagedPackage) as refused:
        read_package(path)
    assert message in refused.value.message


def test_random_damage_is_refused_with_a_package_error_or_read_intact(exported):
    packages, anki_rows = exported
    originals = [packages[name].read_bytes() for name in ("modern", "legacy", "colpkg")]
    chance = random.Random(9)
    outcomes = set()
    for _ in range(150):
        data = bytearray(chance.choice(originals))
        for _ in range(chance.randint(1, 4)):
            at = chance.randrange(len(data))
            if chance.random() < 0.7:
                data[at] = chance.randrange(256)
            else:
                del data[at : at + chance.randint(1, 50)]
        try:
            assert reader_rows(read_package(io.BytesIO(bytes(data)))) == anki_rows
            outcomes.add("intact")
        except PackageError as refused:
            outcomes.add(type(refused))
    assert {"intact", DamagedPackage} <= outcomes
