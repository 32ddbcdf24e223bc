"""The organiser's voting pages: a stage's sessions, creating one, the session page (groups, codes as a PDF
of slips, the named roll, voiding a batch, opening), the projector page and its live fragment."""

from __future__ import annotations

import re
import subprocess
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.campaigns.world import snapshot
from tests.voting.world import VotingWorld, build_voting_world, ready_session
from xuanren.campaigns.stage_pages import links_for
from xuanren.people.models import Person
from xuanren.record.models import Event
from xuanren.voting import actions
from xuanren.voting.codes import digest, normalise
from xuanren.voting.models import Ballot, Session, VoterCode, VoterGroup

CODE = re.compile(r"\b([0-9A-Z]{5}-[0-9A-Z]{5})\b")


@pytest.fixture
def vw(personas: dict[str, Any]) -> VotingWorld:
    return build_voting_world(personas)


@pytest.fixture
def organiser(as_role: Any) -> Client:
    return as_role("organiser")


def _session_url(session: Session) -> str:
    return reverse("voting:session", args=[session.pk])


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "slips.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _draft(vw: VotingWorld, **kw: Any) -> Session:
    return actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="民主推荐大会", **kw)


# --- the stage's sessions -------------------------------------------------------------------------

def test_the_dashboard_links_a_voting_stage_to_its_sessions(vw: VotingWorld, personas: dict[str, Any]) -> None:
    links = links_for(personas["organiser"], vw.recommendation)
    assert {"label": "投票场次", "url": reverse("voting:stage_sessions", kwargs={
        "pk": vw.campaign.pk, "stage_pk": vw.recommendation.pk})} in [{k: str(v) for k, v in link.items()}
                                                                   for link in links]
    assert links_for(personas["supervisor"], vw.evaluation)
    assert links_for(personas["reviewer"], vw.recommendation) == []


def test_the_stage_page_lists_sessions_with_status_trial_and_turnout(vw: VotingWorld, organiser: Client) -> None:
    session, _plain = ready_session(vw, codes=2)
    ready_session(vw, trial=True, name="试投", open_it=False)
    r = organiser.get(reverse("voting:stage_sessions", args=[vw.campaign.pk, vw.recommendation.pk]))
    assert r.status_code == 200
    html = r.content.decode()
    assert "第一场" in html and "试投" in html and "模拟测试" in html
    assert "投票中" in html and "准备中" in html
    row = html[html.index(f'id="session-{session.pk}"'):]
    row = row[:row.index("</tr>")]
    # entitled 5 + 10 + 20, issued 2 per group, none returned yet
    assert re.findall(r'<td class="num">([^<]*)</td>', row) == ["35", "6", "0", "0.0%"]
    assert "新建投票场次" in html


def test_a_supervisor_reads_the_stage_page_without_the_form(vw: VotingWorld, as_role: Any) -> None:
    r = as_role("supervisor").get(reverse("voting:stage_sessions", args=[vw.campaign.pk, vw.recommendation.pk]))
    assert r.status_code == 200 and 'id="session-form"' not in r.content.decode()


def test_a_stage_that_is_not_voted_on_has_no_sessions_page(vw: VotingWorld, organiser: Client) -> None:
    stage = vw.world.stage("eligibility")
    assert organiser.get(reverse("voting:stage_sessions", args=[vw.campaign.pk, stage.pk])).status_code == 404


def test_creating_a_session_goes_to_its_page(vw: VotingWorld, organiser: Client) -> None:
    url = reverse("voting:session_create", args=[vw.campaign.pk, vw.recommendation.pk])
    r = organiser.post(url, {"name": "中层干部推荐会", "place": "三楼会议室", "mode": "roll", "trial": "on"})
    session = Session.objects.get(name="中层干部推荐会")
    assert r.status_code == 302 and r["Location"] == _session_url(session)
    assert (session.place, session.mode, session.trial, session.stage) == ("三楼会议室", "roll", True,
                                                                          vw.recommendation)


def test_a_refused_creation_says_why_and_creates_nothing(vw: VotingWorld, organiser: Client) -> None:
    url = reverse("voting:session_create", args=[vw.campaign.pk, vw.recommendation.pk])
    before = Session.objects.count()
    r = organiser.post(url, {"name": "  ", "mode": "slips"}, follow=True)
    assert "请填写投票场次名称" in _messages(r)
    assert Session.objects.count() == before


# --- the session page -----------------------------------------------------------------------------

