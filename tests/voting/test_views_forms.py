"""The session page's ballot form editor (most marks and write-in lines per post, 不了解, an elements
ballot's elements and marks per element; adding and removing a form) and deleting a draft session — each
checked on the page, in the database and on the voter's page, refusals named and nothing saved."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.voting.world import VotingWorld, build_voting_world, ready_session
from xuanren.record.models import Event
from xuanren.voting import actions
from xuanren.voting.models import Ballot, BallotForm, Session, VoterCode, VoterGroup


@pytest.fixture
def vw(personas: dict[str, Any]) -> VotingWorld:
    return build_voting_world(personas)


@pytest.fixture
def organiser(as_role: Any) -> Client:
    return as_role("organiser")


def _url(name: str, session: Session) -> str:
    return reverse(f"voting:{name}", args=[session.pk])


def _messages(response: Any) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def _voting_rows() -> tuple[Any, ...]:
    """Every row of the voting tables and the record's length: what 'nothing changed' compares."""
    return (list(Session.objects.order_by("pk").values()), list(VoterGroup.objects.order_by("pk").values()),
            list(BallotForm.objects.order_by("pk").values()), list(VoterCode.objects.order_by("pk").values()),
            Event.objects.count())


def _draft(vw: VotingWorld, stage: Any = None) -> Session:
    return actions.session_create(actor=vw.organiser, stage=stage or vw.recommendation, name="民主推荐大会")


def _ballot_page(client: Client, code: str) -> str:
    r = client.post("/vote/", {"step": "open", "code": code})
    assert r.status_code == 200
    return r.content.decode()


def _editor(form: BallotForm, **changes: str) -> dict[str, str]:
    """The editor's fields as the page fills them in, with ``changes``."""
    data = {"form": str(form.pk), "title": form.title}
    for p in form.content.get("posts", []):
        data[f"max-{p['post']}"] = str(p["max_marks"])
        data[f"writeins-{p['post']}"] = str(p["write_ins"])
    if form.kind == "elements":
        data["elements"] = "\n".join(form.content["elements"])
        data["marks_per_element"] = str(form.content["marks_per_element"])
    if form.kind == "evaluation" and form.content.get("unknown"):
        data["unknown"] = "on"
    data.update(changes)
    return data


# --- deleting a draft session ---------------------------------------------------------------------

def test_a_draft_is_deleted_from_its_page_with_its_groups_forms_and_codes(vw: VotingWorld,
                                                                         organiser: Client) -> None:
    session, _plain = ready_session(vw, open_it=False, codes=2)
    html = organiser.get(_url("session", session)).content.decode()
    assert 'id="delete-button"' in html and "确定删除？" in html
    r = organiser.post(_url("delete", session), follow=True)
    assert r.redirect_chain[-1][0] == reverse("voting:stage_sessions", args=[vw.campaign.pk, vw.recommendation.pk])
    assert "投票场次“第一场”已删除。" in _messages(r)
    assert not Session.objects.exists() and not VoterGroup.objects.exists()
    assert not BallotForm.objects.exists() and not VoterCode.objects.exists()
    event = Event.objects.get(action="voting.session_delete")
    assert (event.object_type, event.object_id, event.object_repr) == ("voting.session", str(session.pk), "第一场")
    assert event.details["codes"] == 6 and event.details["forms"] == ["民主推荐票"]


@pytest.mark.parametrize("status", ["open", "closed"])
def test_an_open_or_closed_session_has_no_delete_button_and_is_not_deleted(vw: VotingWorld, organiser: Client,
                                                                          status: str) -> None:
    session, plain = ready_session(vw)
    actions.ballot_cast(code=plain["others"][0], marks={}, submission="s" * 20)
    if status == "closed":
        actions.session_close(actor=vw.organiser, session=session)
    html = organiser.get(_url("session", session)).content.decode()
    assert 'id="delete-button"' not in html
    # once closed, the page links the published ballots
    assert (f'href="{reverse("vote:ballots", args=[session.pk])}" id="ballots-link"' in html) == (status == "closed")
    before = _voting_rows(), Ballot.objects.count()
    r = organiser.post(_url("delete", session), follow=True)
    assert any("不能删除（只能删除准备中、尚未开始投票的场次）" in m for m in _messages(r)), _messages(r)
    assert (_voting_rows(), Ballot.objects.count()) == before


