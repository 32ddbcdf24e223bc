"""The notices area's part of tests/test_access_matrix.py (see tests/scoring/access.py for the contract): its API
operations with how to call each with a valid request, and the URL arguments of its pages.

What the calls and pages act on is built once per test, on the first call, from rows (the notices' own tests
build them through the actions): two announced campaigns with a notice stage open — one with nobody noticed yet
(to generate a draft), one with drafts (to edit, delete, publish), a notice whose period is over (to end), a
notice running now with objections at each step (to assign, investigate, conclude) and an attachment. Dates are
taken from the real clock where the actions look at it (publishing, registering), so the calls stay valid.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.test import Client
from django.utils import timezone

PREFIX = "/api/notices"
API: dict[tuple[str, str], str | None] = {
    ("get", "/api/notices/calendar"): "notices.view",
    ("get", "/api/notices/calendar/period"): "notices.view",
    ("get", "/api/notices/calendar/{year}"): "notices.view",
    ("put", "/api/notices/calendar/{year}"): "notices.manage",
    ("delete", "/api/notices/calendar/{year}"): "notices.manage",
    ("get", "/api/notices/campaigns/{campaign_id}"): "notices.view",
    ("put", "/api/notices/campaigns/{campaign_id}/settings"): "notices.manage",
    ("post", "/api/notices/campaigns/{campaign_id}/notices"): "notices.manage",
    ("get", "/api/notices/{notice_id}"): "notices.view",
    ("patch", "/api/notices/{notice_id}"): "notices.manage",
    ("delete", "/api/notices/{notice_id}"): "notices.manage",
    ("post", "/api/notices/{notice_id}/publish"): "notices.manage",
    ("post", "/api/notices/{notice_id}/end"): "notices.manage",
    ("get", "/api/notices/objections"): "objections.view",
    ("get", "/api/notices/objections/{objection_id}"): "objections.view",
    ("post", "/api/notices/{notice_id}/objections"): "objections.handle",
    ("post", "/api/notices/objections/{objection_id}/assign"): "objections.handle",
    ("post", "/api/notices/objections/{objection_id}/investigate"): "objections.handle",
    ("post", "/api/notices/objections/{objection_id}/conclude"): "objections.handle",
}
OBJECT_CAPABILITY: dict[str, str] = {}

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SH = zoneinfo.ZoneInfo("Asia/Shanghai")


def _id(serial: int) -> str:
    from xuanren.rules import idnumber

    first17 = f"110106{dt.date(1984, 5, 6):%Y%m%d}{serial:03d}"  # unlike any other area's
    return first17 + idnumber.check_character(first17)


def _campaign(name: str, codes: range, unit: Any, department: Any) -> tuple[Any, Any, list[Any]]:
    from xuanren.campaigns.models import Application, Campaign, Post, Review, Stage, StageKind
    from xuanren.people.models import Person

    now = timezone.now()
    campaign = Campaign.objects.create(name=name, unit=unit, status=Campaign.Status.ANNOUNCED, published_at=now)
    post = Post.objects.create(campaign=campaign, code="N01", department=department, title="公示职位",
                               level="section_chief", slots=1)
    Stage.objects.create(campaign=campaign, kind=StageKind.ELIGIBILITY, order=1, status=Stage.Status.SEALED,
                         sealed_at=now)
    stage = Stage.objects.create(campaign=campaign, kind=StageKind.NOTICE, order=2, status=Stage.Status.OPEN,
                                 opened_at=now)
    apps = []
    for n in codes:
        person = Person.objects.create(name=f"公示{n}", gender="M", birth_date=dt.date(1984, 5, 6), id_number=_id(n),
                                       education="bachelor", political_status="party_member", unit=department,
                                       post_title="科员")
        app = Application.objects.create(campaign=campaign, post=post, person=person, submitted_at=now)
        Review.objects.create(application=app, auto_eligible=True, checked_on=now.date(), decision="eligible")
        apps.append(app)
    return campaign, stage, apps


def _notice(stage: Any, app: Any, status: str, starts: dt.date, ends: dt.date) -> Any:
    from xuanren.notices.actions.notices import regenerate_text
    from xuanren.notices.documents import entry_details
    from xuanren.notices.models import Notice, NoticeEntry

    now = timezone.now()
    notice = Notice.objects.create(campaign=stage.campaign, stage=stage, title="任前公示", text="", issuer="测试单位",
                                   starts=starts, ends=ends, working_days=5, status=status, created=now,
                                   published_at=now if status != "draft" else None)
    entry = NoticeEntry.objects.create(notice=notice, application=app, order=1,
                                       details=entry_details(app, stage.campaign))
    notice.text = regenerate_text(notice, [entry])
    notice.save()
    return notice


def _ensure_calendar(*years: int) -> None:
    """The real clock's year (and the next) known to the calendar, whatever year the tests run in."""
    from xuanren.notices.calendar import all_years
    from xuanren.notices.models import CalendarYear

    known = all_years()
    for year in years:
        if year not in known:
            CalendarYear.objects.create(year=year, holidays=[{"name": "元旦", "days": [f"{year}-01-01"],
                                                              "workdays": []}],
                                        workdays=[], source="测试", updated=timezone.now())


