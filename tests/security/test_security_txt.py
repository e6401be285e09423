"""docs/SECURITY.md tells people where to report a problem: /.well-known/security.txt."""

from django.urls import reverse

import pytest
import time_machine

pytestmark = pytest.mark.django_db


def test_security_txt_names_the_contact_and_an_expiry_a_year_ahead(client, settings):
    settings.SECURITY_CONTACT = "mailto:security@saebom.example"
    with time_machine.travel("2026-12-06 10:00Z", tick=False):
        response = client.get(reverse("security_txt"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert "Contact: mailto:security@saebom.example" in lines
    assert "Expires: 2027-12-06T10:00:00Z" in lines


def test_without_a_contact_there_is_no_security_txt(client, settings):
    settings.SECURITY_CONTACT = ""
    assert client.get(reverse("security_txt")).status_code == 404