def test_a_supervisor_cannot_delete(vw: VotingWorld, as_role: Any) -> None:
    session = _draft(vw)
    client = as_role("supervisor")
    assert 'id="delete-button"' not in client.get(_url("session", session)).content.decode()
    before = _voting_rows()
    assert client.post(_url("delete", session)).status_code == 403
    assert _voting_rows() == before


# --- the recommendation form ----------------------------------------------------------------------

def test_the_editor_shows_each_post_with_its_candidates_read_only(vw: VotingWorld, organiser: Client) -> None:
    session = _draft(vw)
    form = session.forms.get()
    html = organiser.get(_url("session", session)).content.decode()
    editor = html[html.index(f'id="form-edit-{form.pk}"'):]
    editor = editor[:editor.index("</details>")]
    p01 = form.content["posts"][0]
    assert f'name="max-{p01["post"]}" value="1"' in editor
    assert re.search(rf'name="writeins-{p01["post"]}"[^>]*>(<option value="\d">\d</option>)*'
                     r'<option value="0" selected>0</option>', editor)
    assert editor.count("<option") == 2 * 4  # 0 to 3 write-in lines, for P01 and P02
    assert "人员1、人员2、人员3" in editor and "application" not in editor  # names only: nothing to edit them with
    assert "不能在此增删" in editor


def test_most_marks_and_write_in_lines_are_saved_and_the_voter_sees_them(vw: VotingWorld, organiser: Client,
                                                                         client: Client) -> None:
    session, plain = ready_session(vw, open_it=False)
    form = session.forms.get()
    p01, p02 = form.content["posts"]
    r = organiser.post(_url("form_save", session), _editor(form, **{
        "title": "科级职位推荐票", f"max-{p01['post']}": "2", f"writeins-{p01['post']}": "3",
        f"writeins-{p02['post']}": "1"}), follow=True)
    assert "票面“科级职位推荐票”已保存。" in _messages(r)
    form.refresh_from_db()
    assert form.title == "科级职位推荐票"
    assert [(p["code"], p["max_marks"], p["write_ins"], len(p["candidates"])) for p in form.content["posts"]] == [
        ("P01", 2, 3, 3), ("P02", 1, 1, 3)]
    assert Event.objects.filter(action="voting.form_set").count() == 1
    html = r.content.decode()
    assert "职数1名，最多推荐2人" in html and "另推人选：可填写 3 人" in html  # the preview follows
    actions.session_open(actor=vw.organiser, session=session)
    ballot = _ballot_page(client, plain["others"][0])
    assert "科级职位推荐票" in ballot
    assert "本职位最多推荐2人" in ballot and 'data-max="2"' in ballot
    assert ballot.count(f'name="w-{form.pk}-{p01["post"]}"') == 3
    assert ballot.count(f'name="w-{form.pk}-{p02["post"]}"') == 1


@pytest.mark.parametrize(("field", "value", "message"), [
    ("max", "0", "职位P01（办公室副主任）的最多推荐人数应为正整数（0）"),
    ("max", "两人", "职位P01（办公室副主任）的最多推荐人数应为正整数（两人）"),
    ("max", "", "职位P01（办公室副主任）的最多推荐人数应为正整数"),
    ("writeins", "4", "职位P01（办公室副主任）的另推人选栏数应为0至3之间的整数（4）"),
    ("writeins", "-1", "职位P01（办公室副主任）的另推人选栏数应为0至3之间的整数（-1）"),
    ("title", " ", "请填写票面标题"),
])
def test_a_bad_recommendation_form_is_refused_naming_the_post_and_field(vw: VotingWorld, organiser: Client,
                                                                        field: str, value: str, message: str) -> None:
    session = _draft(vw)
    form = session.forms.get()
    p01, p02 = form.content["posts"]
    key = "title" if field == "title" else f"{field}-{p01['post']}"
    # P02's change is fine, and is not saved either: all or nothing.
    data = _editor(form, **{key: value, f"max-{p02['post']}": "2"})
    before = _voting_rows()
    r = organiser.post(_url("form_save", session), data, follow=True)
    assert any(m.startswith("票面“民主推荐票”未保存：") and message in m for m in _messages(r)), _messages(r)
    assert _voting_rows() == before


