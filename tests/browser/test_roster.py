"""The foundation's browser test: log in, switch language, import the sample roster, see it listed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import PASSWORD
from xuanren.demo.roster import sample_roster
from xuanren.people.models import Person


@pytest.mark.django_db(transaction=True)
def test_organiser_imports_the_sample_roster_and_sees_it_listed(
        live_server: Any, page: Any, personas: dict[str, Any], tmp_path: Path) -> None:
    roster = tmp_path / "演示干部名册.xlsx"
    roster.write_bytes(sample_roster(today=dt.date(2026, 11, 23)))

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "organiser")
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")

    # English and back: the shell follows the chosen language.
    with page.expect_navigation():
        page.select_option("#language-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("nav").get_by_text("Roster", exact=False).first.is_visible()
    with page.expect_navigation():
        page.select_option("#language-select", "zh-hans")

    page.locator("nav").get_by_text("导入名册").click()
    page.set_input_files("#import-form input[type=file]", str(roster))
    page.click("#import-form button[type=submit]")
    page.wait_for_load_state()
    body = page.locator("main").inner_text()
    count = Person.objects.count()
    assert count >= 200
    assert str(count) in body

    page.locator("nav").get_by_text("干部名册").first.click()
    page.wait_for_load_state()
    rows = page.locator("#people-table tbody tr")
    assert rows.count() == 50
    first = Person.objects.select_related("unit").order_by("unit__order", "unit_id", "id").first()
    assert first is not None
    assert first.name in rows.first.inner_text()
    # The organiser sees full ID numbers; the table says how many there are.
    assert first.id_number in rows.first.inner_text()
    assert f"共 {count} 人" in page.locator("h1").inner_text()
