"""The notice tests' world: the decision world of tests/campaigns (P01 with 人员1–3, P02 with 人员4–6) brought
to the notice stage, with 人员1 (P01) and 人员4 (P02) having passed the committee.

The inspection and committee stages are marked sealed directly, and the committee's finalist source is
replaced, for the test, by a stand-in that gives those who passed: those areas are built at the same time
as this one and test their own work; what the notice needs from them is only "who passed" (the registry's
contract, :func:`xuanren.campaigns.finalists.finalists`). The notice stage itself is opened, and every
notice step taken, with the real actions.

Times (Asia/Shanghai): the stage opens on Friday 4 December 2026; a notice published on Monday 7 December
runs, the day of publication not counted, to Monday 14 December (5 working days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import pytest

from tests.campaigns import world as campaign_world
from tests.campaigns.decision_world import DecisionWorld, build_decision_world
from tests.campaigns.world import sh
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns import finalists as finalist_registry
from xuanren.campaigns.finalists import Finalist, Stop
from xuanren.campaigns.models import Application, Publication, Stage
from xuanren.notices import actions
from xuanren.notices.actions import Upload
from xuanren.notices.models import CalendarYear, Notice, NoticeEntry, Objection, ObjectionAttachment
from xuanren.record.models import Event

OPENED = sh(2026, 12, 4, 9, 0)
PUBLISH = sh(2026, 12, 7, 9, 0)  # Monday
DURING = sh(2026, 12, 9, 10, 0)
LAST_DAY = sh(2026, 12, 14, 22, 0)  # the period's last day, late
AFTER_END = sh(2026, 12, 15, 9, 0)
STARTS, ENDS = dt.date(2026, 12, 7), dt.date(2026, 12, 14)

NOTICE_TABLES: tuple[Any, ...] = (Stage, Notice, NoticeEntry, Objection, ObjectionAttachment, CalendarYear, Publication,
                                  Event)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def nothing_changes() -> Any:
    return campaign_world.nothing_changes(NOTICE_TABLES)


@dataclass
class NoticeWorld:
    dw: DecisionWorld
    stage: Stage
    passed: list[Application] = field(default_factory=list)

    @property
    def organiser(self) -> Any:
        return self.dw.organiser

    @property
    def campaign(self) -> Any:
        return self.dw.campaign

    def users(self, role: str) -> Any:
        return self.dw.world.users[role]

    def generate(self, **kw: Any) -> Notice:
        kw.setdefault("now", PUBLISH)
        return actions.notice_generate(actor=self.organiser, stage=self.stage, **kw)

    def published(self, **kw: Any) -> Notice:
        notice = self.generate(**kw)
        return actions.notice_publish(actor=self.organiser, notice=notice, now=kw.get("now", PUBLISH))

    def entry(self, notice: Notice, name: str) -> NoticeEntry:
        return NoticeEntry.objects.get(notice=notice, application__person__name=name)

    def lodge(self, notice: Notice, text: str = "反映该同志存在违规问题", *, now: dt.datetime = DURING,
              **kw: Any) -> Objection:
        return actions.objection_lodge(notice=notice, text=text, now=now, **kw)

    def handle(self, objection: Objection, finding: str, *, now: dt.datetime = DURING) -> Objection:
        """Assigned to the organiser, investigated, concluded with ``finding``."""
        actions.objection_assign(actor=self.organiser, objection=objection, assignee=self.organiser, now=now)
        actions.objection_investigate(actor=self.organiser, objection=objection, notes="已找本人谈话并调阅档案",
                                      now=now)
        return actions.objection_conclude(actor=self.organiser, objection=objection, finding=finding,
                                          reply="经调查核实，现答复如下……", now=now)

    def end(self, notice: Notice, now: dt.datetime = AFTER_END) -> Notice:
        return actions.notice_end(actor=self.organiser, notice=notice, now=now)


def committee_stand_in(passed: dict[int, list[int]]) -> Any:
    """A committee finalist source giving ``{post pk: [application pk, …]}`` as having passed."""

    def source(stage: Stage) -> tuple[list[Finalist], list[Stop]]:
        found = [Finalist(a, post, rank=n, note="讨论决定通过") for post, apps in passed.items()
                 for n, a in enumerate(apps, start=1)]
        stops = [Stop(post, "拟任人选未获通过", "no candidate passed", kind="committee")
                 for post, apps in passed.items() if not apps]
        return found, stops

    return source


def build_notice_world(users: dict[str, Any], monkeypatch: pytest.MonkeyPatch, *,
                       passed: tuple[int, ...] = (0, 0)) -> NoticeWorld:
    """``passed``: per post (P01, P02) the index of the applicant who passed the committee (-1: nobody)."""
    dw = build_decision_world(users)
    chosen: dict[int, list[int]] = {}
    apps: list[Application] = []
    for code, i in zip(("P01", "P02"), passed, strict=True):
        post = dw.world.posts[code]
        chosen[post.pk] = [dw.applications[code][i].pk] if i >= 0 else []
        if i >= 0:
            apps.append(dw.applications[code][i])
    # The inspection and committee stages: sealed directly (see the module's docstring).
    Stage.objects.filter(campaign=dw.campaign, kind__in=["inspection", "committee"]).update(
        status=Stage.Status.SEALED, opened_at=OPENED, sealed_at=OPENED)
    monkeypatch.setitem(finalist_registry._SOURCES, "committee", committee_stand_in(chosen))
    stage = campaign_actions.stage_open(actor=dw.organiser, stage=dw.stage("notice"), now=OPENED)
    return NoticeWorld(dw=dw, stage=stage, passed=apps)


def pdf(name: str = "材料.pdf", data: bytes = PDF) -> Upload:
    return Upload(name, data)
