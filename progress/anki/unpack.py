"""Opening an uploaded Anki package without trusting it.

Package formats, by the version in the protobuf `meta` member:

- 3 (Anki 2.1.50+, the default): `collection.anki21b` is a zstd-compressed SQLite
  file (frames carry no content size, so it is stream-decompressed); `media` is
  zstd(protobuf MediaEntries); media files are zstd-compressed.
- 2 (Anki's "support older versions" export): `collection.anki21`, plain SQLite;
  `media` is JSON.
- 1 (no `meta`; Anki 2.0 and genanki): `collection.anki2`, JSON `media`.

Versions 2 and 3 also carry a stub `collection.anki2` that only asks old Ankis to
upgrade; the newest collection present is the one read, so the stub never is.
A .colpkg has the same layout and holds the whole collection.

The upload's size, member count, member names and the zip's declared sizes and
ratios are checked before anything is inflated, and the same caps are enforced
again while inflating, since declared sizes can lie. Media files are never
extracted; only their map is read.
"""

import copy
import io
import json
import os
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import zstandard

from .exceptions import BadMemberName, DamagedPackage, MissingCollection, NotAZip, TooLarge, ZipBomb

MB = 1024 * 1024
COLLECTIONS = {3: "collection.anki21b", 2: "collection.anki21", 1: "collection.anki2"}
KNOWN_MEMBERS = {"meta", "media", *COLLECTIONS.values()}
_CHUNK = MB
# Anki writes its zstd frames at ordinary levels (windows of a few MB); a larger
# window would only let a hostile frame claim more memory.
_ZSTD_WINDOW = 32 * MB
# What zipfile, zlib and zstandard raise on a member whose bytes or headers are
# broken (a bad CRC, a local header that disagrees with the directory, an offset
# before the start of the file, an unsupported feature, a corrupt frame).
_DAMAGE = (
    zipfile.BadZipFile,
    zlib.error,
    zstandard.ZstdError,
    EOFError,
    ValueError,
    RuntimeError,
    NotImplementedError,
)


@dataclass(frozen=True)
class Limits:
    """What an upload may hold. The defaults fit a learner's whole collection
    exported without media, with room to spare."""

    upload_bytes: int = 50 * MB  # the uploaded file itself
    uncompressed_bytes: int = 500 * MB  # all members together, and the inflated collection
    ratio: int = 100  # inflated : compressed, per member and for the zstd collection ...
    ratio_floor_bytes: int = MB  # ... once it inflates past this (small members compress well)
    members: int = 10_000
    name_chars: int = 255
    media_map_bytes: int = 8 * MB
    field_bytes: int = 16 * MB  # any single value in the collection
    reviews: int = 1_000_000
    notes: int = 200_000
    cards: int = 400_000

    def inflation_cap(self, compressed: int) -> int:
        by_ratio = max(self.ratio_floor_bytes, self.ratio * compressed)
        return min(self.uncompressed_bytes, by_ratio)


def check_upload_size(source, limits: Limits) -> None:
    if hasattr(source, "read"):
        size = source.seek(0, os.SEEK_END)
        source.seek(0)
    else:
        size = os.stat(source).st_size
    if size > limits.upload_bytes:
        raise TooLarge(
            f"This file is larger than {limits.upload_bytes // MB} MB. In Anki, export only "
            "your Saebom decks, without media, and upload that file."
        )


def open_zip(source) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise NotAZip() from error


def checked_members(archive: zipfile.ZipFile, limits: Limits) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > limits.members:
        raise ZipBomb(
            f"This package holds more than {limits.members:,} files. In Anki, export "
            "your Saebom decks without media and upload that file."
        )
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        name = info.orig_filename  # before zipfile cuts it at a NUL byte
        if not _acceptable_name(name, limits) or name in members:
            raise BadMemberName()
        if info.flag_bits & 0x1 or info.compress_type not in (
            zipfile.ZIP_STORED,
            zipfile.ZIP_DEFLATED,
        ):
            raise DamagedPackage()  # encrypted, or compressed in a way Anki never uses
        if info.file_size > limits.inflation_cap(info.compress_size):
            raise ZipBomb()
        members[name] = info
    if sum(info.file_size for info in infos) > limits.uncompressed_bytes:
        raise ZipBomb()
    return members


def _acceptable_name(name: str, limits: Limits) -> bool:
    if not name or len(name) > limits.name_chars or "\\" in name or name.startswith("/"):
        return False
    if any(ord(char) < 32 or ord(char) == 127 for char in name) or ".." in name.split("/"):
        return False
    # Media files are numbered; everything else has a fixed name.
    return name in KNOWN_MEMBERS or (name.isascii() and name.isdigit())


