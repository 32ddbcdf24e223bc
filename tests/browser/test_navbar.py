"""The organiser's menu (ten entries) at a desktop width: every entry on one line (no break inside a word like
"干部名/册") and nothing wider than the window; at phone width the menu folds behind the toggler and opens."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import PASSWORD
from xuanren.accounts.models import RoleGrant
from xuanren.accounts.roles import Role

ONE_LINE = """() => [...document.querySelectorAll('#mainnav .nav-link, #user-name, #mainnav button')].map(a => {
  const lines = new Set([...a.getClientRects()].map(r => Math.round(r.top)));
  const range = document.createRange(); range.selectNodeContents(a);
  const tops = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
  return [a.textContent.trim(), lines.size, tops.size];
})"""
OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"


def log_in(page: Any, url: str) -> None:
    page.goto(f"{url}/login/")
    page.fill("#id_username", "organiser")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{url}/")


@pytest.mark.django_db(transaction=True)
def test_the_menu_fits_at_1280_and_folds_on_a_phone(live_server: Any, page: Any, personas: dict[str, Any]) -> None:
    organiser = personas["organiser"]  # the widest menu: an organiser who also applies, judges and votes
    organiser.first_name = "组织部干部科"
    organiser.save()
    for role in (Role.APPLICANT, Role.JUDGE, Role.COMMITTEE):
        RoleGrant.objects.get_or_create(user=organiser, role=role)
    log_in(page, live_server.url)
    links = page.evaluate(ONE_LINE)
    assert len(links) >= 14  # twelve entries, the user's name and the logout button
    width = page.evaluate("() => document.getElementById('language-select').getBoundingClientRect().width")
    assert width >= 90  # the language choice is not squeezed
    assert [name for name, boxes, lines in links if boxes != 1 or lines != 1] == []  # no entry broken in two
    assert page.evaluate(OVERFLOW) <= 0
    assert page.locator("#mainnav").get_by_text("干部名册").is_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    assert page.locator(".navbar-toggler").is_visible()
    assert not page.locator("#mainnav").get_by_text("干部名册").is_visible()
    page.click(".navbar-toggler")
    page.locator("#mainnav").get_by_text("干部名册").wait_for(state="visible")
    assert [name for name, boxes, lines in page.evaluate(ONE_LINE) if boxes != 1 or lines != 1] == []
    assert page.evaluate(OVERFLOW) <= 0
    page.locator("#mainnav").get_by_text("干部名册").click()
    page.wait_for_url(f"{live_server.url}/people/**")
