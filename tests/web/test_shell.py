from __future__ import annotations

from typing import Any

import pytest


def _nav(html: str) -> str:
    return html[html.index('<ul class="navbar-nav'):html.index("</ul>")]


def test_home_shows_roles_and_navigation_by_role(as_role: Any) -> None:
    organiser = as_role("organiser").get("/").content.decode()
    assert "组织人事干部" in organiser
    for label in ("干部名册", "导入名册", "用户与角色", "全程记实"):
        assert label in _nav(organiser)
    judge = as_role("judge").get("/").content.decode()
    assert "评委" in judge
    for label in ("干部名册", "导入名册", "用户与角色", "全程记实"):
        assert label not in _nav(judge)
    supervisor = _nav(as_role("supervisor").get("/").content.decode())
    assert "全程记实" in supervisor and "导入名册" not in supervisor


def test_vendored_assets_are_served_by_the_app_itself(as_role: Any) -> None:
    page = as_role("organiser").get("/").content.decode()
    assert "/static/vendor/bootstrap-5.3.9/bootstrap.min.css" in page
    assert "http://" not in page.replace("http://www.w3.org", "") and "https://" not in page
    css = as_role("organiser").get("/static/vendor/bootstrap-5.3.9/bootstrap.min.css")
    assert css.status_code == 200
    assert b"Bootstrap" in b"".join(css.streaming_content)


def test_api_docs_need_login_and_use_no_cdn(as_role: Any, client: Any, db: Any) -> None:
    assert client.get("/api/docs").status_code == 302
    docs = as_role("reviewer").get("/api/docs").content.decode()
    assert "swagger-ui-bundle.js" in docs and "cdn." not in docs
    schema = as_role("reviewer").get("/api/openapi.json").json()
    assert schema["info"]["title"].startswith("xuanren")
    assert "/api/accounts/me" in schema["paths"]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_dates_and_numbers_follow_the_language(as_role: Any, personas: dict[str, Any], lang: str) -> None:
    import datetime as dt

    from django.template import Context, Template
    from django.utils import translation

    with translation.override(lang):
        out = Template('{% load humanize %}{{ d|date:"DATE_FORMAT" }} {{ n|intcomma }}').render(
            Context({"d": dt.date(2026, 10, 1), "n": 1100}))
    # Chinese convention (Django's zh_Hans formats): no thousands separator, 1100份 as in the seeds.
    assert out == ("2026年10月1日 1100" if lang == "zh-hans" else "Oct. 1, 2026 1,100")


def test_chinese_is_the_default_whatever_the_browser_asks(as_role: Any) -> None:
    client = as_role("organiser")
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="zh-hans"' in page and "首页" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert 'lang="en"' in client.get("/", HTTP_ACCEPT_LANGUAGE="zh-CN").content.decode()
