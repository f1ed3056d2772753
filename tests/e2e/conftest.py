"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server."""

import json
import os
import re
import shutil
import sqlite3
from io import StringIO
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls our fixtures make are safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# axe-core from npm (make vendor; tests/e2e/vendor/axe-core), run on every page the tests visit, as the role
# they are signed in as: a serious or critical violation fails the test, naming the rule, the elements and the
# page. The page runs it when it has loaded and after each htmx swap and tells the test through a binding; a
# navigation (a link, a form) is held until the page it leaves has been read, and page.goto/reload/go_back
# wait for it; screenshot() and the end of the test read the page as it is shown.
# ADMIN_NOT_AUDITED: the Django admin's pages are Django's markup (select2 boxes without a name, inline tables
# labelled by their column headers, breadcrumbs told apart by colour): axe reads them as serious and critical,
# and fixing them means overriding Django's admin templates, which is not done yet (README, Tests).
AXE_SOURCE = (Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js").read_text()
AXE_FAILING_IMPACTS = ("serious", "critical")
AXE_PATH = "/__axe-core__/axe.min.js"  # answered by the test's browser from AXE_SOURCE, never by the server
AXE_INIT = """
(() => {
  if (window.top !== window) return;
  const loadAxe = () => window.axe ? Promise.resolve() : new Promise((resolve, reject) => {
    const script = Object.assign(
      document.createElement("script"), {src: "AXE_PATH", onload: resolve, onerror: reject}
    );
    document.head.append(script);
  });
  let queue = Promise.resolve();
  window.__axeCheck = () => {
    queue = queue.then(async () => {
      await window.__axeStarted();
      let found = [];
      try {
        if (!location.pathname.startsWith("/admin/")) {  // Django's own markup: see ADMIN_NOT_AUDITED
          await loadAxe();
          const results = await axe.run(document, {resultTypes: ["violations"]});
          found = results.violations.filter((v) => AXE_FAILING_IMPACTS.includes(v.impact)).map((v) => ({
            id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(" ")),
          }));
        }
      } catch (error) {
        found = [{id: "axe-error", impact: "critical", help: String(error), targets: []}];
      }
      await window.__axeReport(location.href, found);
    });
    return queue;
  };
  window.__axeIdle = () => queue;
  addEventListener("load", () => window.__axeCheck());
  document.addEventListener("htmx:afterSettle", () => window.__axeCheck());
})();
""".replace("AXE_PATH", AXE_PATH).replace("AXE_FAILING_IMPACTS", json.dumps(AXE_FAILING_IMPACTS))


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: apt-get install -y chromium (make e2e does this as root)"
        )
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


# The demo as load_demo built it, per day of the clock (a test's @pytest.mark.today moves it): the in-memory
# SQLite database copied page by page with SQLite's backup API, the files it wrote and what it printed.
_DEMO_SNAPSHOTS: dict = {}