def test_the_action_refuses_more_than_three_write_in_lines(vw: VotingWorld) -> None:
    from xuanren.campaigns.errors import CampaignError

    session = _draft(vw)
    p01 = vw.world.posts["P01"]
    with pytest.raises(CampaignError) as e:
        actions.form_set(actor=vw.organiser, session=session, kind="recommendation", title="t",
                         content={"posts": [{"post": p01.pk, "write_ins": 4}]})
    assert e.value.code == "campaigns.voting.form.write_ins"
    form = actions.form_set(actor=vw.organiser, session=session, kind="recommendation", title="t",
                            content={"posts": [{"post": p01.pk, "write_ins": 3}]})
    assert form.content["posts"][0]["write_ins"] == 3


def test_the_editor_is_for_drafts_and_organisers_only(vw: VotingWorld, organiser: Client, as_role: Any) -> None:
    session = _draft(vw)
    form = session.forms.get()
    html = as_role("supervisor").get(_url("session", session)).content.decode()
    assert f'id="form-edit-{form.pk}"' not in html and 'id="form-add"' not in html
    assert as_role("supervisor").post(_url("form_save", session), _editor(form, title="x")).status_code == 403
    session, _plain = ready_session(vw, name="第二场")
    form = session.forms.get()
    html = organiser.get(_url("session", session)).content.decode()
    assert f'id="form-edit-{form.pk}"' not in html and 'id="form-add"' not in html
    before = _voting_rows()
    r = organiser.post(_url("form_save", session), _editor(form, title="改名"), follow=True)
    assert any("已开始投票" in m and "不能再修改" in m for m in _messages(r))
    assert _voting_rows() == before


def test_a_form_of_another_session_is_not_found(vw: VotingWorld, organiser: Client) -> None:
    one, other = _draft(vw), actions.session_create(actor=vw.organiser, stage=vw.recommendation, name="另一场")
    form = other.forms.get()
    before = _voting_rows()
    r = organiser.post(_url("form_save", one), _editor(form, title="改名"), follow=True)
    assert "该票面不属于本投票场次，或已被删除。" in _messages(r)
    r = organiser.post(_url("form_remove", one), {"form": form.pk}, follow=True)
    assert "该票面不属于本投票场次，或已被删除。" in _messages(r)
    assert _voting_rows() == before


# --- the evaluation form --------------------------------------------------------------------------

def test_unknown_is_offered_or_not(vw: VotingWorld, organiser: Client, client: Client) -> None:
    session, plain = ready_session(vw, stage=vw.evaluation, open_it=False)
    form = session.forms.get()
    html = organiser.get(_url("session", session)).content.decode()
    assert f'name="unknown" id="unknown-{form.pk}" checked' in html
    data = _editor(form)
    del data["unknown"]
    r = organiser.post(_url("form_save", session), data, follow=True)
    assert "票面“民主测评票”已保存。" in _messages(r)
    form.refresh_from_db()
    assert form.content["unknown"] is False and len(form.content["subjects"]) == 3
    assert form.content["grades"] == ["excellent", "competent", "basically_competent", "incompetent"]
    assert f'name="unknown" id="unknown-{form.pk}">' in r.content.decode()
    actions.session_open(actor=vw.organiser, session=session)
    ballot = _ballot_page(client, plain["all"][0])
    assert "基本称职" in ballot and "不了解" not in ballot


# --- the elements ballot --------------------------------------------------------------------------

