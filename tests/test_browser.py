import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_home_page_and_admin_login_load_in_chromium(page, live_server, artifacts_dir):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Saebom English"
    page.goto(live_server.url + "/admin/login/")
    assert page.locator("input[name=username]").is_visible()
    assert page.locator("input[name=password]").is_visible()
    page.set_viewport_size({"width": 360, "height": 740})
    page.screenshot(path=str(artifacts_dir / "admin-login-360.png"))
