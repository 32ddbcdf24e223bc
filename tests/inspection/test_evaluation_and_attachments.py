"""The evaluation ballot linked to an inspection (a read-only link to a voting session of the campaign; its
result shown once closed) and the attachments (size, type and content checked; SHA-256 kept; served only to
those who may read inspections)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from tests.campaigns.world import one_event
from tests.inspection.world import InspectionWorld, build_inspection_world, nothing_changes
from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.models import Stage, StageKind
from xuanren.inspection import actions, selectors
from xuanren.inspection.models import InspectionAttachment
from xuanren.record.models import Event
from xuanren.voting import actions as voting
from xuanren.voting.models import Session, VoterGroup

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


@pytest.fixture
def iw(personas: dict[str, Any]) -> InspectionWorld:
    return build_inspection_world(personas)


_n = iter(range(10**6))


def evaluation_session(iw: InspectionWorld, *, trial: bool = False, close: bool = True) -> Session:
    """An evaluation stage beside the campaign's, and a session in it grading every candidate: 10 voters;
    人员1 gets 5 优秀, 2 称职, 1 基本称职, 2 不称职."""
    stage = Stage.objects.filter(campaign=iw.campaign, kind=StageKind.EVALUATION).first()
    if stage is None:
        stage = Stage.objects.create(campaign=iw.campaign, kind=StageKind.EVALUATION, order=20,
                                     status=Stage.Status.OPEN)
    name = "考察民主测评" + ("（模拟）" if trial else "")
    session = voting.session_create(actor=iw.organiser, stage=stage, name=name, trial=trial)
    groups = [{"code": g.code, "name": g.name, "weight": g.weight, "entitled": 10}
              for g in VoterGroup.objects.filter(session=session)]
    voting.groups_set(actor=iw.organiser, session=session, groups=groups)
    codes = [c for g in VoterGroup.objects.filter(session=session)
             for c in voting.codes_issue(actor=iw.organiser, session=session, group=g, count=10)]
    voting.session_open(actor=iw.organiser, session=session)
    if close:
        form = session.forms.get()
        person = iw.inspection(1).application.person_id
        grades = ["excellent"] * 5 + ["competent"] * 2 + ["basically_competent"] + ["incompetent"] * 2
        for code, grade in zip(codes, grades, strict=True):
            voting.ballot_cast(code=code, marks={str(form.pk): {str(person): grade}},
                               submission=f"submission-token-{next(_n):010d}")
        voting.session_close(actor=iw.organiser, session=session)
    session.refresh_from_db()
    return session


def test_linking_an_evaluation_shows_its_result_once_closed(iw: InspectionWorld) -> None:
    session = evaluation_session(iw, close=False)
    one = iw.inspection(1)
    assert selectors.evaluation_sessions(one) == [session]
    with one_event("inspection.evaluation"):
        actions.evaluation_link(actor=iw.organiser, inspection=one, session=session)
    one = selectors.inspection_by_id(one.pk)
    assert one.evaluation_session == session
    assert selectors.inspection_detail(one).evaluation is None  # still voting: no partial result
    # A second session, closed, replaces the link.
    closed = evaluation_session(iw)
    actions.evaluation_link(actor=iw.organiser, inspection=one, session=closed.pk)
    result = selectors.inspection_detail(selectors.inspection_by_id(one.pk)).evaluation
    assert result is not None and result["person"] is not None
    person = result["person"]
    assert person["satisfaction"] == "70%" and person["admonition"] is False
    assert [(g["name"], g["marks"]) for g in person["grades"]][:4] == [("优秀", 5), ("称职", 2), ("基本称职", 1),
                                                                      ("不称职", 2)]
    with nothing_changes(), pytest.raises(CampaignError, match="民主测评关联未变化"):
        actions.evaluation_link(actor=iw.organiser, inspection=one, session=closed)
    actions.evaluation_link(actor=iw.organiser, inspection=one, session=None)
    assert selectors.inspection_by_id(one.pk).evaluation_session is None
    assert Event.objects.filter(action="inspection.evaluation").count() == 3


def test_linking_refused(iw: InspectionWorld) -> None:
    one = iw.inspection(1)
    trial = evaluation_session(iw, trial=True, close=False)
    with nothing_changes(), pytest.raises(CampaignError, match="是模拟测试场次，不能作为民主测评"):
        actions.evaluation_link(actor=iw.organiser, inspection=one, session=trial)
    with nothing_changes(), pytest.raises(CampaignError, match="所选投票场次不属于本批次"):
        actions.evaluation_link(actor=iw.organiser, inspection=one, session=10**6)
    session = evaluation_session(iw, close=False)
    form = session.forms.get()
    content = dict(form.content)
    content["subjects"] = [s for s in content["subjects"] if s["name"] != "人员1"]
    type(form).objects.filter(pk=form.pk).update(content=content)
    with nothing_changes(), pytest.raises(CampaignError, match="投票场次“考察民主测评”的测评票中没有人员1，不能关联"):
        actions.evaluation_link(actor=iw.organiser, inspection=one, session=session)


def test_attachments_are_checked_hashed_and_recorded(iw: InspectionWorld,
                                                     django_capture_on_commit_callbacks: Any) -> None:
    one = iw.inspection(1)
    with one_event("inspection.attachment_add"):
        row = actions.attachment_add(actor=iw.organiser, inspection=one, data=PDF, filename="考察报告.pdf")
    assert row.title == "考察报告" and row.sha256 == hashlib.sha256(PDF).hexdigest()
    assert row.file.name.endswith(".pdf") and "考察" not in row.file.name
    with row.file.open("rb") as f:
        assert f.read() == PDF
    assert Event.objects.filter(action="inspection.attachment_add").get().details["sha256"] == row.sha256
    actions.attachment_add(actor=iw.organiser, inspection=one, data=docx_bytes(), filename="谈话记录.DOCX",
                           title="个别谈话记录")
    actions.attachment_add(actor=iw.organiser, inspection=one, data=PNG, filename="签字页.png")
    assert [a.title for a in one.attachments.all()] == ["考察报告", "个别谈话记录", "签字页"]
    stored = Path(row.file.path)
    with one_event("inspection.attachment_delete"), django_capture_on_commit_callbacks(execute=False) as callbacks:
        actions.attachment_delete(actor=iw.organiser, attachment=row, reason="传错文件")
    assert not InspectionAttachment.objects.filter(pk=row.pk).exists()
    assert stored.exists()  # the file goes only once the deletion is committed
    for callback in callbacks:
        callback()
    assert not stored.exists()


@pytest.mark.parametrize(("data", "name", "message"), [
    (b"", "空.pdf", "文件“空.pdf”是空的"),
    (b"MZ\x90\x00", "程序.exe", "不能作为附件（只接受PDF、JPG、PNG、DOCX、XLSX）"),
    (b"MZ\x90\x00", "伪装.pdf", "文件“伪装.pdf”的内容不是PDF"),
    (b"PK\x03\x04 not a zip", "坏的.docx", "内容不是Word 文档（.docx）"),
    (PNG, "图片.jpg", "内容不是JPEG 图片"),
])
def test_attachments_refused(iw: InspectionWorld, data: bytes, name: str, message: str) -> None:
    with nothing_changes(), pytest.raises(CampaignError, match=message):
        actions.attachment_add(actor=iw.organiser, inspection=iw.inspection(1), data=data, filename=name)


def test_a_file_over_10_mb_is_refused(iw: InspectionWorld) -> None:
    data = b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024)
    with nothing_changes(), pytest.raises(CampaignError, match="超过了10 MB的上限"):
        actions.attachment_add(actor=iw.organiser, inspection=iw.inspection(1), data=data, filename="大.pdf")
    assert not InspectionAttachment.objects.exists()


def test_a_concluded_inspection_keeps_its_papers(iw: InspectionWorld) -> None:
    one = iw.inspection(1)
    row = actions.attachment_add(actor=iw.organiser, inspection=one, data=PDF, filename="报告.pdf")
    iw.conclude(1)
    actions.attachment_add(actor=iw.organiser, inspection=one, data=PDF, filename="签字的结论.pdf")
    with nothing_changes(), pytest.raises(CampaignError, match="考察已形成结论，其材料不能删除"):
        actions.attachment_delete(actor=iw.organiser, attachment=row)


def test_attachments_are_served_only_to_readers(iw: InspectionWorld, as_role: Any) -> None:
    row = actions.attachment_add(actor=iw.organiser, inspection=iw.inspection(1), data=PDF, filename="考察报告.pdf")
    url = reverse("inspection:attachment", kwargs={"attachment_pk": row.pk})
    for role in ("organiser", "supervisor"):
        r = as_role(role).get(url)
        assert r.status_code == 200 and r.content == PDF
        assert r["Content-Type"] == "application/pdf" and r["X-Content-Type-Options"] == "nosniff"
        assert r["Content-Disposition"].startswith("attachment;") and "%E8%80%83" in r["Content-Disposition"]
    for role in ("reviewer", "voter", "applicant", "judge", "committee"):
        assert as_role(role).get(url).status_code == 403
    from django.test import Client

    assert Client().get(url).status_code == 302
