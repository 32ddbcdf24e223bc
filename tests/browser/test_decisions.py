"""From the sealed shortlist to the appointment documents and the closing report, in the browser (issue 6).

The campaign (open_2004: exam, interview, shortlist, inspection, committee, notice, appointment) is built up
to its sealed shortlist through the actions (``tests/browser/decisions_world.py``); from there every step is
taken on the pages, as the users would:

1. the organiser opens the inspection stage, starts the inspections and, for each of the four shortlisted,
   sets the team, records the findings and concludes (人员2 unsuitable) — for one candidate per post also
   drafting and publishing the advance notice and recording the talks —, then seals the stage;
2. the organiser opens the committee stage, arranges a meeting of five members (linked to their accounts),
   proposes one candidate per post with reasons and submits the proposals to the meeting, takes attendance
   and opens the vote; the five members vote secretly at the same time, each on a phone-sized page, while the
   organiser's page counts who has voted without a reload; the organiser closes the vote, reads the
   explanation lines ("应到5人，实到5人，同意4人 > 2.5，通过") and seals;
3. the organiser generates and publishes the public notice; a visitor (not logged in) lodges an anonymous
   objection, keeps the receipt number and looks it up; the organiser assigns, investigates and concludes it
   (not verified) with a reply, which the visitor then reads; after the period the organiser ends the notice
   and seals the stage;
4. the organiser appoints both candidates, downloads the appointment document (.docx and PDF: the text holds
   the name and post, the PDF page is not blank), seals the stage (the campaign closes) and reads the
   closing report's figures;
5. the supervisor reads the record of every step and verifies the chain.

The notices' clock (:mod:`xuanren.notices.clock`) is moved by the test (the live server runs in this
process): published on Monday 21 December 2026, five working days to Monday 28 December.
Screenshots of the main steps go to ``$XUANREN_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

import functools
import re
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import docx
import pytest
from PIL import Image

from tests.browser.decisions_world import COMMITTEE, FlowWorld, build_flow_world
from tests.browser.shots import SHOTS, shooter
from tests.browser.test_campaign import login
from tests.campaigns.world import sh
from tests.conftest import PASSWORD
from xuanren.campaigns.models import Campaign, Stage
from xuanren.committee.models import CommitteeVote, Meeting
from xuanren.inspection.models import Inspection
from xuanren.notices.models import Notice, Objection
from xuanren.record.actions import record_verify
from xuanren.record.models import Event

PHONE = {"width": 390, "height": 844}

# The notices' clock (Asia/Shanghai): published on a Monday; the period of five working days ends on the
# next Monday (the day of publication not counted).
PUBLISH = sh(2026, 12, 21, 9, 0)
DURING = sh(2026, 12, 23, 10, 0)
AFTER_END = sh(2026, 12, 29, 9, 0)

RECEIPT = re.compile(r"JB-\d{4}-[0-9A-Z]{6}")


shot = shooter("decisions-")


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    """The notices' clock, moved by setting ``clock["now"]``."""
    state: dict[str, Any] = {"now": PUBLISH}
    monkeypatch.setattr("xuanren.notices.clock.now", lambda: state["now"])
    return state


def submit(page: Any, selector: str, expect: str = "") -> str:
    """Click a form's button, wait for the page it leads to, check no refusal is shown; the main text."""
    with page.expect_navigation():
        page.click(selector)
    errors = page.locator("main .alert-danger").all_inner_texts()
    assert not errors, errors
    text: str = page.locator("main").inner_text()
    if expect:
        assert expect in text, text[:2000]
    return text


def dashboard(page: Any, base: str, fw: FlowWorld) -> None:
    """The campaign's page (not loaded again when the last step led there, e.g. a seal)."""
    url = f"{base}/campaigns/{fw.campaign.pk}/"
    if page.url.split("#")[0] != url:
        page.goto(url)


def open_stage(page: Any, base: str, fw: FlowWorld, kind: str, link: str) -> None:
    """From the campaign's page: open the stage, then follow its work page's link."""
    dashboard(page, base, fw)
    submit(page, f"#stage-{kind} button:has-text('开始')", "环节已开始")
    with page.expect_navigation():
        page.locator(f"#stage-{kind} a", has_text=link).click()