def test_the_session_page_shows_groups_forms_preview_and_actions(vw: VotingWorld, organiser: Client) -> None:
    session = _draft(vw)
    html = organiser.get(_session_url(session)).content.decode()
    for text in ("院领导", "中层干部", "其他人员", "生成投票码", "开始投票", "票面预览", "民主推荐票"):
        assert text in html, text
    # the preview is the ballot as the voter sees it, read-only: each candidate a (disabled) checkbox
    for app in vw.world.posts["P01"].applications.all():
        assert app.person.name in html
    assert "<fieldset disabled" in html
    assert "职数1名，最多推荐1人" in html
    assert 'name="group-0-weight" value="30"' in html


def test_saving_groups_sets_weights_and_entitled(vw: VotingWorld, organiser: Client) -> None:
    session = _draft(vw)
    data = {"group-0-code": "leaders", "group-0-name": "院领导", "group-0-weight": "20", "group-0-entitled": "6",
            "group-1-code": "middle_managers", "group-1-name": "中层干部", "group-1-weight": "30",
            "group-1-entitled": "12",
            "group-2-code": "others", "group-2-name": "其他人员", "group-2-weight": "40", "group-2-entitled": "30",
            "group-3-code": "retired", "group-3-name": "退休干部", "group-3-weight": "10", "group-3-entitled": "8",
            "group-4-code": "", "group-4-name": "", "group-4-weight": "", "group-4-entitled": ""}
    r = organiser.post(reverse("voting:groups", args=[session.pk]), data, follow=True)
    assert "投票人类别已保存。" in _messages(r)
    assert [(g.code, g.weight, g.entitled) for g in session.groups.order_by("order")] == [
        ("leaders", Decimal(20), 6), ("middle_managers", Decimal(30), 12), ("others", Decimal(40), 30),
        ("retired", Decimal(10), 8)]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("group-0-weight", "三十", "第1行：权重“三十”不是数字"),
    ("group-1-entitled", "-3", "第2行：应到人数“-3”应为非负整数"),
    ("group-0-weight", "35", "各投票人类别的权重之和应为100，现为105"),
])
def test_bad_groups_are_refused_naming_the_row(vw: VotingWorld, organiser: Client, field: str, value: str,
                                               message: str) -> None:
    session = _draft(vw)
    data = {f"group-{i}-{k}": v for i, g in enumerate(session.groups.order_by("order"))
            for k, v in (("code", g.code), ("name", g.name), ("weight", str(g.weight)), ("entitled", "5"))}
    data[field] = value
    before = snapshot(), list(VoterGroup.objects.values())
    r = organiser.post(reverse("voting:groups", args=[session.pk]), data, follow=True)
    assert any(message in m for m in _messages(r)), _messages(r)
    assert (snapshot(), list(VoterGroup.objects.values())) == before


def test_groups_are_read_only_once_open(vw: VotingWorld, organiser: Client) -> None:
    session, _plain = ready_session(vw)
    html = organiser.get(_session_url(session)).content.decode()
    assert 'id="groups-form"' not in html and "结束投票" in html and "开始投票" not in html


# --- codes and slips ------------------------------------------------------------------------------

def test_issuing_codes_answers_with_the_pdf_of_the_slips(vw: VotingWorld, organiser: Client, tmp_path: Path) -> None:
    session = _draft(vw)
    group = session.groups.get(code="middle_managers")
    events = Event.objects.count()
    r = organiser.post(reverse("voting:codes", args=[session.pk]), {"group": group.pk, "count": "12"})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert "attachment" in r["Content-Disposition"] and "no-store" in r["Cache-Control"]
    text = _pdf_text(r.content, tmp_path)
    printed = CODE.findall(text)
    assert len(printed) == 12 == len(set(printed))
    assert text.count("中层干部") >= 12 and "民主推荐大会" in text
    assert "每码限投一次" in text and "http://testserver/vote/" in text
    # Only digests are kept: each printed code is a code of this group, unused; the plain code is nowhere.
    stored = set(VoterCode.objects.filter(session=session).values_list("digest", flat=True))
    assert {digest(normalise(c) or "") for c in printed} == stored
    group.refresh_from_db()
    assert group.issued == 12
    assert Event.objects.count() == events + 1
    flat = [normalise(c) for c in printed]
    for code in flat:
        assert not Event.objects.filter(details__icontains=code).exists()


def test_two_pages_for_twelve_slips(vw: VotingWorld, organiser: Client) -> None:
    import io

    from pypdf import PdfReader

    session = _draft(vw)
    group = session.groups.first()
    assert group is not None
    r = organiser.post(reverse("voting:codes", args=[session.pk]), {"group": group.pk, "count": "12"})
    assert len(PdfReader(io.BytesIO(r.content)).pages) == 2


