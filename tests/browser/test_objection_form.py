"""The public objection form: choosing "匿名反映" hides and disables the name and contact fields (an anonymous
objection keeps neither), choosing "实名反映" shows them again; an anonymous objection is lodged without them."""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest

from tests.notices.world import DURING, build_notice_world
from xuanren.notices.models import Objection


@pytest.mark.django_db(transaction=True)
def test_anonymous_hides_the_name_and_contact(live_server: Any, page: Any, personas: dict[str, Any],
                                              monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    nw = build_notice_world(personas, monkeypatch)
    notice = nw.published()
    with mock.patch("xuanren.notices.clock.now", return_value=DURING):  # within the notice period
        page.goto(f"{live_server.url}/notices/public/{notice.pk}/")
        page.check("#identity-named")
        assert page.locator("#name").is_visible() and page.locator("#name").is_enabled()
        page.fill("#name", "王五")
        page.fill("#contact", "13800000000")
        page.check("#identity-anonymous")
        assert not page.locator("#name-field").is_visible() and not page.locator("#contact-field").is_visible()
        assert page.locator("#name").is_disabled() and page.locator("#contact").is_disabled()
        page.check("#identity-named")
        assert page.locator("#name").input_value() == "王五" and page.locator("#contact").is_enabled()
        page.check("#identity-anonymous")
        page.select_option("#entry", "other")
        page.fill("#text", "反映问题：某某事")
        with page.expect_navigation():
            page.click("#objection-form button[type=submit]")
        assert "/lodged/" in page.url
    o = Objection.objects.get()
    assert (o.anonymous, o.name, o.contact) == (True, "", "")
