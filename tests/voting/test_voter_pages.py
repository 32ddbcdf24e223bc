"""The voter's pages at /vote/: code entry (the QR fragment), the ballot, the review, the receipt; the
trial banner; refusals in Chinese with a way back; the code never in a URL; no address kept."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests.voting.world import VotingWorld, build_voting_world, ready_session
from xuanren.voting import codes as C
from xuanren.voting.models import Ballot, BallotForm, Session, VoterCode
from xuanren.voting.voter_views import marks_from_post

URL = "/vote/"


@pytest.fixture
def vw(personas: dict[str, Any]) -> VotingWorld:
    return build_voting_world(personas)


def _post(client: Client, **data: Any) -> Any:
    return client.post(URL, data, REMOTE_ADDR="192.0.2.44")


def _submission(html: str) -> str:
    m = re.search(r'name="submission" value="([^"]+)"', html)
    assert m, "no submission token on the page"
    return m.group(1)


def _urls(html: str) -> list[str]:
    return re.findall(r'(?:href|action|src|formaction)="([^"]*)"', html)


def test_the_url_is_the_vote_page() -> None:
    assert reverse("vote:entry") == URL


def test_entry_page_takes_the_code_from_the_fragment(client: Client) -> None:
    r = client.get(URL)
    html = r.content.decode()
    assert r.status_code == 200
    assert 'id="code-form"' in html and 'name="code"' in html and 'value="open"' in html
    assert "/static/voting/vote.js" in html
    from pathlib import Path

    import xuanren.voting

    js = (Path(xuanren.voting.__file__).parent / "static/voting/vote.js").read_text(encoding="utf-8")
    assert "location.hash" in js and "replaceState" in js
    assert not any(u.startswith(("http:", "https:", "//")) for u in _urls(html))  # nothing external


def test_a_whole_vote_through_the_pages(vw: VotingWorld, client: Client) -> None:
    session, codes = ready_session(vw)
    code = codes["others"][0]
    form = session.forms.get()
    p01 = next(p for p in form.content["posts"] if p["code"] == "P01")
    a1 = p01["candidates"][0]["application"]

    r = _post(client, step="open", code=C.display(code).lower())
    html = r.content.decode()
    assert r.status_code == 200
    assert "本职位最多推荐1人" in html and "人员1" in html and 'data-max="1"' in html
    assert f'name="m-{form.pk}-{p01["post"]}"' in html and 'type="checkbox"' in html
    assert "模拟测试" not in html
    token = _submission(html)
    assert len(token) >= 16

    answer = {f"m-{form.pk}-{p01['post']}": [str(a1)]}
    r = _post(client, step="review", code=code, submission=token, **answer)
    html = r.content.decode()
    assert r.status_code == 200 and "请核对" in html
    assert "P01 办公室副主任" in html and "人员1" in html and "未推荐（空白）" in html  # P02 left blank
    assert _submission(html) == token
    assert not Ballot.objects.exists()

    r = _post(client, step="edit", code=code, submission=token, **answer)
    assert r.status_code == 200 and f'value="{a1}" checked' in r.content.decode()

    r = _post(client, step="confirm", code=code, submission=token, **answer)
    html = r.content.decode()
    assert r.status_code == 200
    receipt = Ballot.objects.get().receipt
    assert f'data-receipt="{receipt}"' in html and "请记下您的回执码，结果公布后可核对" in html
    assert Ballot.objects.get().marks == {str(form.pk): {str(p01["post"]): {"marks": [a1], "write_ins": []}}}

    # A slow phone sends it again: the same receipt, one ballot.
    again = _post(client, step="confirm", code=code, submission=token, **answer)
    assert again.status_code == 200 and f'data-receipt="{receipt}"' in again.content.decode()
    assert Ballot.objects.count() == 1

    # And the code is spent.
    r = _post(client, step="open", code=code)
    assert r.status_code == 400 and "此投票码已使用" in r.content.decode() and 'id="code-form"' in r.content.decode()


def test_too_many_marks_refused_by_the_server_too(vw: VotingWorld, client: Client) -> None:
    session, codes = ready_session(vw)
    form = session.forms.get()
    p01 = form.content["posts"][0]
    key = f"m-{form.pk}-{p01['post']}"
    both = [str(c["application"]) for c in p01["candidates"][:2]]
    for step in ("review", "confirm"):
        r = _post(client, step=step, code=codes["others"][0], submission="t" * 20, **{key: both})
        html = r.content.decode()
        assert r.status_code == 400 and "最多推荐1人，本票标记了2人" in html
        assert 'id="ballot-form"' in html and html.count(" checked") == 2  # the answers are kept for correcting
    assert not Ballot.objects.exists() and not VoterCode.objects.filter(used=True).exists()


def test_a_trial_session_shows_its_banner(vw: VotingWorld, client: Client) -> None:
    _, codes = ready_session(vw, trial=True)
    r = _post(client, step="open", code=codes["others"][0])
    assert 'id="trial-banner"' in r.content.decode() and "模拟测试，不计入结果" in r.content.decode()
    r = _post(client, step="confirm", code=codes["others"][0], submission="t" * 20)
    assert "模拟测试，不计入结果" in r.content.decode() and "模拟投票已提交" in r.content.decode()


@pytest.mark.parametrize(("case", "message", "status"), [
    ("unknown", "投票码无效，请核对后重新输入", 400),
    ("malformed", "投票码应为10位字母或数字", 400),
    ("closed", "本场投票已结束", 400),
    ("draft", "投票尚未开始", 400),
])
def test_refusals_in_chinese_with_a_way_back(vw: VotingWorld, client: Client, case: str, message: str,
                                             status: int) -> None:
    session, codes = ready_session(vw)
    code = {"unknown": "ABCDE-FGHJK", "malformed": "9Q9Q9"}.get(case, codes["others"][0])
    if case == "closed":
        Session.objects.filter(pk=session.pk).update(status=Session.Status.CLOSED)
    if case == "draft":
        Session.objects.filter(pk=session.pk).update(status=Session.Status.DRAFT)
    r = _post(client, step="open", code=code)
    html = r.content.decode()
    assert r.status_code == status and message in html
    assert 'id="code-form"' in html  # the way back: type a code again
    assert code not in html  # the refused code is not echoed back into the page


def test_guessing_through_the_page_is_throttled(vw: VotingWorld, client: Client, settings: Any) -> None:
    settings.VOTING_FAILURE_LIMIT = 3
    _, codes = ready_session(vw)
    for i in range(3):
        assert _post(client, step="open", code=f"ZZZZZ-{i:05d}").status_code == 400
    r = _post(client, step="open", code=codes["others"][0])
    assert r.status_code == 429 and "尝试次数过多，请稍后再试" in r.content.decode()
    other = client.post(URL, {"step": "open", "code": codes["others"][0]}, REMOTE_ADDR="192.0.2.45")
    assert other.status_code == 200


def test_evaluation_and_elements_through_the_pages(vw: VotingWorld, client: Client) -> None:
    from xuanren.voting import actions

    session, codes = ready_session(vw, stage=vw.evaluation, open_it=False)
    elements = actions.form_set(actor=vw.organiser, session=session, kind="elements", title="要素推荐票", content={})
    actions.session_open(actor=vw.organiser, session=session)
    evaluation = session.forms.get(kind=BallotForm.Kind.EVALUATION)
    person = evaluation.content["subjects"][0]["person"]
    app = elements.content["candidates"][0]["application"]
    r = _post(client, step="open", code=codes["all"][0])
    html = r.content.decode()
    for label in ("优秀", "称职", "基本称职", "不称职", "不了解", "不填", "道德品行最好", "最适合提拔使用",
                  "本项最多推荐1人"):
        assert label in html
    data = {f"g-{evaluation.pk}-{person}": "basically_competent", f"e-{elements.pk}-5": str(app)}
    r = _post(client, step="review", code=codes["all"][0], submission="t" * 20, **data)
    assert "基本称职" in r.content.decode() and "未填" in r.content.decode()
    r = _post(client, step="confirm", code=codes["all"][0], submission="t" * 20, **data)
    assert r.status_code == 200
    assert Ballot.objects.get().marks == {str(evaluation.pk): {str(person): "basically_competent"},
                                          str(elements.pk): {"5": [app]}}


def test_marks_from_post_reads_every_kind() -> None:
    from django.http import QueryDict

    q = QueryDict(mutable=True)
    q.setlist("m-1-7", ["3", "4", ""])
    q.setlist("w-1-7", ["张三", ""])
    q["g-2-9"] = "excellent"
    q.setlist("e-3-0", ["5"])
    q["code"] = "x"
    q["m-bad"] = "1"
    assert marks_from_post(q) == {"1": {"7": {"marks": ["3", "4"], "write_ins": ["张三", ""]}},
                                  "2": {"9": "excellent"}, "3": {"0": ["5"]}}


def test_the_code_is_in_no_url_of_any_page(vw: VotingWorld, client: Client) -> None:
    session, codes = ready_session(vw)
    code = codes["others"][0]
    form = session.forms.get()
    key = f"m-{form.pk}-{form.content['posts'][0]['post']}"
    pages = [_post(client, step="open", code=code)]
    token = _submission(pages[0].content.decode())
    pages.append(_post(client, step="review", code=code, submission=token, **{key: []}))
    pages.append(_post(client, step="confirm", code=code, submission=token))
    for page in pages:
        html = page.content.decode()
        assert page.status_code == 200
        for url in _urls(html):
            assert code not in url.upper().replace("-", "")
            assert url == "." or url.startswith("/static/")
        assert "Location" not in page
        assert "no-store" in page["Cache-Control"]
        assert page["Referrer-Policy"] == "no-referrer"


def test_pages_kept_per_session_carry_each_voters_own_code_token_and_receipt(
        vw: VotingWorld, client: Client, settings: Any) -> None:
    """The ballot and receipt pages are rendered once per session and filled in per voter
    (``voter_views._shell``): each voter sees only their own code, token and receipt, in their language."""
    session, codes = ready_session(vw)
    first, second, third = codes["others"][:3]
    pages = [_post(client, step="open", code=c).content.decode() for c in (first, second)]
    tokens = [_submission(html) for html in pages]
    assert tokens[0] != tokens[1]
    for html, mine, theirs, token in zip(pages, (first, second), (second, first), tokens, strict=True):
        assert f'name="code" value="{mine}"' in html and theirs not in html and html.count(token) == 1
    assert pages[0].replace(first, "C").replace(tokens[0], "T") == pages[1].replace(second, "C").replace(tokens[1], "T")

    receipts = []
    for code, token in zip((first, second), tokens, strict=True):
        html = _post(client, step="confirm", code=code, submission=token).content.decode()
        m = re.search(r'data-receipt="([^"]+)"', html)
        assert m and html.count(m.group(1)) == 2 and "投票成功" in html
        receipts.append(m.group(1))
    assert receipts[0] != receipts[1]
    assert sorted(receipts) == sorted(Ballot.objects.filter(session=session).values_list("receipt", flat=True))
    html = _post(client, step="confirm", code=second, submission=tokens[1]).content.decode()
    assert receipts[1] in html and receipts[0] not in html  # the repeat shows its own receipt again

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    html = _post(client, step="open", code=third).content.decode()
    assert '<html lang="en">' in html and third in html
    html = _post(client, step="confirm", code=third, submission=_submission(html)).content.decode()
    assert "Your receipt code" in html and "您的回执码" not in html and receipts[0] not in html
