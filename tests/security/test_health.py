"""/healthz under production settings: a plain-HTTP probe gets the health answer,
not the HTTPS redirect every other path gets (a 301 would count as healthy);
and /healthz reports the cache."""

import pytest

from tests.cms.test_settings import PRODUCTION_ENV, run

PROBE = (
    "import django; django.setup();"
    "from django.test import Client;"
    "c = Client(headers={'host': 'saebom.example'});"
    "print(c.get('/healthz').status_code, c.get('/learn/review/').status_code)"
)


def test_healthz_is_not_redirected_to_https_under_production_settings(tmp_path):
    env = {
        **PRODUCTION_ENV,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SAEBOM_VAR_DIR": str(tmp_path),
    }
    result = run(["-c", PROBE], settings="cms.settings.production", extra_env=env)
    assert result.returncode == 0, result.stderr
    healthz, other = result.stdout.split()
    assert healthz in {"200", "503"}
    assert other == "301"


@pytest.mark.django_db
def test_healthz_reports_a_working_cache(client):
    body = client.get("/healthz").json()
    assert body["cache"]["ok"] is True