def test_a_trial_sessions_slips_say_so(vw: VotingWorld, organiser: Client, tmp_path: Path) -> None:
    session = _draft(vw, trial=True)
    group = session.groups.first()
    assert group is not None
    r = organiser.post(reverse("voting:codes", args=[session.pk]), {"group": group.pk, "count": "3"})
    assert _pdf_text(r.content, tmp_path).count("模拟测试") >= 3


@pytest.mark.parametrize("count", ["0", "abc", "2001", ""])
def test_a_bad_count_issues_nothing(vw: VotingWorld, organiser: Client, count: str) -> None:
    session = _draft(vw)
    group = session.groups.first()
    assert group is not None
    r = organiser.post(reverse("voting:codes", args=[session.pk]), {"group": group.pk, "count": count}, follow=True)
    assert any("投票码数量应为1至2000之间的整数" in m for m in _messages(r))
    assert not VoterCode.objects.filter(session=session).exists()


def test_codes_of_a_closed_session_are_refused_in_words(vw: VotingWorld, organiser: Client) -> None:
    session, _plain = ready_session(vw)
    Session.objects.filter(pk=session.pk).update(status=Session.Status.CLOSED)
    group = session.groups.first()
    assert group is not None
    before = VoterCode.objects.count()
    r = organiser.post(reverse("voting:codes", args=[session.pk]), {"group": group.pk, "count": "2"}, follow=True)
    assert r.redirect_chain and any("已结束" in m for m in _messages(r))
    assert VoterCode.objects.count() == before


def test_a_missing_font_issues_nothing(vw: VotingWorld, organiser: Client, settings: Any) -> None:
    settings.XUANREN_PDF_FONT = "/nonexistent/font.ttc"
    session = _draft(vw)
    group = session.groups.first()
    assert group is not None
    r = organiser.post(reverse("voting:codes", args=[session.pk]), {"group": group.pk, "count": "2"}, follow=True)
    assert any("fonts-noto-cjk" in m for m in _messages(r))
    assert not VoterCode.objects.filter(session=session).exists()