def notices_world(world: dict[str, Any]) -> dict[str, Any]:
    if "notices" in world:
        return dict(world["notices"])
    from xuanren.notices.calendar import current_calendar
    from xuanren.notices.models import CalendarYear, Objection, ObjectionAttachment
    from xuanren.people.models import Unit

    today = timezone.now().astimezone(SH).date()
    _ensure_calendar(today.year, today.year + 1)
    organiser = get_user_model().objects.get(username="organiser")
    unit = world["campaign"].unit
    department = Unit.objects.get(name="测试部门")
    fresh, fresh_stage, _ = _campaign("公示待生成批次", range(301, 303), unit, department)
    running, stage, apps = _campaign("公示进行中批次", range(311, 317), unit, department)
    ends = current_calendar().notice_period(today, 5).end
    to_patch = _notice(stage, apps[0], "draft", today, ends)
    to_delete = _notice(stage, apps[1], "draft", today, ends)
    to_publish = _notice(stage, apps[2], "draft", today, ends)
    to_end = _notice(stage, apps[3], "published", dt.date(2026, 6, 1), dt.date(2026, 6, 8))
    live = _notice(stage, apps[4], "published", today, today + dt.timedelta(days=10))
    entry = live.entries.get()
    now = timezone.now()

    def objection(receipt: str, **kw: Any) -> Any:
        return Objection.objects.create(notice=live, entry=entry, receipt=receipt, text="反映内容", lodged_at=now,
                                        **kw)

    to_assign = objection("JB-2026-TESTA2")
    to_investigate = objection("JB-2026-TESTB3", status="assigned", assignee=organiser, assigned_at=now)
    to_conclude = objection("JB-2026-TESTC4", status="investigating", assignee=organiser, assigned_at=now,
                            investigation="【记录】谈话核实")
    attachment = ObjectionAttachment(objection=to_assign, title="材料.pdf", sha256="0" * 64, size=len(PDF),
                                     content_type="application/pdf")
    attachment.file.save("matrix.pdf", ContentFile(PDF), save=True)
    CalendarYear.objects.create(year=2098, holidays=[{"name": "元旦", "days": ["2098-01-01"], "workdays": []}],
                                workdays=[], updated=now)
    made = {"fresh": fresh, "fresh_stage": fresh_stage, "running": running, "stage": stage, "to_patch": to_patch,
            "to_delete": to_delete, "to_publish": to_publish, "to_end": to_end, "live": live, "entry": entry,
            "to_assign": to_assign, "to_investigate": to_investigate, "to_conclude": to_conclude,
            "attachment": attachment, "organiser": organiser}
    world["notices"] = made
    return dict(made)