def seal_stage(page: Any, base: str, fw: FlowWorld, kind: str) -> None:
    dashboard(page, base, fw)
    submit(page, f"#stage-{kind} form[action$='/seal/'] button", "环节已封存")
    assert Stage.objects.get(campaign=fw.campaign, kind=kind).status == Stage.Status.SEALED


# --- 1. inspection ----------------------------------------------------------------------------------

FINDINGS = {
    "de": "政治立场坚定，理想信念坚定，严守政治纪律和政治规矩。",
    "neng": "熟悉办公室业务，文字综合能力强，统筹协调能力较强。",
    "qin": "工作勤勉，责任心强，经常加班加点完成急难险重任务。",
    "ji": "近三年年度考核均为称职以上，牵头完成多项重点工作。",
    "lian": "严格遵守廉洁自律各项规定，未发现违纪违法问题。",
}
UNSUITABLE = "群众反映其在项目审批中存在违规问题，经核实情况属实。"


def announce(page: Any, name: str) -> None:
    """On an inspection's page: the advance notice drafted and published, the talks recorded."""
    page.fill("#notice_from", "2026-12-07")
    page.fill("#notice_until", "2026-12-11")
    page.fill("#contact", "电话010-12345678，地址测试局组织人事处（三楼）")
    submit(page, "#notice-form button[name=regenerate]", "考察预告已保存")
    draft = page.locator("#notice-text-input").input_value()
    assert name in draft and "010-12345678" in draft and "2026年12月7日至2026年12月11日" in draft
    submit(page, "#publish-form button", "考察预告已发布")
    for key, count in (("leaders", 5), ("middle", 12), ("colleagues", 20), ("subordinates", 8), ("others", 3)):
        page.fill(f"input[name=talks-{key}]", str(count))
    submit(page, "#talks-form button[type=submit]", "谈话情况已保存")
    assert "共 48 人" in page.locator("#talks h2").inner_text()


def inspect(page: Any, name: str, *, suitable: bool, announced: bool) -> None:
    """On the inspection stage page: one candidate's inspection, from the team to the conclusion (with the
    advance notice and the talks when ``announced``)."""
    with page.expect_navigation():
        page.locator(".inspection-table a", has_text=name).click()
    page.fill("#leader", "组织人事处处长 王明")
    page.fill("#members", "组织人事处副处长 陈静\n机关纪委副书记 刘洋")
    submit(page, "#team-form button", "考察组已保存")
    if announced:
        announce(page, name)
    for key, text in FINDINGS.items():
        page.fill(f"#text-{key}", text if suitable or key != "lian" else UNSUITABLE)
    submit(page, "#findings-form button[type=submit]", "考察情况已保存")
    page.check("#conclusion-suitable" if suitable else "#conclusion-unsuitable")
    page.fill("#conclusion-text-input", "考察组一致同意该同志作为拟任人选。" if suitable
              else "该同志在廉洁自律方面存在问题，不宜作为拟任人选。")
    if name == "人员1":
        shot(page, "1-inspection-detail")
    submit(page, "#conclude-form button", "考察结论已形成")
    assert page.locator("#conclusion-value").inner_text().startswith(
        "同意作为拟任人选" if suitable else "不宜作为拟任人选")
    with page.expect_navigation():
        page.locator(".breadcrumb a", has_text="组织考察").click()


def step_inspection(org: Any, base: str, fw: FlowWorld) -> None:
    open_stage(org, base, fw, "inspection", "考察对象")
    submit(org, "#start-form button", "已为4名人选建立考察")
    # An advance notice and the talks for one candidate per post (the rest of the steps for everyone).
    for name, suitable, announced in (("人员1", True, True), ("人员2", False, False), ("人员6", True, True),
                                      ("人员5", True, False)):
        inspect(org, name, suitable=suitable, announced=announced)
    summary = org.locator("#summary").inner_text()
    assert ("考察对象 4 人：已发布考察预告 2 人，已形成结论 4 人（同意作为拟任人选 3 人，不宜作为拟任人选 1 人）"
            in summary), summary
    assert org.locator("#ready").is_visible()
    shot(org, "2-inspection-stage")
    # The public sees the advance notices.
    with org.expect_navigation():
        org.click("#public-notices")
    assert "人员1" in org.locator("main").inner_text()
    seal_stage(org, base, fw, "inspection")
    assert Inspection.objects.filter(conclusion=Inspection.Conclusion.UNSUITABLE).get().application == fw.app(
        "人员2", "P01")


# --- 2. the committee -------------------------------------------------------------------------------