@pytest.fixture
def demo(transactional_db, settings, tmp_path, tmp_path_factory) -> str:
    """The demo province in an empty database, its files in this test's own media folder; returns what
    load_demo printed (the logins). Building it takes seconds and most browser tests start from it, so it is
    built once per day of the clock and copied back (milliseconds) for each further test: the same rows,
    keys and files, the live server sharing the very connection that is restored."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    settings.MEDIA_ROOT = tmp_path / "media"
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        output = StringIO()
        call_command("load_demo", stdout=output)
        return output.getvalue()
    connection.ensure_connection()
    day = timezone.localdate()
    if day in _DEMO_SNAPSHOTS:
        snapshot, media, printed = _DEMO_SNAPSHOTS[day]
        snapshot.backup(connection.connection)
        ContentType.objects.clear_cache()  # the flush's post_migrate numbered them anew
        shutil.copytree(media, settings.MEDIA_ROOT, dirs_exist_ok=True)
        return printed
    output = StringIO()
    call_command("load_demo", stdout=output)
    snapshot = sqlite3.connect(":memory:", check_same_thread=False)
    connection.connection.backup(snapshot)
    media = tmp_path_factory.mktemp("demo-media")
    if settings.MEDIA_ROOT.exists():
        shutil.copytree(settings.MEDIA_ROOT, media, dirs_exist_ok=True)
    _DEMO_SNAPSHOTS[day] = (snapshot, media, output.getvalue())
    return output.getvalue()


@pytest.fixture
def browser_locale() -> str:
    """The browser's (and its operating system's) language; a test module overrides this fixture to run in
    another one, e.g. "en-US", where native date fields would show mm/dd/yyyy."""
    return "vi-VN"


@pytest.fixture
def page(browser, live_server, browser_locale):
    context = browser.new_context(
        base_url=live_server.url, locale=browser_locale, viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    errors: list[str] = []
    # A form refused with its messages is a page answered 400 (the app's convention), not a script error:
    # Chromium still logs "Failed to load resource" for it, which is left out; any other error fails the test.
    refused_pages: set[str] = set()
    page.on(
        "response",
        lambda r: (
            refused_pages.add(r.url) if r.status == 400 and r.request.resource_type == "document" else None
        ),
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error"
            and not (msg.location.get("url") in refused_pages and "status of 400" in msg.text)
            else None
        ),
    )
    page.js_errors = errors
    _check_accessibility_of_every_page(context, page)
    yield page
    check_accessibility(page)
    context.close()
    assert errors == [], f"JavaScript errors in the browser: {errors}"
    assert page.axe_violations == [], "axe-core: serious or critical accessibility violations:\n" + "\n".join(
        f"  {v['url']}: [{v['impact']}] {v['id']} ({v['help']}) at {' | '.join(v['targets'])}"
        for v in page.axe_violations
    )


def _check_accessibility_of_every_page(context, page) -> None:
    page.axe_violations = []
    state = {"running": False, "held": []}

    def started(source):
        state["running"] = True

    def report(source, url, violations):
        state["running"] = False
        for violation in violations:
            found = {**violation, "url": url}
            if found not in page.axe_violations:
                page.axe_violations.append(found)
        held, state["held"] = state["held"], []
        for route in held:
            route.fallback()

    def hold_until_read(route):
        request = route.request
        if state["running"] and request.resource_type == "document" and request.frame == page.main_frame:
            state["held"].append(route)  # let go by report(), when the page it leaves has been read
        else:
            route.fallback()

    context.expose_binding("__axeStarted", started)
    context.expose_binding("__axeReport", report)
    context.add_init_script(AXE_INIT)
    # only the pages' own addresses go through Python: a script or a style waiting for it would slow each page
    page.route(re.compile(r"^(?!.*/static/)(?!.*__axe-core__)"), hold_until_read)
    page.route(f"**{AXE_PATH}", lambda route: route.fulfill(body=AXE_SOURCE, content_type="text/javascript"))
    # A navigation the test starts itself waits here for the page it leaves (held, it would never be let go).
    for name in ("goto", "reload", "go_back"):
        setattr(page, name, _after_reading(page, getattr(page, name)))


@pytest.fixture(autouse=True)
def _clicks_after_reading(monkeypatch):
    """A click waits for axe to have read the page (so its navigation is seldom held), then for the page it
    opens to have loaded, if it opened one."""
    from playwright.sync_api import Locator

    click = Locator.click

    def reading_click(self, *args, **kwargs):
        _wait_for_axe(self.page)
        click(self, *args, **kwargs)
        self.page.wait_for_load_state()

    monkeypatch.setattr(Locator, "click", reading_click)


def _after_reading(page, navigate):
    def wrapped(*args, **kwargs):
        _wait_for_axe(page)
        return navigate(*args, **kwargs)

    return wrapped


def _wait_for_axe(page, *, check: bool = False) -> None:
    try:
        page.evaluate(
            "(check) => window.__axeIdle && (check ? window.__axeCheck() : window.__axeIdle())", check
        )
    except Exception as exc:  # the page went away while being read (a script's redirect)
        if "context was destroyed" not in str(exc) and "navigat" not in str(exc):
            raise


def check_accessibility(page) -> None:
    """Read the page as it is shown now with axe-core (its violations end on `page.axe_violations`)."""
    if page.url.startswith("http"):
        _wait_for_axe(page, check=True)


@pytest.fixture
def sign_in(page):
    def _sign_in(username: str, password: str):
        page.goto("/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        page.wait_for_url("**/")
        return page

    return _sign_in


def screenshot(page, name: str) -> Path:
    check_accessibility(page)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
