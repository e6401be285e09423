"""The installable app (cms.views: manifest, worker, offline page) and the wipe on
sign-out (cms.middleware.ClearSiteDataOnSignOutMiddleware, the header's forms)."""

import json
import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from cms import views
from tests.factories.accounts import learner

pytestmark = pytest.mark.django_db

CLEAR = '"cache", "storage"'


def site_colours() -> dict[str, str]:
    css = finders.find("cms/site.css")
    with open(css, encoding="utf-8") as file:
        return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-f]{6});", file.read()))


def test_the_manifest_names_saebom_in_korean_and_opens_standalone_at_the_root(client):
    response = client.get("/manifest.webmanifest")
    manifest = json.loads(response.content)
    assert response["Content-Type"] == "application/manifest+json"
    assert manifest["name"] == "새봄 영어 Saebom English"
    assert manifest["short_name"] == "새봄"
    assert (manifest["start_url"], manifest["scope"]) == ("/", "/")
    assert (manifest["display"], manifest["lang"]) == ("standalone", "ko")


def test_the_manifest_colours_are_the_site_css_colours(client):
    manifest = client.get("/manifest.webmanifest").json()
    colours = site_colours()
    assert manifest["theme_color"] == colours["accent"]
    assert manifest["background_color"] == colours["paper"]
    page = BeautifulSoup(client.get("/accounts/login/").content, "html.parser")
    assert page.find("meta", attrs={"name": "theme-color"})["content"] == colours["accent"]


def test_every_manifest_icon_exists_at_its_declared_size(client):
    icons = client.get("/manifest.webmanifest").json()["icons"]
    purposes = {icon["purpose"] for icon in icons}
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in icons}
    assert purposes == {"any", "maskable"}
    for icon in icons:
        name = icon["src"].removeprefix(settings.STATIC_URL)
        width, height = (int(side) for side in icon["sizes"].split("x"))
        with Image.open(finders.find(name)) as image:
            assert (image.format, image.size) == ("PNG", (width, height)), name


def test_a_maskable_icon_is_opaque_to_its_edges(client):
    """A maskable icon is cropped to any shape, so it may have no transparent corner."""
    icon = next(
        i for i in client.get("/manifest.webmanifest").json()["icons"] if i["purpose"] == "maskable"
    )
    with Image.open(finders.find(icon["src"].removeprefix(settings.STATIC_URL))) as image:
        assert image.convert("RGBA").getpixel((0, 0))[3] == 255


def test_every_page_links_the_manifest_and_an_apple_touch_icon(client):
    page = BeautifulSoup(client.get("/accounts/login/").content, "html.parser")
    assert page.find("link", rel="manifest")["href"] == "/manifest.webmanifest"
    touch_icon = page.find("link", rel="apple-touch-icon")["href"]
    assert finders.find(touch_icon.removeprefix(settings.STATIC_URL))


def worker_config(response) -> dict:
    match = re.search(r"^var CONFIG = (.*);$", response.content.decode(), re.MULTILINE)
    return json.loads(match.group(1))


