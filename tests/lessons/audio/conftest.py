import pytest


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Rendered files go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
