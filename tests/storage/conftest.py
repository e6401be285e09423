"""A real S3-compatible server for the media tests: S3_TEST_ENDPOINT_URL names it
(`.ci/run` starts moto's server, `moto_server -H 127.0.0.1 -p 9000`). Without one
the tests skip, or fail under REQUIRE_SERVICES=1. Each test gets a fresh private
bucket as the default storage, with the options production uses."""

import os
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass

import boto3
import pytest

from cms.settings.environment import s3_options
from tests.conftest import answers, missing

ACCESS_KEY = SECRET_KEY = "saebom-test"
REGION = "us-east-1"


@dataclass
class Bucket:
    name: str
    endpoint: str
    client: object

    def stored(self, prefix: str = "") -> set[str]:
        listed = self.client.list_objects_v2(Bucket=self.name, Prefix=prefix)
        return {entry["Key"] for entry in listed.get("Contents", [])}

    def anonymous_status(self, key: str) -> int:
        """The status of a plain GET of the object with no signature at all."""
        url = f"{self.endpoint}/{self.name}/{key}"
        try:
            with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                return response.status
        except urllib.error.HTTPError as error:
            return error.code


@pytest.fixture(scope="session")
def s3_endpoint():
    url = os.environ.get("S3_TEST_ENDPOINT_URL", "").rstrip("/")
    if not url or not answers(url):
        missing(
            "an S3-compatible server (set S3_TEST_ENDPOINT_URL, e.g. to a "
            "`moto_server -H 127.0.0.1 -p 9000` at http://127.0.0.1:9000)"
        )
    return url


@pytest.fixture
def bucket(s3_endpoint, settings) -> Bucket:
    name = f"saebom-test-{uuid.uuid4().hex[:16]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        region_name=REGION,
    )
    client.create_bucket(Bucket=name)
    options = s3_options(
        bucket=name,
        endpoint=s3_endpoint,
        access_key=ACCESS_KEY,
        secret_key=SECRET_KEY,
        region=REGION,
    )
    default = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}
    settings.STORAGES = {**settings.STORAGES, "default": default}
    return Bucket(name, s3_endpoint, client)
