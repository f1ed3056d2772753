"""Browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's live server."""

import os
import shutil
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
    yield page
    context.close()
    assert errors == [], f"JavaScript errors in the browser: {errors}"


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
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
