"""Closing a session from its page, the result summary, sealing the stage ("封存并公布"), and what the
projector shows before and after."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.voting.world import VotingWorld, build_voting_world, ready_session
from xuanren.campaigns.models import Publication, Stage
from xuanren.voting import actions
from xuanren.voting.actions.close import session_close
from xuanren.voting.models import Session


@pytest.fixture
def vw(personas: dict[str, Any]) -> VotingWorld:
    return build_voting_world(personas)


@pytest.fixture
def organiser(as_role: Any) -> Client:
    return as_role("organiser")


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _form(session: Session) -> tuple[str, dict[str, Any]]:
    form = session.forms.get()
    return str(form.pk), form.content


def _cast(session: Session, code: str, choose: dict[str, int], n: int) -> None:
    """A ballot marking, for each post code in ``choose``, the candidate at that index."""
    pk, content = _form(session)
    marks = {str(p["post"]): {"marks": [p["candidates"][choose[p["code"]]]["application"]]}
             for p in content["posts"] if p["code"] in choose}
    actions.ballot_cast(code=code, marks={pk: marks}, submission=f"submission-token-{n:08d}")


@pytest.fixture
def voted(vw: VotingWorld) -> Session:
    """An open session with 3 codes a group: every voter marks the first candidate of P01 and the second of
    P02, but one 'others' voter marks the third of P02."""
    session, plain = ready_session(vw, codes=3)
    n = 0
    for group, codes in plain.items():
        for i, code in enumerate(codes):
            n += 1
            _cast(session, code, {"P01": 0, "P02": 2 if (group == "others" and i == 0) else 1}, n)
    return session


def test_the_close_button_asks_first(voted: Session, organiser: Client) -> None:
    html = organiser.get(reverse("voting:session", args=[voted.pk])).content.decode()
    close = html[html.index(reverse("voting:close", args=[voted.pk])) - 200:]
    assert "confirm(" in close[:600] and "结束投票" in close[:800]
    assert "计票结果" not in html  # nothing while open


def test_closing_counts_and_shows_the_result_summary(voted: Session, organiser: Client) -> None:
    r = organiser.post(reverse("voting:close", args=[voted.pk]), follow=True)
    assert "投票已结束，计票完成。" in _messages(r)
    voted.refresh_from_db()
    assert voted.status == "closed" and voted.result is not None
    html = r.content.decode()
    assert "计票结果" in html and "会议有效" not in html  # 9 of 35 entitled: not two thirds
    assert "会议无效" in html
    p01 = html[html.index('id="result-post-P01"'):]
    p01 = p01[:p01.index("</table>")]
    first = voted.forms.get().content["posts"][0]["candidates"][0]["name"]
    assert first in p01 and "加权得分" in p01 and "100" in p01
    assert "得分须达到" in p01


def test_a_valid_meeting_shows_scores_thresholds_and_vacancies(vw: VotingWorld, organiser: Client) -> None:
    session, plain = ready_session(vw, codes=4)
    session.groups.update(entitled=4)
    n = 0
    for codes in plain.values():
        for code in codes:
            n += 1
            # P01: everyone marks the first candidate; P02: votes spread so nobody reaches 40 with 3 candidates
            _cast(session, code, {"P01": 0, "P02": n % 3}, n)
    organiser.post(reverse("voting:close", args=[session.pk]))
    html = organiser.get(reverse("voting:session", args=[session.pk])).content.decode()
    assert "会议有效" in html
    content = session.forms.get().content
    p01 = html[html.index('id="result-post-P01"'):]
    p01 = p01[:p01.index("</table>")]
    leader = content["posts"][0]["candidates"][0]["name"]
    row = p01[p01.index(leader):]
    row = row[:row.index("</tr>")]
    assert re.search(r'class="num score">100(\.00)?<', row) and "✓ 达到" in row
    assert "得分须达到 40" in p01 or "得分须达到 40.00" in p01
    p02 = html[html.index('id="result-post-P02"'):]
    assert "空缺" in p02[:p02.index("</table>")]
    assert 'id="vacant-posts"' in html and "P02" in html[html.index('id="vacant-posts"'):][:200]


def test_sealing_publishes_the_stage(voted: Session, organiser: Client) -> None:
    session_close(actor=None, session=voted)
    html = organiser.get(reverse("voting:session", args=[voted.pk])).content.decode()
    assert 'id="seal-button"' in html and "封存并公布" in html
    r = organiser.post(reverse("voting:seal", args=[voted.pk]), follow=True)
    assert any("环节已封存，结果已公布（第1版）" in m for m in _messages(r)), _messages(r)
    stage = Stage.objects.get(pk=voted.stage_id)
    assert stage.status == "sealed"
    publication = Publication.objects.get(stage=stage)
    assert [s["id"] for s in publication.content["sessions"]] == [voted.pk]
    html = r.content.decode()
    assert "已封存并公布" in html and 'id="seal-button"' not in html and 'id="public-results"' in html


def test_no_seal_while_another_session_of_the_stage_is_open(vw: VotingWorld, voted: Session,
                                                           organiser: Client) -> None:
    ready_session(vw, name="第二场", codes=1)
    session_close(actor=None, session=voted)
    html = organiser.get(reverse("voting:session", args=[voted.pk])).content.decode()
    assert 'id="seal-button"' not in html
    r = organiser.post(reverse("voting:seal", args=[voted.pk]), follow=True)
    assert any("没有其他正在投票的场次" in m for m in _messages(r))
    assert Stage.objects.get(pk=voted.stage_id).status == "open"


def test_a_trial_session_is_never_sealed_from(vw: VotingWorld, organiser: Client) -> None:
    session, _plain = ready_session(vw, trial=True, codes=1)
    session_close(actor=None, session=session)
    html = organiser.get(reverse("voting:session", args=[session.pk])).content.decode()
    assert 'id="seal-button"' not in html and "模拟测试，不计入" in html
    r = organiser.post(reverse("voting:seal", args=[session.pk]), follow=True)
    assert any("正式投票场次" in m for m in _messages(r))
    assert Stage.objects.get(pk=session.stage_id).status == "open"


def test_the_supervisor_reads_the_result_but_has_no_buttons(voted: Session, as_role: Any) -> None:
    session_close(actor=None, session=voted)
    client = as_role("supervisor")
    html = client.get(reverse("voting:session", args=[voted.pk])).content.decode()
    assert "计票结果" in html and 'id="seal-button"' not in html and "生成投票码" not in html
    assert client.post(reverse("voting:seal", args=[voted.pk])).status_code == 403


def test_closing_twice_says_it_is_closed(voted: Session, organiser: Client) -> None:
    organiser.post(reverse("voting:close", args=[voted.pk]))
    r = organiser.post(reverse("voting:close", args=[voted.pk]), follow=True)
    assert any("已结束" in m for m in _messages(r))


# --- the projector --------------------------------------------------------------------------------

def test_the_projector_says_ended_and_shows_the_result_only_after_sealing(voted: Session, organiser: Client) -> None:
    live = reverse("voting:screen_live", args=[voted.pk])
    assert "计票结果" not in organiser.get(live).content.decode()
    session_close(actor=None, session=voted)
    html = organiser.get(live).content.decode()
    assert "投票已结束" in html and "计票结果" not in html and "结果将在封存后公布" in html
    assert 'hx-trigger="every 2s"' in html  # still asking, to show the result once sealed
    organiser.post(reverse("voting:seal", args=[voted.pk]))
    html = organiser.get(live).content.decode()
    assert "投票已结束" in html and "计票结果" in html and 'id="result-post-P01"' in html
    assert "hx-trigger" not in html  # nothing more to wait for


def test_a_trial_result_is_on_the_projector_at_the_close(vw: VotingWorld, organiser: Client) -> None:
    session, _plain = ready_session(vw, trial=True, codes=1)
    session_close(actor=None, session=session)
    html = organiser.get(reverse("voting:screen_live", args=[session.pk])).content.decode()
    assert "计票结果" in html and "模拟测试，不计入" in html