def test_the_worker_is_javascript_asked_for_on_every_update_check(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    assert "Service-Worker-Allowed" not in response  # its scope is its folder: "/"


def test_the_worker_precaches_the_shell_and_the_offline_page(client):
    config = worker_config(client.get("/sw.js"))
    assert config["offline"] == "/offline/" and "/offline/" in config["shell"]
    for name in ("cms/site.css", "cms/offline_db.js", "cms/wipe.js", "django_htmx/htmx-2.min.js"):
        assert f"{settings.STATIC_URL}{name}" in config["shell"]
    assert all(url.startswith((settings.STATIC_URL, "/offline/")) for url in config["shell"])


def test_the_shell_holds_every_static_file_a_learners_page_loads():
    """A page kept offline loads these from the shell; one missing breaks it offline.
    Tutors' pages and the editor's block previews are not a learner's."""
    root = Path(settings.BASE_DIR)
    not_learners = {"courses/tutor", "wagtailcore/shared"}
    found = set()
    for template in root.glob("*/templates/**/*.html"):
        if any(part in template.as_posix() for part in not_learners):
            continue
        found |= set(re.findall(r"{% static '([^']+\.(?:js|css))' %}", template.read_text()))
    assert found and found <= set(views.SHELL_FILES)


def test_the_worker_never_answers_for_sign_in_admin_privacy_or_itself(client):
    never = worker_config(client.get("/sw.js"))["never"]
    for path in ("/admin/", "/django-admin/", "/accounts/", "/learn/privacy/", "/learn/offline/"):
        assert path in never
    assert "/sw.js" in never and "/tutor/" in never
    assert reverse("account_logout").startswith("/accounts/")
    assert reverse("privacy:privacy").startswith("/learn/privacy/")


def test_the_worker_version_changes_when_a_shell_file_changes(client):
    names = ["cms/site.css", "cms/wipe.js"]
    offline = views.offline_page()
    assert views.shell_version(names, offline) == views.shell_version(names, offline)
    assert views.shell_version(names, offline) != views.shell_version(names[:1], offline)
    assert views.shell_version(names, offline) != views.shell_version(names, offline + " ")
    version = worker_config(client.get("/sw.js"))["version"]
    assert re.fullmatch(r"[0-9a-f]{12}", version)


def test_the_worker_loads_the_offline_database_only_once_it_exists(client):
    config = worker_config(client.get("/sw.js"))
    exists = finders.find("cms/offline_db.js") is not None
    assert (config["database"] is not None) is exists


def test_the_offline_page_is_korean_and_leads_to_the_review(client):
    """The home page is never kept (it greets the learner by name): no link to it;
    offline_page.js adds the kept lessons (tests/test_offline_browser.py)."""
    response = client.get("/offline/")
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert response.status_code == 200
    assert page.html["lang"] == "ko"
    assert page.h1.get_text() == "연결이 없습니다"
    links = {a["href"] for a in page.find("main").find_all("a")}
    assert links == {reverse("progress:review")}


def test_the_offline_page_is_the_same_for_everyone_and_holds_no_token(client):
    visitor = client.get("/offline/").content
    person = learner(ui_language="en")
    client.force_login(person)
    signed_in = client.get("/offline/").content
    assert signed_in == visitor
    assert b"csrfmiddlewaretoken" not in signed_in and person.username.encode() not in signed_in


def test_signing_out_answers_with_clear_site_data(client):
    client.force_login(learner())
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == CLEAR
    assert SESSION_KEY not in client.session


def test_nothing_else_answers_with_clear_site_data(client):
    """Not the sign-out page shown by GET, not a POST that signs nobody out, not a
    visitor's sign-out: each would wipe lessons a learner chose to keep."""
    person = learner()
    client.force_login(person)
    assert "Clear-Site-Data" not in client.get(reverse("account_logout"))
    assert "Clear-Site-Data" not in client.get("/")
    settings_form = client.post(reverse("accounts:settings"), {})
    assert "Clear-Site-Data" not in settings_form
    client.logout()
    assert "Clear-Site-Data" not in client.post(reverse("account_logout"))


def leave_now_form(page):
    return page.find("form", attrs={"data-leave-now": True})


def test_leave_now_is_a_sign_out_form_that_works_without_javascript():
    client = Client(enforce_csrf_checks=True)
    client.force_login(learner(ui_language="ko"))
    page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    form = leave_now_form(page)
    assert form.button.get_text() == "빨리 닫기"
    assert form["data-leave-to"] == settings.LEAVE_NOW_URL
    fields = {field["name"]: field["value"] for field in form.find_all("input")}
    response = client.post(form["action"], fields)
    assert response.status_code == 302
    assert response["Clear-Site-Data"] == CLEAR
    assert SESSION_KEY not in client.session


def test_leave_now_goes_where_the_setting_says(client, settings):
    settings.LEAVE_NOW_URL = "https://example.org/weather"
    client.force_login(learner())
    page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    assert leave_now_form(page)["data-leave-to"] == "https://example.org/weather"


def test_a_visitor_gets_no_leave_now_no_worker_and_no_wipe(client):
    page = BeautifulSoup(client.get("/accounts/login/").content.decode(), "html.parser")
    assert leave_now_form(page) is None
    scripts = " ".join(script.get("src", "") for script in page.find_all("script"))
    assert "pwa.js" not in scripts and "wipe.js" not in scripts


def test_a_signed_in_page_registers_the_worker_and_its_sign_out_wipes(client):
    client.force_login(learner())
    page = BeautifulSoup(client.get("/").content.decode(), "html.parser")
    worker = page.find("script", attrs={"data-worker": True})
    assert worker["data-worker"] == "/sw.js" and worker["src"].endswith("cms/pwa.js")
    sign_out = page.find("form", attrs={"data-wipe": True})
    assert sign_out["action"] == reverse("account_logout")