def test_a_failed_pdf_voids_the_batch_it_issued(vw: VotingWorld, organiser: Client,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(**kw: Any) -> bytes:
        raise RuntimeError("printer on fire")

    monkeypatch.setattr("xuanren.voting.views.codes.render_slips", broken)
    session = _draft(vw)
    group = session.groups.first()
    assert group is not None
    r = organiser.post(reverse("voting:codes", args=[session.pk]), {"group": group.pk, "count": "4"}, follow=True)
    assert any("已自动作废" in m for m in _messages(r))
    assert VoterCode.objects.filter(session=session).count() == VoterCode.objects.filter(session=session,
                                                                                          void=True).count() == 4
    group.refresh_from_db()
    assert group.issued == 0


def test_batches_are_listed_and_a_lost_one_voided_with_a_reason(vw: VotingWorld, organiser: Client) -> None:
    session, _plain = ready_session(vw, codes=2)
    html = organiser.get(_session_url(session)).content.decode()
    assert 'id="batch-1"' in html and 'id="batch-3"' in html
    r = organiser.post(reverse("voting:void", args=[session.pk]), {"batch": "2", "reason": ""}, follow=True)
    assert any("请说明作废原因" in m for m in _messages(r))
    r = organiser.post(reverse("voting:void", args=[session.pk]), {"batch": "2", "reason": "码条遗失"}, follow=True)
    assert "第2批中未使用的2个投票码已作废。" in _messages(r)
    assert VoterCode.objects.filter(session=session, batch=2, void=True).count() == 2
    assert Event.objects.filter(action="voting.codes_void", details__reason="码条遗失").exists()


# --- the named roll -------------------------------------------------------------------------------

def test_a_named_roll_prints_personal_slips_and_shows_who_voted(vw: VotingWorld, organiser: Client,
                                                                tmp_path: Path) -> None:
    session = _draft(vw, mode="roll")
    group = session.groups.get(code="others")
    url = reverse("voting:roll", args=[session.pk])
    r = organiser.get(url, {"unit": vw.world.unit.pk})
    html = r.content.decode()
    people = list(Person.objects.filter(unit__in=[vw.world.office, vw.world.legal]).order_by("name"))
    for p in people:
        assert p.name in html  # the unit's departments are included
    chosen = people[:3]
    r = organiser.post(url, {"unit": vw.world.unit.pk, "group": group.pk, "person": [p.pk for p in chosen]})
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    text = _pdf_text(r.content, tmp_path)
    assert all(p.name in text for p in chosen) and len(CODE.findall(text)) == 3
    # already on the roll: shown and not selectable again
    html = organiser.get(url, {"unit": vw.world.unit.pk}).content.decode()
    assert html.count("已发码") == 3
    assert f'value="{chosen[0].pk}" id="person-{chosen[0].pk}" disabled' in html
    # the session page lists the roll with who has voted (none yet), never what
    page = organiser.get(_session_url(session)).content.decode()
    roll = page[page.index('id="roll-table"'):]
    roll = roll[:roll.index("</table>")]
    assert all(p.name in roll for p in chosen) and roll.count("—") == 3 and "✓" not in roll


def test_the_roll_marks_a_person_who_voted(vw: VotingWorld, organiser: Client) -> None:
    session = _draft(vw, mode="roll")
    group = session.groups.get(code="others")
    chosen = list(Person.objects.order_by("name")[:2])
    issued = actions.roll_issue(actor=vw.organiser, session=session, group=group, persons=chosen)
    VoterCode.objects.filter(digest=digest(issued[0][1])).update(used=True)
    page = organiser.get(_session_url(session)).content.decode()
    roll = page[page.index('id="roll-table"'):]
    roll = roll[:roll.index("</table>")]
    voted_row = roll[roll.index(issued[0][0].name):]
    assert "✓" in voted_row[:voted_row.index("</tr>")]


def test_choosing_nobody_issues_nothing(vw: VotingWorld, organiser: Client) -> None:
    session = _draft(vw, mode="roll")
    group = session.groups.first()
    assert group is not None
    r = organiser.post(reverse("voting:roll", args=[session.pk]), {"group": group.pk}, follow=True)
    assert "请至少选择一人。" in _messages(r)
    assert not VoterCode.objects.filter(session=session).exists()


# --- opening --------------------------------------------------------------------------------------

def test_opening_a_session_that_is_not_ready_says_why(vw: VotingWorld, organiser: Client) -> None:
    session = _draft(vw)
    r = organiser.post(reverse("voting:open", args=[session.pk]), follow=True)
    assert any("应到人数尚未填写" in m for m in _messages(r))
    session.refresh_from_db()
    assert session.status == "draft"


def test_opening_a_ready_session(vw: VotingWorld, organiser: Client) -> None:
    session, _plain = ready_session(vw, open_it=False)
    r = organiser.post(reverse("voting:open", args=[session.pk]), follow=True)
    assert "投票已开始。投票人扫码或输入投票码即可投票。" in _messages(r)
    session.refresh_from_db()
    assert session.status == "open"


# --- the projector --------------------------------------------------------------------------------

def test_the_projector_shows_turnout_and_a_qr_code_of_the_voting_page(vw: VotingWorld, organiser: Client) -> None:
    session, _plain = ready_session(vw, codes=2)
    html = organiser.get(reverse("voting:screen", args=[session.pk])).content.decode()
    assert session.name in html and "<svg" in html and "http://testserver/vote/" in html
    assert 'hx-trigger="every 2s"' in html and "htmx.min.js" in html
    assert "正在投票" in html
    assert "//" not in html.replace("http://testserver/vote/", "").replace("<!doctype", "").split("<body>")[1] \
        .replace("http://www.w3.org/2000/svg", "")  # no external address of any kind


def test_the_live_fragment_counts_ballots_and_shows_no_result_while_open(vw: VotingWorld, as_role: Any) -> None:
    session, plain = ready_session(vw, codes=2)
    live = reverse("voting:screen_live", args=[session.pk])
    client = as_role("supervisor")
    html = client.get(live).content.decode()
    assert re.search(r'id="total-returned">0<', html)
    actions.ballot_cast(code=plain["others"][0], marks={}, submission="submission-token-0001")
    html = client.get(live).content.decode()
    assert re.search(r'id="total-returned">1<', html)
    row = html[html.index('id="screen-group-others"'):]
    assert re.findall(r'<td class="num[^"]*">(\d+)</td>', row[:row.index("</tr>")]) == ["20", "2", "1"]
    assert "计票结果" not in html and "得票" not in html
    assert Ballot.objects.count() == 1


def test_the_download_tells_the_page_by_a_cookie_to_reload(vw: VotingWorld, organiser: Client) -> None:
    session = _draft(vw)
    group = session.groups.first()
    assert group is not None
    url = reverse("voting:codes", args=[session.pk])
    r = organiser.post(url, {"group": group.pk, "count": "1", "download_token": "k3j2h1g0f9"})
    assert r.cookies["voting_download"].value == "k3j2h1g0f9" and r.cookies["voting_download"]["samesite"] == "Strict"
    r = organiser.post(url, {"group": group.pk, "count": "1", "download_token": "<script>"})
    assert "voting_download" not in r.cookies
    html = organiser.get(_session_url(session)).content.decode()
    assert "data-reload-after-download" in html and "voting_download=" in html
