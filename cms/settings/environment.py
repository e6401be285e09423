"""Settings read from the environment, refused with a clear message when malformed."""

import os

from django.core.exceptions import ImproperlyConfigured


def number_from_environment(name: str, default: float, kind: type = int) -> float:
    """The environment's `name` as a number of 0 or more (`default` when unset), or a
    clear refusal to start naming the setting and the value it was given."""
    text = os.environ.get(name, "").strip()
    if not text:
        return kind(default)
    try:
        value = kind(text)
    except ValueError:
        value = -1
    if value < 0:
        what = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name} must be {what} of 0 or more, not {text!r}.")
    return value


# Seconds a signed media URL stays valid: long enough to start a download, too
# short to be worth passing on.
S3_URL_EXPIRE = 300
# An S3 file read by a worker is spooled to a temporary file beyond this many bytes.
S3_MAX_MEMORY_BYTES = 1024 * 1024


def media_storage_from_environment() -> dict:
    """The default storage: local files (MEDIA_ROOT) unless MEDIA_STORAGE=s3, then a
    private S3-compatible bucket read with the server's keys and, where a URL must
    leave the server, signed URLs that expire after S3_URL_EXPIRE seconds."""
    kind = os.environ.get("MEDIA_STORAGE", "").strip().lower() or "local"
    if kind == "local":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if kind != "s3":
        raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {kind!r}.")
    bucket = os.environ.get("S3_BUCKET", "").strip()
    if not bucket:
        raise ImproperlyConfigured("MEDIA_STORAGE=s3 needs S3_BUCKET, the bucket's name.")
    options = s3_options(
        bucket=bucket,
        endpoint=os.environ.get("S3_ENDPOINT_URL", "").strip() or None,
        access_key=os.environ.get("S3_ACCESS_KEY_ID") or None,
        secret_key=os.environ.get("S3_SECRET_ACCESS_KEY") or None,
        region=os.environ.get("S3_REGION") or None,
    )
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def s3_options(
    *,
    bucket: str,
    endpoint: str | None,
    access_key: str | None,
    secret_key: str | None,
    region: str | None,
) -> dict:
    """django-storages' S3Storage options for a private bucket. Keys left out
    (None) come from boto3's own chain: its environment variables, an instance role."""
    return {
        "bucket_name": bucket,
        "endpoint_url": endpoint,
        "access_key": access_key,
        "secret_key": secret_key,
        "region_name": region,
        # Private objects: no ACL grant of our own, so the bucket's (private) one holds.
        "default_acl": None,
        "querystring_auth": True,
        "querystring_expire": S3_URL_EXPIRE,
        "file_overwrite": False,
        "max_memory_size": S3_MAX_MEMORY_BYTES,
        "signature_version": "s3v4",
        # Self-hosted servers (MinIO, moto, Ceph) answer on one host, not per bucket.
        "addressing_style": "path" if endpoint else None,
        "object_parameters": {"CacheControl": "private"},
    }
