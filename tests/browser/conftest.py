"""Browser tests: Debian's Chromium driven by Playwright (never a browser Playwright downloads).

The live server runs in a thread of this process; Playwright's sync API runs an event loop in the
test's thread, so Django's async-safety check is relaxed for these tests only.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = os.environ.get("XUANREN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]
ARTIFACTS = Path(os.environ.get("XUANREN_TEST_ARTIFACTS", "test-artifacts"))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A fresh browser context (desktop size, zh-CN) per test; a screenshot is kept on failure."""
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def contexts(chromium: Any) -> Iterator[Callable[..., Any]]:
    """``new(accept_dialogs=False, **options)`` → a page in a new browser context (zh-CN, desktop size unless
    ``viewport`` says otherwise), closed at the end of the test; with ``accept_dialogs`` every confirm()
    is answered yes."""
    made: list[Any] = []

    def new(*, accept_dialogs: bool = False, **options: Any) -> Any:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        context = chromium.new_context(locale="zh-CN", **options)
        made.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        if accept_dialogs:
            page.on("dialog", lambda dialog: dialog.accept())
        return page

    yield new
    for context in made:
        context.close()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: Any) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