def test_an_elements_ballot_is_added_with_edited_elements(vw: VotingWorld, organiser: Client,
                                                          client: Client) -> None:
    session, plain = ready_session(vw, open_it=False)
    html = organiser.get(_url("session", session)).content.decode()
    add = html[html.index('id="form-add-elements"'):]
    assert "道德品行最好\n工作最敬业\n工作业绩最突出\n业务能力最强\n综合素质最高\n最适合提拔使用</textarea>" in add
    assert 'id="form-add-recommendation"' not in html  # the session has its recommendation ballot already
    r = organiser.post(_url("form_add", session), {
        "kind": "elements", "title": "要素定向推荐票",
        "elements": "道德品行最好\r\n  工作最敬业 \r\n\r\n群众公认度最高\r\n", "marks_per_element": "2"}, follow=True)
    assert "已添加票面“要素定向推荐票”。" in _messages(r)
    form = session.forms.get(kind="elements")
    assert form.content["elements"] == ["道德品行最好", "工作最敬业", "群众公认度最高"]
    assert form.content["marks_per_element"] == 2 and len(form.content["candidates"]) == 6
    # and it is edited like the others
    r = organiser.post(_url("form_save", session), _editor(form, elements="群众公认度最高\n最适合提拔使用",
                                                           marks_per_element="1"), follow=True)
    form.refresh_from_db()
    assert form.content["elements"] == ["群众公认度最高", "最适合提拔使用"] and form.content["marks_per_element"] == 1
    actions.session_open(actor=vw.organiser, session=session)
    ballot = _ballot_page(client, plain["others"][0])
    assert "群众公认度最高" in ballot and "最适合提拔使用" in ballot and "道德品行最好" not in ballot
    assert "本项最多推荐1人" in ballot and f'name="e-{form.pk}-1"' in ballot


@pytest.mark.parametrize(("elements", "per", "message"), [
    ("", "1", "请至少填写一项推荐要素"),
    ("最好\n" + "长" * 51, "1", "第2项推荐要素“" + "长" * 51 + "”超过50个字符"),
    ("工作最敬业\n最好\n工作最敬业", "1", "推荐要素“工作最敬业”重复"),
    ("工作最敬业", "0", "每个要素可推荐人数应为正整数（0）"),
    ("工作最敬业", "一", "每个要素可推荐人数应为正整数（一）"),
])
def test_a_bad_elements_ballot_is_refused_naming_the_field(vw: VotingWorld, organiser: Client, elements: str,
                                                           per: str, message: str) -> None:
    session = _draft(vw)
    before = _voting_rows()
    r = organiser.post(_url("form_add", session), {"kind": "elements", "title": "要素定向推荐票",
                                                   "elements": elements, "marks_per_element": per}, follow=True)
    assert any(m.startswith("票面未添加：") and message in m for m in _messages(r)), _messages(r)
    assert _voting_rows() == before
    form = actions.form_set(actor=vw.organiser, session=session, kind="elements", title="要素定向推荐票", content={})
    before = _voting_rows()
    r = organiser.post(_url("form_save", session), _editor(form, elements=elements, marks_per_element=per),
                       follow=True)
    assert any(m.startswith("票面“要素定向推荐票”未保存：") and message in m for m in _messages(r)), _messages(r)
    assert _voting_rows() == before


# --- removing and adding back ---------------------------------------------------------------------

def test_a_form_is_removed_and_the_stages_own_ballot_added_back(vw: VotingWorld, organiser: Client) -> None:
    session = _draft(vw)
    form = session.forms.get()
    r = organiser.post(_url("form_remove", session), {"form": form.pk}, follow=True)
    assert "票面“民主推荐票”已删除。" in _messages(r)
    assert not session.forms.exists() and Event.objects.filter(action="voting.form_delete").count() == 1
    html = r.content.decode()
    assert 'id="form-add-recommendation"' in html and "尚无票面。" in html
    r = organiser.post(_url("form_add", session), {"kind": "recommendation", "title": "民主推荐票"}, follow=True)
    assert "已添加票面“民主推荐票”。" in _messages(r)
    again = session.forms.get()
    assert again.kind == "recommendation" and [p["code"] for p in again.content["posts"]] == ["P01", "P02"]
    before = _voting_rows()
    r = organiser.post(_url("form_add", session), {"kind": "ballot", "title": "x"}, follow=True)
    assert "不能添加这种票面。" in _messages(r) and _voting_rows() == before