def call(client: Client, method: str, path: str, world: dict[str, Any], role: str) -> Any:
    w = notices_world(world)
    # operation → (URL arguments, JSON body, query string)
    table: dict[tuple[str, str], tuple[dict[str, Any], Any, str]] = {
        ("get", "/api/notices/calendar"): ({}, None, ""),
        ("get", "/api/notices/calendar/period"): ({}, None, "?start=2026-09-30&working_days=5&end=2026-10-13"),
        ("get", "/api/notices/calendar/{year}"): ({"year": 2026}, None, ""),
        ("put", "/api/notices/calendar/{year}"): ({"year": 2099}, {"source": "测试", "holidays": [
            {"name": "元旦", "first": "2099-01-01", "last": "2099-01-01", "workdays": []}]}, ""),
        ("delete", "/api/notices/calendar/{year}"): ({"year": 2098}, None, ""),
        ("get", "/api/notices/campaigns/{campaign_id}"): ({"campaign_id": w["running"].pk}, None, ""),
        ("put", "/api/notices/campaigns/{campaign_id}/settings"): ({"campaign_id": w["fresh"].pk}, {
            "working_days": 5, "issuer": "中共测试单位党组", "phone": "010-1"}, ""),
        ("post", "/api/notices/campaigns/{campaign_id}/notices"): ({"campaign_id": w["fresh"].pk},
                                                                    {"starts": "2026-06-01"}, ""),
        ("get", "/api/notices/{notice_id}"): ({"notice_id": w["live"].pk}, None, ""),
        ("patch", "/api/notices/{notice_id}"): ({"notice_id": w["to_patch"].pk}, {"title": "任前公示（修改）"}, ""),
        ("delete", "/api/notices/{notice_id}"): ({"notice_id": w["to_delete"].pk}, None, ""),
        ("post", "/api/notices/{notice_id}/publish"): ({"notice_id": w["to_publish"].pk}, None, ""),
        ("post", "/api/notices/{notice_id}/end"): ({"notice_id": w["to_end"].pk}, None, ""),
        ("get", "/api/notices/objections"): ({}, None, "?status=all"),
        ("get", "/api/notices/objections/{objection_id}"): ({"objection_id": w["to_assign"].pk}, None, ""),
        ("post", "/api/notices/{notice_id}/objections"): ({"notice_id": w["live"].pk}, {
            "channel": "phone", "text": "来电反映", "entry_id": w["entry"].pk}, ""),
        ("post", "/api/notices/objections/{objection_id}/assign"): ({"objection_id": w["to_assign"].pk},
                                                                     {"assignee_id": w["organiser"].pk}, ""),
        ("post", "/api/notices/objections/{objection_id}/investigate"): ({"objection_id": w["to_investigate"].pk},
                                                                          {"notes": "谈话"}, ""),
        ("post", "/api/notices/objections/{objection_id}/conclude"): ({"objection_id": w["to_conclude"].pk}, {
            "finding": "not_verified", "reply": "经核实不属实"}, ""),
    }
    if (method, path) not in table:
        raise AssertionError(f"no call for {method} {path}")
    args, body, query = table[(method, path)]
    url = path.format(**args) + query
    if method in ("get", "delete"):
        return getattr(client, method)(url)
    return getattr(client, method)(url, body if body is not None else {}, content_type="application/json")


def kwargs(name: str, world: dict[str, Any]) -> dict[str, Any] | None:
    if not name.startswith("notices:"):
        return None
    short = name.split(":", 1)[1]
    if short in {"calendar", "calendar_save", "objections", "public_list", "public_receipt"}:
        return {}
    w = notices_world(world)
    if short in {"stage", "settings", "generate"}:
        return {"pk": w["running"].pk, "stage_pk": w["stage"].pk}
    if short in {"calendar_year", "calendar_delete"}:
        return {"year": 2026}
    if short in {"objection", "objection_assign", "objection_investigate", "objection_conclude"}:
        return {"objection_pk": w["to_assign"].pk}
    if short == "attachment":
        return {"attachment_pk": w["attachment"].pk}
    return {"notice_pk": w["live"].pk}
