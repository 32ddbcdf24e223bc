"""The notice stage: what blocks sealing, what it publishes, and who goes on to the appointment."""

from __future__ import annotations

from typing import Any

import pytest

from tests.notices.world import AFTER_END, DURING, LAST_DAY, NoticeWorld, build_notice_world, nothing_changes
from xuanren.campaigns import actions as campaign_actions
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.finalists import finalists, finalists_and_stops
from xuanren.campaigns.models import Publication
from xuanren.campaigns.public_views import publication_view
from xuanren.notices.handlers import notice_blockers
from xuanren.notices.models import Objection


def seal(nw: NoticeWorld, now: Any = AFTER_END) -> Publication:
    return campaign_actions.stage_seal(actor=nw.organiser, stage=nw.stage, now=now)


def test_sealing_waits_for_a_published_ended_notice(nw: NoticeWorld) -> None:
    assert notice_blockers(nw.stage, DURING) == ["尚未发布任前公示"]
    notice = nw.generate()
    assert notice_blockers(nw.stage, DURING) == ["尚未发布任前公示", "公示草稿“任前公示”尚未发布，请发布或删除"]
    from xuanren.notices import actions

    notice = actions.notice_publish(actor=nw.organiser, notice=notice, now=notice.created)
    assert notice_blockers(nw.stage, LAST_DAY) == ["公示“任前公示”的公示期至2026年12月14日，尚未期满"]
    assert notice_blockers(nw.stage, AFTER_END) == ["公示“任前公示”公示期已满，请结束公示"]
    with nothing_changes(), pytest.raises(CampaignError, match=r"任前公示.*环节还不能封存：公示“任前公示”公示期已满"):
        seal(nw)
    nw.end(notice)
    assert notice_blockers(nw.stage, AFTER_END) == []


def test_open_objections_block_sealing_and_are_named_by_receipt(nw: NoticeWorld) -> None:
    notice = nw.published()
    first = nw.lodge(notice, entry=nw.entry(notice, "人员1").pk)
    second = nw.lodge(notice)
    nw.end(notice)
    assert notice_blockers(nw.stage, AFTER_END) == [f"尚有2件反映问题未办结：{first.receipt}、{second.receipt}"]
    with nothing_changes(), pytest.raises(CampaignError, match=f"尚有2件反映问题未办结：{first.receipt}"):
        seal(nw)
    nw.handle(first, Objection.Finding.NOT_VERIFIED, now=AFTER_END)
    nw.handle(second, Objection.Finding.OUT_OF_SCOPE, now=AFTER_END)
    seal(nw)


def test_a_verified_objection_leaves_the_post_vacant_with_the_notice_as_reason(nw: NoticeWorld) -> None:
    notice = nw.published()
    nw.handle(nw.lodge(notice, entry=nw.entry(notice, "人员4").pk), Objection.Finding.VERIFIED)
    nw.handle(nw.lodge(notice, entry=nw.entry(notice, "人员1").pk), Objection.Finding.NOT_VERIFIED)
    nw.end(notice)
    publication = seal(nw)
    p01, p02 = nw.dw.world.posts["P01"], nw.dw.world.posts["P02"]
    found, stops = finalists_and_stops(nw.campaign)
    assert [f.application for f in found[p01.pk]] == [nw.passed[0].pk]
    assert found[p02.pk] == []
    assert stops[p02.pk].kind == "notice"
    assert stops[p02.pk].reason == "公示期间反映问题经核实属实，终止任用"
    content = publication.content
    assert content["totals"] == {"people": 2, "cleared": 1, "stopped": 1, "objections": 2, "verified": 1}
    people = {p["code"]: p["people"] for p in content["posts"]}
    assert people["P01"][0]["name"] == "人员1" and people["P01"][0]["result"] == "公示无异议或反映问题不属实"
    assert people["P02"][0]["result"] == "反映问题属实，终止任用"
    assert content["notices"][0]["period"] == "2026年12月7日至2026年12月14日"
    # the public page reads it: names and outcomes, no ids, nothing of the objections' senders
    view = publication_view(content)
    assert view["parts"][0]["tables"][0]["columns"][:2] == ["姓名", "性别"]
    assert "反映问题属实，终止任用" in str(view)


def test_a_post_nobody_was_noticed_for_keeps_the_committees_reason(personas: dict[str, Any],
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    nw = build_notice_world(personas, monkeypatch, passed=(0, -1))
    notice = nw.published()
    assert [e.details["name"] for e in notice.entries.all()] == ["人员1"]
    nw.end(notice)
    seal(nw)
    p02 = nw.dw.world.posts["P02"]
    found, stops = finalists_and_stops(nw.campaign)
    assert found[p02.pk] == [] and stops[p02.pk].kind == "committee"
    assert stops[p02.pk].reason == "拟任人选未获通过"
    assert len(finalists(nw.campaign)[nw.dw.world.posts["P01"].pk]) == 1


def test_a_second_notice_takes_only_those_not_yet_noticed(personas: dict[str, Any],
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """A candidate passed later (e.g. after a re-vote) goes on a notice of their own."""
    nw = build_notice_world(personas, monkeypatch)
    first = nw.published()
    from tests.notices.world import committee_stand_in
    from xuanren.campaigns import finalists as registry

    p01 = nw.dw.world.posts["P01"]
    later = nw.dw.applications["P01"][1]
    monkeypatch.setitem(registry._SOURCES, "committee", committee_stand_in({p01.pk: [nw.passed[0].pk, later.pk]}))
    second = nw.generate(starts="2026-12-08", now=DURING)
    assert [e.application_id for e in second.entries.all()] == [later.pk]
    assert first.pk != second.pk


def test_the_public_results_page_shows_outcomes_and_counts_only(nw: NoticeWorld) -> None:
    from django.test import Client

    notice = nw.published()
    nw.handle(nw.lodge(notice, text="不公开的反映内容", entry=nw.entry(notice, "人员4").pk, anonymous=False,
                       name="王五", contact="13800000000"), Objection.Finding.VERIFIED)
    nw.end(notice)
    seal(nw)
    body = Client().get(f"/public/{nw.campaign.pk}/results/notice/").content.decode()
    assert "任前公示结果" in body and "公示期2026年12月7日至2026年12月14日" in body
    assert "人员4" in body and "反映问题属实，终止任用" in body
    assert "公示2人，其中公示无异议或反映问题不属实1人，终止任用1人；公示期间共受理反映问题1件，经核实属实1件。" in body
    assert "不公开的反映内容" not in body and "王五" not in body and "13800000000" not in body