def propose(org: Any, fw: FlowWorld, name: str, code: str, reason: str) -> None:
    """On the committee stage page: a proposal for one post, submitted to the (only) meeting."""
    app = fw.app(name, code)
    card = org.locator(f"#post-{app.post_id}")
    if not card.locator(".proposal-form").is_visible():
        card.locator("summary", has_text="提出拟任人选方案").click()
    card.locator(f"#cand-{app.pk}").check()
    card.locator(f"textarea[name=reason_{app.pk}]").fill(reason)
    submit(org, f"#post-{app.post_id} .proposal-form button[type=submit]", f"职位{code}的拟任人选方案已建立")
    submit(org, "#proposal-submit-form button", "拟任人选方案已提交会议")


def vote_on_phones(new_page: Callable[..., Any], base: str, meeting: Meeting,
                   choices: list[dict[str, str]]) -> list[Any]:
    """The members vote at the same time, each on their own phone (``choices[i]``: the i-th member's choice
    per candidate): log in, their meetings, the meeting, a choice per candidate, submit. Each step is started
    on every phone before any is waited for, as in the meeting room."""
    phones = []
    for username, _name, _title in COMMITTEE:
        phone = new_page(viewport=PHONE, is_mobile=True, has_touch=True)
        phone.goto(f"{base}/login/?next=/committee/my/")
        phone.fill("#id_username", username)
        phone.fill("#id_password", PASSWORD)
        phone.click("button[type=submit]", no_wait_after=True)
        phones.append(phone)
    for phone in phones:
        phone.wait_for_url(f"{base}/committee/my/")
        phone.click(f"#meeting-{meeting.pk}", no_wait_after=True)
    for phone, mine in zip(phones, choices, strict=True):
        phone.wait_for_url(f"{base}/committee/my/{meeting.pk}/")
        for item in phone.locator("fieldset.item").all():
            legend = item.locator("legend").inner_text()
            person = next(n for n in mine if n in legend)
            item.locator(f"label[for$='-{mine[person]}']").click()
    shot(phones[0], "4-phone-ballot")
    for phone in phones:
        phone.click("#cast-button", no_wait_after=True)  # a confirm dialog, accepted
    for phone in phones:
        phone.wait_for_selector("#state.alert-success")
        assert "您已完成表决" in phone.locator("#state").inner_text()
        assert phone.locator("#ballot-form").count() == 0
    shot(phones[0], "5-phone-voted")
    return phones


def step_committee(org: Any, base: str, fw: FlowWorld, new_page: Callable[..., Any]) -> None:
    open_stage(org, base, fw, "committee", "拟任人选方案与票决")
    finalists = org.locator(f"#post-{fw.app('人员1', 'P01').post_id} .finalists").inner_text()
    assert "人员1" in finalists and "人员2" not in finalists  # the unsuitable one is not proposable
    # The meeting: five members, each linked to their account, voting secretly on their own devices.
    org.fill("#m-name", "测试局党组2026年第12次会议")
    org.fill("#m-date", "2026-12-17")
    org.fill("#m-place", "三楼党组会议室")
    org.select_option("#m-mode", "secret")
    for n, ((_username, name, title), user) in enumerate(zip(COMMITTEE, fw.members, strict=True), start=1):
        org.fill(f"input[name=member_name_{n}]", name)
        org.fill(f"input[name=member_role_{n}]", title)
        org.select_option(f"select[name=member_user_{n}]", str(user.pk))
    submit(org, "#meeting-create-form button[type=submit]", "会议已建立")
    meeting = Meeting.objects.get(campaign=fw.campaign)
    meeting_url = org.url
    # The proposals: one candidate per post, with reasons, submitted to the meeting.
    stage_link = org.locator(".breadcrumb-item:nth-child(2) a")
    with org.expect_navigation():
        stage_link.click()
    stage_url = org.url
    propose(org, fw, "人员1", "P01", "综合成绩第一，考察结论为同意作为拟任人选，熟悉办公室工作。")
    org.goto(stage_url)
    propose(org, fw, "人员6", "P02", "综合成绩第一，法律专业背景，考察结论为同意作为拟任人选。")
    shot(org, "3-proposal")
    # Attendance: everyone present; then the vote opens.
    org.goto(meeting_url)
    for box in org.locator("#attendance-form input[type=checkbox]").all():
        box.check()
    submit(org, "#attendance-form button[type=submit]", "出席情况已登记")
    submit(org, "#open-form button", "表决已开始")
    assert org.locator("#progress-counts").inner_text() == "已表决 0 / 5 人"
    org.evaluate("window.__notReloaded = true")
    # Each member votes on their phone; one disagrees with 人员1.
    vote_on_phones(new_page, base, meeting, [{"人员1": "disagree" if i == 4 else "agree", "人员6": "agree"}
                                             for i in range(len(COMMITTEE))])
    # The organiser's page counts them by itself (it asks every 3 seconds).
    org.wait_for_function(
        "document.getElementById('progress-counts').textContent.trim() === '已表决 5 / 5 人'", timeout=10_000)
    assert org.evaluate("window.__notReloaded === true")
    assert org.locator("#progress-members .done").count() == 5
    progress = org.locator("#progress-section").inner_text()
    assert "同意" not in progress  # who voted, never what
    shot(org, "6-meeting-progress")
    submit(org, "#close-form button", "表决已结束")
    assert org.locator("#quorum-line").inner_text() == "应到5人，实到5人，不少于三分之二，可以表决"
    outcomes = org.locator("#items td.outcome").all_inner_texts()
    assert "应到5人，实到5人，同意4人 > 2.5，通过" in outcomes[0] and outcomes[0].startswith("通过"), outcomes
    assert "应到5人，实到5人，同意5人 > 2.5，通过" in outcomes[1], outcomes
    assert "人员1：同意4人 > 2.5，通过（不同意1人，缓议0人）" in org.locator("#result-lines").inner_text()
    shot(org, "7-meeting-result")
    # Secret: no vote names its member.
    assert CommitteeVote.objects.filter(item__meeting=meeting).count() == 10
    assert not CommitteeVote.objects.filter(item__meeting=meeting, member__isnull=False).exists()
    seal_stage(org, base, fw, "committee")


