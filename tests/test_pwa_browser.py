"""Saebom as an installed app on a 360 px phone: Chromium finds it installable; the
service worker serves a kept page with the network cut, the offline page for a page
not kept, kept audio in the byte range asked for, and never answers for the admin;
signing out and "leave now" (빨리 닫기) leave no Saebom cache, no "saebom" database
and no "saebom" storage key on the phone.

Cutting the network: `context.set_offline(True)` does reach the service worker in
this Chromium (checked with Debian's Chromium and Playwright 1.65): the worker's own
fetch() fails as the page's would, so its offline branch runs. The tests see that
branch by its answer: a page not kept comes back as the offline page marked
`Saebom-Offline: fallback`, which nothing but that branch makes, and /admin/, which
the worker leaves alone, fails with the browser's own ERR_INTERNET_DISCONNECTED.

The phone is a browser profile on disk (launch_persistent_context): Playwright's
new_context() is an incognito profile, and Chromium reports "in-incognito" as an
installability error there.
"""

from django.conf import settings
from django.contrib.sessions.models import Session
from django.test import Client

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from content.loader import Loader, LoadReport
from lessons.models import LessonPage
from tests.factories.accounts import learner
from tests.factories.courses import CoursePageFactory
from tests.factories.lessons import LessonPageFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
NEUTRAL = "https://www.google.com/"  # settings.LEAVE_NOW_URL's default; routed to a stub
KEEP_PAGE = "url => caches.open('saebom-pages').then(cache => cache.add(url))"
# What offline.js and offline_db.js will keep: a page, a database record, storage keys.
FILL_STORES = """async (url) => {
  await (await caches.open('saebom-pages')).add(url);
  const db = await new Promise((resolve, reject) => {
    const request = indexedDB.open('saebom', 1);
    request.onupgradeneeded = () => request.result.createObjectStore('meta');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  await new Promise((resolve, reject) => {
    const write = db.transaction('meta', 'readwrite');
    write.objectStore('meta').put('2026-12-06T00:00:00Z', 'last_sync');
    write.oncomplete = resolve;
    write.onerror = () => reject(write.error);
  });
  db.close();
  sessionStorage.setItem('saebom-outbox', '[]');
  localStorage.setItem('saebom-last', '1');
}"""
STORES = """async () => {
  const ours = name => name.startsWith('saebom');
  const keys = Object.keys(localStorage).concat(Object.keys(sessionStorage));
  return {
    caches: (await caches.keys()).filter(name => name.startsWith('saebom-')),
    databases: (await indexedDB.databases()).map(db => db.name).filter(n => n === 'saebom'),
    keys: keys.filter(ours),
  };
}"""
EMPTY = {"caches": [], "databases": [], "keys": []}
CACHED_URLS = """async () => {
  const urls = [];
  for (const name of await caches.keys()) {
    for (const request of await (await caches.open(name)).keys()) urls.push(request.url);
  }
  return urls;
}"""
KEEP_AUDIO = """() => caches.open('saebom-audio').then(cache => cache.put(
  '/media/audio/bread.mp3',
  new Response(new Uint8Array(100).map((_, i) => i), {headers: {'Content-Type': 'audio/mpeg'}})
))"""
PLAY_AUDIO = """async () => {
  const response = await fetch('/media/audio/bread.mp3', {headers: {Range: 'bytes=10-19'}});
  const bytes = Array.from(new Uint8Array(await response.arrayBuffer()));
  return {status: response.status, range: response.headers.get('Content-Range'), bytes};
}"""
# Ask the worker to prepare and wait for its answer (pwa.js asks without waiting); a
# worker that never answers fails the test instead of hanging it.
PREPARE = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const answered = new Promise(resolve => {
    const channel = new MessageChannel();
    channel.port1.onmessage = resolve;
    registration.active.postMessage({type: 'prepare'}, [channel.port2]);
  });
  const silent = new Promise((_, reject) => setTimeout(() => reject('no answer'), 20000));
  await Promise.race([answered, silent]);
  return (await caches.keys()).filter(name => name.startsWith('saebom-shell-')).length;
}"""
WATCH_BLANKING = """() => new MutationObserver(
  () => window.sawBlank(document.body.hidden, document.title)
).observe(document.body, {attributes: true, attributeFilter: ['hidden']})"""


@pytest.fixture
def lessons():
    """A course with two lessons under the course map, and a Korean-speaking learner."""
    index = Loader(LoadReport()).course_index()
    course = CoursePageFactory(parent=index, title="First Steps", title_ko="첫걸음")
    kept = LessonPageFactory(parent=course, title="At the pharmacy", title_ko="약국에서")
    other = LessonPageFactory(parent=course, title="At the bakery", title_ko="빵집에서")
    return {"kept": kept.url, "other": other.url, "user": learner(ui_language="ko")}


@pytest.fixture
def phone(browser_type, browser_type_launch_args, live_server, lessons, tmp_path):
    """A signed-in learner's phone: the session cookie of a forced sign-in, in a
    browser profile on disk (see the module's docstring)."""
    client = Client()
    client.force_login(lessons["user"])
    context = browser_type.launch_persistent_context(
        tmp_path / "profile",
        **browser_type_launch_args,
        locale="ko-KR",
        viewport=PHONE,
        base_url=live_server.url,
    )
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
    context.add_cookies([cookie])
    page = context.pages[0] if context.pages else context.new_page()
    yield context, page
    context.close()


def open_with_worker(page, url: str) -> None:
    """Open `url` and wait until the worker is active and controls the page."""
    page.goto(url)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def signed_in(user) -> bool:
    sessions = Session.objects.all()
    return any(s.get_decoded().get("_auth_user_id") == str(user.pk) for s in sessions)


def signed_out_header(page):
    return page.locator(".site-header").get_by_role("link", name="들어가기")


def test_chromium_finds_saebom_installable(phone):
    context, page = phone
    open_with_worker(page, "/")
    cdp = context.new_cdp_session(page)
    manifest = cdp.send("Page.getAppManifest")
    assert manifest["url"].endswith("/manifest.webmanifest")
    assert manifest["errors"] == []
    assert cdp.send("Page.getInstallabilityErrors")["installabilityErrors"] == []


def test_leave_now_is_in_reach_anywhere_on_a_360_px_page(phone, lessons):
    context, page = phone
    page.goto(lessons["kept"])
    page.mouse.wheel(0, 2000)
    button = page.get_by_role("button", name="빨리 닫기")
    expect(button).to_be_in_viewport()
    box = button.bounding_box()
    assert box["height"] >= 44 and box["x"] + box["width"] <= PHONE["width"]
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_kept_page_opens_offline_and_any_other_gets_the_offline_page(phone, lessons):
    context, page = phone
    open_with_worker(page, lessons["kept"])
    page.evaluate(KEEP_PAGE, lessons["kept"])
    page.goto(lessons["other"])  # seen online, but not kept
    page.goto("/admin/")  # a learner is sent on to the admin's sign-in page

    context.set_offline(True)
    response = page.goto(lessons["kept"])
    assert response.from_service_worker
    assert response.headers["saebom-offline"] == "kept"
    expect(page.get_by_role("heading", name="At the pharmacy")).to_be_visible()
    header = page.locator(".site-header")  # site.css came from the shell cache
    expect(header).to_have_css("background-color", "rgb(243, 246, 244)")
    assert page.reload().headers["saebom-offline"] == "kept"

    response = page.goto(lessons["other"])
    assert response.from_service_worker
    assert response.headers["saebom-offline"] == "fallback"
    expect(page.locator("h1")).to_have_text("연결이 없습니다")
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    page.wait_for_function("typeof window.SaebomWipe === 'function'")  # leave now works here
    with pytest.raises(PlaywrightError, match="ERR_INTERNET_DISCONNECTED"):
        page.goto("/admin/")  # the worker does not answer: the browser's own error

    context.set_offline(False)
    page.goto("/")
    urls = page.evaluate(CACHED_URLS)
    assert any(url.endswith(lessons["kept"]) for url in urls)
    assert not [url for url in urls if "/admin/" in url or url.endswith(lessons["other"])]


def test_a_new_worker_deletes_old_shell_caches_and_nothing_the_learner_kept(phone):
    context, page = phone
    page.goto("/offline/")  # the one page that registers no worker
    page.evaluate("Promise.all(['saebom-shell-0ld', 'saebom-pages'].map(n => caches.open(n)))")
    open_with_worker(page, "/")
    names = page.evaluate("caches.keys()")
    assert "saebom-shell-0ld" not in names and "saebom-pages" in names
    assert [name for name in names if name.startswith("saebom-shell-")] != []


def test_a_kept_page_is_refreshed_when_it_is_opened_online(phone, lessons):
    context, page = phone
    open_with_worker(page, lessons["kept"])
    page.evaluate(KEEP_PAGE, lessons["kept"])
    lesson = LessonPage.objects.get(url_path__endswith="/at-the-pharmacy/")
    lesson.title = "At the chemist"
    lesson.save_revision().publish()
    page.goto(lessons["kept"])
    expect(page.get_by_role("heading", name="At the chemist")).to_be_visible()

    context.set_offline(True)
    assert page.reload().headers["saebom-offline"] == "kept"
    expect(page.get_by_role("heading", name="At the chemist")).to_be_visible()


def test_kept_audio_plays_offline_in_the_byte_range_asked_for(phone):
    context, page = phone
    open_with_worker(page, "/")
    page.evaluate(KEEP_AUDIO)
    context.set_offline(True)
    answer = page.evaluate(PLAY_AUDIO)
    assert answer == {"status": 206, "range": "bytes 10-19/100", "bytes": list(range(10, 20))}


def test_saebom_wipe_empties_every_store_and_the_worker_can_fetch_its_shell_again(phone, lessons):
    context, page = phone
    open_with_worker(page, lessons["kept"])
    page.evaluate(FILL_STORES, lessons["kept"])
    page.evaluate("window.SaebomWipe()")
    assert page.evaluate(STORES) == EMPTY
    assert signed_in(lessons["user"])  # the wipe alone signs nobody out
    assert page.evaluate(PREPARE) == 1


@pytest.mark.parametrize("page_wipes", [True, False], ids=["page-and-server", "server-only"])
def test_signing_out_leaves_no_saebom_store(phone, lessons, page_wipes):
    """Two layers: the header's form wipes before it submits, and the sign-out's
    answer carries Clear-Site-Data. Without the page's wipe (as without JavaScript)
    the server's header alone must leave the phone empty."""
    context, page = phone
    open_with_worker(page, lessons["kept"])
    page.evaluate(FILL_STORES, lessons["kept"])
    assert page.evaluate(STORES)["databases"] == ["saebom"]
    if not page_wipes:
        page.evaluate("document.querySelector('form[data-wipe]').removeAttribute('data-wipe')")

    page.locator(".site-header").get_by_role("button", name="나가기").click()
    expect(signed_out_header(page)).to_be_visible()
    assert page.evaluate(STORES) == EMPTY
    assert not signed_in(lessons["user"])


def test_leave_now_blanks_wipes_signs_out_and_leaves_for_a_neutral_page(phone, lessons):
    context, page = phone
    neutral = {"body": "<title>Search</title>", "content_type": "text/html"}
    context.route(f"{NEUTRAL}**", lambda route: route.fulfill(**neutral))  # no real network
    blanked = []
    page.expose_function("sawBlank", lambda hidden, title: blanked.append((hidden, title)))
    page.goto("/")
    open_with_worker(page, lessons["kept"])
    page.evaluate(FILL_STORES, lessons["kept"])
    page.evaluate(WATCH_BLANKING)

    page.get_by_role("button", name="빨리 닫기").click()
    page.wait_for_url(NEUTRAL)
    assert blanked == [(True, "")]
    assert not signed_in(lessons["user"])

    page.go_back()  # the lesson's entry was replaced: Back reaches the page before it
    assert page.url.removeprefix(page.evaluate("location.origin")) == "/"
    expect(signed_out_header(page)).to_be_visible()
    assert page.evaluate(STORES) == EMPTY
