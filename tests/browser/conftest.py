"""Real-browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

One browser per session, a fresh context (cookies, viewport) and page per test. The tests are
part of the normal suite and never skip: without Chromium they fail, saying how to install it.
"""

import os
import re
import socket
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.cache import cache

# Playwright's sync API runs an event loop in this thread; the ORM would refuse to run beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Never let Playwright fetch a browser of its own.
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SCREENSHOTS = ROOT / "var" / "screenshots"
# Every browser test module's `pytestmark`. The live server needs committed data, so each test
# empties the database afterwards, including what data migrations put there (see
# `tests.conftest.migrated_roles`). Under pytest-xdist the English browser tests run on one
# worker, one after another, and the French ones on whichever worker is free: each group shares
# one Chromium and one live server.
browser_test = [pytest.mark.django_db(transaction=True), pytest.mark.xdist_group("browser")]
PHONE, DESKTOP = 375, 1280
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def _free_port(ports=range(8101, 8109)) -> int:
    """The first free port of the range this machine sets aside for our servers (8109: audits)."""
    for port in ports:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    return 0  # all taken: let the system choose


if not os.environ.get("DJANGO_LIVE_TEST_SERVER_ADDRESS"):
    # Two xdist workers may each run a browser group (tests/conftest.py): each starts from a port
    # of its own, or both would find the same one free and the second would fail to listen.
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
    port = _free_port(range(8101 + worker, 8109))
    os.environ["DJANGO_LIVE_TEST_SERVER_ADDRESS"] = f"127.0.0.1:{port}"


def require_chromium(path: Path = CHROMIUM) -> Path:
    """Fail (never skip) without a browser, saying how to install one."""
    if not path.exists():
        pytest.fail(
            f"Chromium is not installed at {path}. The browser tests use Debian's package: "
            "run `apt-get install -y chromium` (as root), or set CHROMIUM_PATH. "
            "They never download a browser of their own.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser():
    executable = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(executable), args=CHROMIUM_ARGS, headless=True
        )
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(browser):
    """Open a page in a fresh browser context: `new_page(width=375, height=667, javascript=False)`."""
    contexts = []

    def open_page(*, width: int = DESKTOP, height: int = 900, javascript: bool = True):
        context = browser.new_context(
            viewport={"width": width, "height": height},
            java_script_enabled=javascript,
            locale="en-CA",
            timezone_id="America/Toronto",
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def localhost_site(live_server, settings) -> str:
    """The live server as http://localhost:<port>, the relying party passkeys are made for."""
    origin = f"http://localhost:{urlsplit(live_server.url).port}"
    settings.OTP_WEBAUTHN_RP_ID = "localhost"
    settings.OTP_WEBAUTHN_ALLOWED_ORIGINS = [origin]
    return origin


@pytest.fixture
def virtual_authenticator(page):
    """The computer's own passkey store, as Chromium plays it: it says yes by itself."""
    devtools = page.context.new_cdp_session(page)
    devtools.send("WebAuthn.enable", {"enableUI": False})
    added = devtools.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    return devtools, added["authenticatorId"]


@pytest.fixture(autouse=True)
def _browser_friendly_form_limits(settings):
    """People in these tests type fast and from one address: no fill-time or rate-limit hits."""
    cache.clear()
    settings.CONSULTATION_MIN_FILL_SECONDS = 0
    settings.CONSULTATION_RATE_LIMIT = (100, 3600)
    yield
    cache.clear()


# Screenshots are for a person to look at, not for a test to read: `make screenshots` (which sets
# SCREENSHOTS=1) takes them; an ordinary run does not spend time on them.
TAKE_SCREENSHOTS = os.environ.get("SCREENSHOTS", "") not in ("", "0")


def screenshot(page, name: str) -> Path | None:
    """With SCREENSHOTS=1, a full-page picture in var/screenshots/ for a person to review."""
    if not TAKE_SCREENSHOTS:
        return None
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{re.sub(r'[^a-z0-9-]+', '-', name.lower()).strip('-')}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def focused(page) -> str:
    """A short description of the focused element, for readable assertion messages."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el) return "";
            const id = el.id ? "#" + el.id : "";
            const text = (el.innerText || el.value || "").trim().slice(0, 60);
            return `${el.tagName.toLowerCase()}${id} ${text}`.trim();
        }"""
    )


def tab_to(page, matches, *, limit: int = 80, backwards: bool = False) -> str:
    """Press Tab until the focused element satisfies `matches(description)`; fail if it never does.

    `matches` gets the focused element's description (see `focused`), so tests say what a
    keyboard user is looking for, such as a link's text.
    """
    seen = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        description = focused(page)
        seen.append(description)
        if matches(description):
            return description
    raise AssertionError(f"Tab never reached the element; focus went through: {seen}")


FORM_URL = "/consultations/request/"
REFERENCE = re.compile(r"^KT-[A-HJ-NP-Z2-9]{6}$")


def fill_consultation_form(page) -> None:
    """Answer every required question the quick way (the keyboard journey does it by hand)."""
    page.get_by_label("Full name").fill("Alex Tremblay")
    page.get_by_label("Email address").fill("alex@example.com")
    page.get_by_label("Phone number").fill("613-555-0142")
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Weekday mornings").check()
    page.get_by_label("No: leave no message").check()
    page.get_by_label("Province or territory where you live").select_option("ON")
    page.get_by_label("I am 18 or older").check()
    page.get_by_label("Depression").check()
    page.get_by_label("No", exact=True).check()
    page.get_by_label("I agree to be contacted").check()