# --- 3. the public notice and an objection --------------------------------------------------------

def step_notice(org: Any, base: str, fw: FlowWorld, new_page: Callable[..., Any], clock: dict[str, Any]) -> None:
    open_stage(org, base, fw, "notice", "任前公示")
    org.fill("#issuer", "中共测试局党组")
    org.fill("#phone", "010-12345678")
    org.fill("#address", "测试局组织人事处（三楼）")
    submit(org, "#settings-form button[type=submit]")
    people = org.locator("#generate-form").locator("xpath=..").inner_text()
    assert "人员1（P01 办公室副主任）" in people and "人员6（P02 法规科副科长）" in people
    assert org.locator("#starts").input_value() == "2026-12-21"
    submit(org, "#generate-form button[type=submit]")
    period = org.locator("#period").inner_text()
    assert "2026年12月28日" in period, period
    submit(org, "#publish-form button")
    assert org.locator("#notice-status").inner_text() == "公示中"
    shot(org, "8-notice-published")
    notice = Notice.objects.get(campaign=fw.campaign)

    # A visitor, not logged in, reads the notice and lodges an anonymous objection about 人员1.
    clock["now"] = DURING
    visitor = new_page()
    visitor.goto(f"{base}/notices/public/")
    with visitor.expect_navigation():
        visitor.locator("main a", has_text=fw.campaign.name).first.click()
    text = visitor.locator("main").inner_text()
    assert "人员1" in text and "人员6" in text and "2026年12月28日" in text
    visitor.select_option("#entry", label="人员1（拟任办公室副主任）")
    visitor.check("#identity-anonymous")
    visitor.fill("#text", "反映人员1在担任科员期间多次借用公车办私事，请组织核实。")
    shot(visitor, "9-public-objection")
    with visitor.expect_navigation():
        visitor.click("#objection-form button[type=submit]")
    receipt = visitor.locator("#receipt").inner_text().strip()
    assert RECEIPT.fullmatch(receipt), receipt
    shot(visitor, "10-receipt")
    with visitor.expect_navigation():
        visitor.locator("main a", has_text="查询办理情况").click()
    visitor.fill("input[name=receipt]", receipt)
    submit(visitor, "#receipt-form button")
    assert visitor.locator("#found-status").inner_text() == "已受理"
    objection = Objection.objects.get(receipt=receipt)
    assert objection.anonymous and objection.name == ""

    # The organiser handles it: assigned, investigated, concluded not verified with a reply.
    org.goto(f"{base}/notices/notice/{notice.pk}/")
    assert receipt in org.locator("#notice-objections").inner_text()
    with org.expect_navigation():
        org.locator("#notice-objections a", has_text=receipt).click()
    assert "借用公车" in org.locator("#objection-text").inner_text()
    submit(org, "#assign-form button")
    org.fill("#investigate-form textarea[name=notes]", "调阅车辆使用登记，与办公室主任、驾驶员谈话，所反映情况不存在。")
    submit(org, "#investigate-form button")
    org.select_option("#conclude-form select[name=finding]", "not_verified")
    reply = "经调阅公务用车使用记录并与相关人员谈话核实，所反映问题不属实。感谢您的监督。"
    org.fill("#conclude-form textarea[name=reply]", reply)
    submit(org, "#conclude-form button[type=submit]")
    assert org.locator("#objection-status").inner_text() == "已办结"
    shot(org, "11-objection-concluded")

    # The visitor sees the reply with the receipt number.
    visitor.goto(f"{base}/notices/public/receipt/")
    visitor.fill("input[name=receipt]", receipt)
    submit(visitor, "#receipt-form button")
    assert visitor.locator("#found-status").inner_text() == "已办结"
    assert visitor.locator("#found-reply").inner_text().strip() == reply
    shot(visitor, "12-receipt-reply")

    # After the period the notice ends and the stage is sealed.
    clock["now"] = AFTER_END
    org.goto(f"{base}/notices/notice/{notice.pk}/")
    submit(org, "#end-form button")
    assert org.locator("#notice-status").inner_text() == "公示期满"
    assert org.locator("#entries").inner_text().count("公示无异议或反映问题不属实") == 2
    seal_stage(org, base, fw, "notice")


