"""Stored sound files sent by Saebom itself, through the storage API.

Rules: a sound a page plays has one stable address on this site, whatever the
storage (local files or a private S3 bucket): a signed bucket URL would change
with every page, so the phone's offline copy (kept under its URL) would never be
found again, and the Content-Security-Policy allows media only from this site.
The file is read from storage and sent in chunks of CHUNK bytes, never whole; a
`Range: bytes=a-b` request gets those bytes with a 206 (Safari plays media only
from partial answers), an unsatisfiable one a 416.
"""

import re
from collections.abc import Iterator

from django.core.files.storage import Storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse

CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def stored_file_response(request, storage: Storage, name: str, content_type: str):
    """The stored file `name` (its asked-for range, if any); 404 when it is gone."""
    try:
        handle = storage.open(name, "rb")
    except FileNotFoundError:
        raise Http404("This file is gone.") from None
    size = handle.size  # S3: read from the object's metadata, no second request
    wanted = byte_range(request.headers.get("Range", ""), size)
    if wanted is None:
        response = FileResponse(handle, content_type=content_type)
    elif wanted == ():
        handle.close()
        response = HttpResponse(status=416, headers={"Content-Range": f"bytes */{size}"})
    else:
        response = _partial(handle, *wanted, size=size, content_type=content_type)
    response["Accept-Ranges"] = "bytes"
    return response


def byte_range(header: str, size: int) -> tuple[int, int] | tuple[()] | None:
    """(first, last) byte of a single `bytes=` range; () when it cannot be met;
    None when there is no usable Range header (the whole file is sent)."""
    match = _RANGE.match(header.strip())
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if not first:  # the last `last` bytes
        start, end = max(0, size - int(last)), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    return (start, end) if start <= end else ()


def _partial(handle, start: int, end: int, *, size: int, content_type: str):
    handle.seek(start)
    response = StreamingHttpResponse(
        _chunks(handle, end - start + 1), status=206, content_type=content_type
    )
    response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(end - start + 1)
    return response


def _chunks(handle, length: int) -> Iterator[bytes]:
    with handle:
        while length > 0 and (chunk := handle.read(min(CHUNK, length))):
            length -= len(chunk)
            yield chunk
