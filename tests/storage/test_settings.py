"""MEDIA_STORAGE picks the default storage: local files unless it says s3, then a
private bucket whose name must be given; anything else refuses to start."""

from django.core.exceptions import ImproperlyConfigured

import pytest

from cms.settings.environment import media_storage_from_environment

S3_VARIABLES = ("S3_BUCKET", "S3_ENDPOINT_URL", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY")


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch):
    for name in ("MEDIA_STORAGE", "S3_REGION", *S3_VARIABLES):
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


def test_local_files_are_the_default(clean_environment):
    local = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert media_storage_from_environment() == local
    clean_environment.setenv("MEDIA_STORAGE", " Local ")
    assert media_storage_from_environment() == local


def test_s3_is_a_private_bucket_with_short_signed_urls(clean_environment):
    values = ["media", "http://127.0.0.1:9000", "key-id", "key-secret"]
    for name, value in zip(S3_VARIABLES, values, strict=True):
        clean_environment.setenv(name, value)
    clean_environment.setenv("MEDIA_STORAGE", "s3")
    clean_environment.setenv("S3_REGION", "eu-west-1")
    storage = media_storage_from_environment()
    options = storage["OPTIONS"]
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert options["bucket_name"] == "media" and options["region_name"] == "eu-west-1"
    assert options["endpoint_url"] == "http://127.0.0.1:9000"
    assert (options["access_key"], options["secret_key"]) == ("key-id", "key-secret")
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["querystring_expire"] <= 600 and options["file_overwrite"] is False
    assert options["addressing_style"] == "path" and options["max_memory_size"] > 0


def test_s3_without_an_endpoint_is_aws_with_keys_from_its_own_chain(clean_environment):
    clean_environment.setenv("MEDIA_STORAGE", "s3")
    clean_environment.setenv("S3_BUCKET", "media")
    options = media_storage_from_environment()["OPTIONS"]
    assert options["endpoint_url"] is None and options["addressing_style"] is None
    assert options["access_key"] is None and options["secret_key"] is None


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"MEDIA_STORAGE": "s3"}, "MEDIA_STORAGE=s3 needs S3_BUCKET"),
        ({"MEDIA_STORAGE": "s3", "S3_BUCKET": "  "}, "MEDIA_STORAGE=s3 needs S3_BUCKET"),
        ({"MEDIA_STORAGE": "gcs"}, "MEDIA_STORAGE must be 'local' or 's3', not 'gcs'"),
    ],
)
def test_an_incomplete_or_unknown_storage_refuses_to_start(clean_environment, variables, message):
    for name, value in variables.items():
        clean_environment.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        media_storage_from_environment()