# --- 4. the appointment, its documents and the closing report ------------------------------------

def appoint(org: Any, name: str, number: str) -> None:
    """On the appointment stage page: 任职 for ``name``, with the document number and dates."""
    row = org.locator("section.card tr", has_text=name)
    with org.expect_navigation():
        row.locator("a", has_text="任职").click()
    org.fill("#document_number", number)
    org.fill("#document_date", "2026-12-30")
    org.fill("#effective", "2026-12-30")
    assert org.locator("#term_years").input_value() == "2"
    assert org.locator("#probation_months").input_value() == "12"
    submit(org, "#appoint-form button[type=submit]", f"已任命{name}为")


def download(page: Any, link: Any, target: Path) -> Path:
    with page.expect_download() as info:
        link.click()
    info.value.save_as(target)
    return target


def check_documents(org: Any, tmp_path: Path, name: str, post: str) -> None:
    word = download(org, org.locator("a", has_text="Word (.docx)"), tmp_path / "任职通知.docx")
    text = "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert name in text and post in text, text
    pdf = download(org, org.locator("main a", has_text="PDF").first, tmp_path / "任职通知.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    words = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout
    assert name in words and post in words, words
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True)
    image = Image.open(next(tmp_path.glob("page*.png"))).convert("RGB")
    data = image.tobytes()
    pixels = [tuple(data[i:i + 3]) for i in range(0, len(data), 3)]
    ink = sum(1 for r, g, b in pixels if r + g + b < 384)
    red = sum(1 for r, g, b in pixels if r > 180 and g < 90 and b < 90)
    assert ink > len(pixels) // 200, ink  # there is text on the page
    assert red > 0  # the red issuer line of an official document
    if SHOTS:
        image.save(Path(SHOTS) / "decisions-14-appointment-pdf.png")


def table(page: Any, selector: str) -> dict[str, list[str]]:
    """A report table's rows by their first cell: {first cell: [the other cells]}."""
    rows: list[list[str]] = page.locator(f"{selector} tbody tr").evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.textContent.trim()))")
    return {row[0]: row[1:] for row in rows}