def _member(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> IO[bytes]:
    # zipfile stops at the declared size (and then fails the CRC check). Allowing it
    # more than a chunk beyond lets the capped copy see a member that inflates past
    # what it declares and refuse it as such, before zipfile reaches its new end.
    probe = copy.copy(info)
    probe.file_size = info.file_size + _CHUNK + 1
    return archive.open(probe)


def _copy_capped(source: IO[bytes], target: IO[bytes], cap: int) -> int:
    written = 0
    while chunk := source.read(_CHUNK):
        written += len(chunk)
        if written > cap:
            raise ZipBomb()
        target.write(chunk)
    return written


@contextmanager
def _reading() -> Iterator[None]:
    try:
        yield
    except _DAMAGE as error:
        raise DamagedPackage() from error


def _read_member(archive, info: zipfile.ZipInfo, target: IO[bytes]) -> None:
    """Copy a member's inflated bytes into target, holding it to its declared size."""
    with _reading(), _member(archive, info) as stream:
        _copy_capped(stream, target, info.file_size)


def _small_member(archive, info: zipfile.ZipInfo, cap: int) -> bytes:
    if info.file_size > cap:
        raise ZipBomb()
    buffer = io.BytesIO()
    _read_member(archive, info, buffer)
    return buffer.getvalue()


def _unzstd(source: IO[bytes], target: IO[bytes], cap: int) -> int:
    decompressor = zstandard.ZstdDecompressor(max_window_size=_ZSTD_WINDOW)
    with (
        _reading(),
        decompressor.stream_reader(source, read_across_frames=True, closefd=False) as stream,
    ):
        return _copy_capped(stream, target, cap)


# meta and media ---------------------------------------------------------------


def package_version(archive, members: dict[str, zipfile.ZipInfo]) -> int:
    """The package version; the newest collection present decides, `meta` must agree."""
    present = [v for v in (3, 2, 1) if COLLECTIONS[v] in members]
    if not present:
        raise MissingCollection()
    version = present[0]
    if "meta" in members:
        data = _small_member(archive, members["meta"], cap=1024)
        try:
            declared = [value for field, value in _protobuf(data) if field == 1]
        except ValueError as error:
            raise DamagedPackage() from error
        declared = declared[-1] if declared else 0  # protobuf: the last value wins; 0 = unknown
        if not isinstance(declared, int):
            raise DamagedPackage()
        if declared > 3:
            raise DamagedPackage(
                "This package was made by a newer Anki than this site can read. In Anki, "
                "export again with 'Support older Anki versions' ticked."
            )
        if declared != version:
            raise DamagedPackage()
    return version


def media_map(archive, info: zipfile.ZipInfo | None, version: int, limits: Limits) -> dict:
    if info is None:
        return {}
    raw = _small_member(archive, info, cap=limits.media_map_bytes)
    try:
        if version < 3:
            mapping = json.loads(raw or b"{}")
            if not isinstance(mapping, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()
            ):
                raise ValueError("media map is not an object of strings")
            return mapping
        buffer = io.BytesIO()
        _unzstd(io.BytesIO(raw), buffer, limits.media_map_bytes)
        return _media_entries(buffer.getvalue())
    except (ValueError, UnicodeDecodeError) as error:
        raise DamagedPackage() from error


def _media_entries(data: bytes) -> dict[str, str]:
    """MediaEntries{repeated MediaEntry entries = 1}; MediaEntry{name = 1, size = 2,
    sha1 = 3, legacy_zip_filename = 255}; a file is stored under its index unless
    legacy_zip_filename says otherwise."""
    mapping = {}
    entries = (value for field, value in _protobuf(data) if field == 1)
    for index, entry in enumerate(entries):
        if not isinstance(entry, bytes):
            raise ValueError("media entry is not a message")
        fields = dict(_protobuf(entry))
        name, member = fields.get(1, b""), fields.get(255, index)
        if not isinstance(name, bytes) or not isinstance(member, int):
            raise ValueError("media entry has fields of the wrong type")
        mapping[str(member)] = name.decode()
    return mapping


def _protobuf(data: bytes) -> Iterator[tuple[int, int | bytes]]:
    """(field number, value) pairs of one protobuf message; varints as int,
    length-delimited and fixed-width values as bytes."""
    position = 0
    while position < len(data):
        key, position = _varint(data, position)
        field, wire = key >> 3, key & 7
        if wire == 0:
            value, position = _varint(data, position)
            yield field, value
            continue
        if wire == 2:
            size, position = _varint(data, position)
        elif wire in (1, 5):
            size = 8 if wire == 1 else 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
        if position + size > len(data):
            raise ValueError("truncated protobuf field")
        yield field, data[position : position + size]
        position += size


def _varint(data: bytes, position: int) -> tuple[int, int]:
    result = shift = 0
    while position < len(data) and shift < 64:
        byte = data[position]
        position += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, position
        shift += 7
    raise ValueError("truncated or overlong varint")


# The collection ---------------------------------------------------------------


def extract_collection(archive, info: zipfile.ZipInfo, version: int, path: Path, limits):
    with open(path, "wb") as target:
        if version < 3:
            _read_member(archive, info, target)
            return
        cap = limits.inflation_cap(info.compress_size)
        with _reading(), _member(archive, info) as compressed:
            _unzstd(_Capped(compressed, info.file_size), target, cap)


class _Capped:
    """A member stream that refuses to yield more than its declared size."""

    def __init__(self, stream: IO[bytes], declared: int):
        self._stream, self._left = stream, declared

    def read(self, size: int = -1) -> bytes:
        chunk = self._stream.read(size)
        self._left -= len(chunk)
        if self._left < 0:
            raise ZipBomb()
        return chunk