def step_appointment(org: Any, base: str, fw: FlowWorld, tmp_path: Path) -> None:
    open_stage(org, base, fw, "appointment", "任职")
    stage_url = org.url
    appoint(org, "人员1", "测组干〔2026〕15号")
    facts = org.locator("#appointment-facts").inner_text()
    assert "测组干〔2026〕15号" in facts and "2028年12月29日" in facts and "2027年12月29日" in facts, facts
    assert "人员1" in org.locator("#document-text").inner_text()
    shot(org, "13-appointment")
    check_documents(org, tmp_path, "人员1", "办公室副主任")
    org.goto(stage_url)
    appoint(org, "人员6", "测组干〔2026〕16号")
    org.goto(stage_url)
    assert org.locator("#ready").is_visible()
    shot(org, "15-appointment-stage")
    seal_stage(org, base, fw, "appointment")
    assert Campaign.objects.get(pk=fw.campaign.pk).status == Campaign.Status.CLOSED
    assert org.locator("#campaign-status").inner_text() == Campaign.Status.CLOSED.label

    # The closing report.
    with org.expect_navigation():
        org.click("#closing-report-link")
    assert org.locator("#report-state").inner_text() == "已结束"
    summary = org.locator("#report-summary").inner_text()
    assert "共任用2人" in summary and "经资格审查合格6人（8人次）" in summary, summary
    figures = table(org, "#table-key_figures")
    assert figures["竞聘职位"][0] == "2" and figures["职数"][0] == "2"
    assert figures["任用"][0] == "2" and figures["空缺职位"][0] == "0" and figures["尚未完成的职位"][0] == "0"
    assert figures["进入后备干部库"][0] == "1"  # 人员5: shortlisted, found suitable, not appointed
    posts = table(org, "#table-outcome_posts")
    assert posts["P01"][-2:] == ["已任用", "人员1"] and posts["P02"][-2:] == ["已任用", "人员6"]
    shot(org, "16-closing-report")


# --- 5. the record ----------------------------------------------------------------------------------

EXPECTED = {
    "inspection.": {"inspection.start", "inspection.team", "inspection.notice_draft", "inspection.notice_publish",
                    "inspection.talks", "inspection.findings", "inspection.conclude"},
    "committee.": {"committee.meeting.create", "committee.proposal.create", "committee.proposal.submit",
                   "committee.meeting.attendance", "committee.meeting.open", "committee.meeting.close"},
    "notices.": {"notices.settings", "notices.generate", "notices.publish", "notices.end"},
    "objections.": {"objections.lodge", "objections.assign", "objections.investigate", "objections.conclude"},
    "appointments.": {"appointments.appoint", "appointments.close"},
}


DECISION_STAGES = ("inspection", "committee", "notice", "appointment")


def step_record(new_page: Callable[..., Any], base: str, fw: FlowWorld) -> None:
    # Each decision stage's opening and sealing, by the organiser on the campaign's page.
    for kind in DECISION_STAGES:
        stage = Stage.objects.get(campaign=fw.campaign, kind=kind)
        actions = set(Event.objects.filter(object_type="campaigns.stage", object_id=str(stage.pk))
                      .values_list("action", flat=True))
        assert {"stages.open", "stages.seal"} <= actions, (kind, actions)
    supervisor = new_page()
    login(supervisor, base, "supervisor")
    for prefix, expected in EXPECTED.items():
        supervisor.goto(f"{base}/record/?action={prefix}")
        seen = set(supervisor.locator("#record-table span[title]").evaluate_all(
            "spans => spans.map(s => s.title)"))
        assert expected <= seen, (prefix, sorted(expected - seen), sorted(seen))
        if prefix == "notices.":
            shot(supervisor, "17-record-notices")
    supervisor.goto(f"{base}/record/")
    with supervisor.expect_navigation():
        supervisor.click("#record-verify-link")
    result = supervisor.locator("#record-verify-result")
    assert result.get_attribute("data-ok") == "1" and "记实链完整" in result.inner_text()
    shot(supervisor, "18-record-verified")
    report = record_verify()
    assert report.ok and report.problem is None


@pytest.mark.django_db(transaction=True)
def test_from_the_shortlist_to_the_appointment_documents(
        live_server: Any, personas: dict[str, Any], monkeypatch: pytest.MonkeyPatch, clock: dict[str, Any],
        contexts: Callable[..., Any], tmp_path: Path) -> None:
    base = live_server.url
    fw = build_flow_world(personas, monkeypatch, PASSWORD)
    new_page = functools.partial(contexts, accept_dialogs=True)  # the confirm()s of the pages, answered yes
    org = new_page(accept_downloads=True)
    login(org, base, "organiser")
    step_inspection(org, base, fw)
    step_committee(org, base, fw, new_page)
    step_notice(org, base, fw, new_page, clock)
    step_appointment(org, base, fw, tmp_path)
    step_record(new_page, base, fw)
