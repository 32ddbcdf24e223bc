"""Importing a campaign workbook and applications: good files, and every problem reported with nothing written."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from click.testing import CliRunner

from tests.campaigns.world import AFTER, BEFORE, DEADLINE, World, nothing_changes, one_event
from tests.people.rosters import to_xlsx
from xuanren.campaigns.importing import (
    APPLICATION_HEADERS,
    CAMPAIGN_HEADERS,
    POST_HEADERS,
    applications_import,
    applications_template,
    campaign_import,
    campaign_template,
)
from xuanren.campaigns.models import Application, Campaign, Post
from xuanren.people.actions import ImportRejected
from xuanren.rules.eligibility import ranks_at_or_above

pytestmark = pytest.mark.django_db

HEAD = {"名称": "2027年竞争上岗", "单位": "测试局", "选拔方式": "竞争上岗", "模板": "nine_steps",
        "报名开始": "2026-11-20 09:00", "报名截止": "2026-12-01 17:00", "撤回截止": "", "资格计算基准日": "2026-12-01",
        "每人最多报名职位数": 2, "每职位最少合格人数": 2}
POST = {"职位代码": "A01", "部门": "办公室", "职位名称": "办公室副主任", "职务层次/职级": "副科", "职数": 1,
        "可报名的职务层次": "", "可报名的职级": "四级主任科员及以上", "任职年限": 2, "最低年龄": "", "最高年龄": 45,
        "最低学历": "大学本科", "全日制": "否", "近N年考核": 3, "考核最低等次": "称职", "无处分": "是",
        "须为党员": "是", "其他条件": "熟悉公文写作；具有三年以上办公室工作经历"}


def workbook(head: dict[str, Any] | None = None, posts: list[dict[str, Any]] | None = None) -> bytes:
    head = head or HEAD
    posts = posts if posts is not None else [POST]
    return to_xlsx({"批次": [list(head), list(head.values())],
                    "职位": [list(POST)] + [[p.get(h, "") for h in POST] for p in posts]})


def problems(exc: ImportRejected) -> list[str]:
    return [str(p) for p in exc.problems]


def test_a_good_campaign_workbook(world: World) -> None:
    with one_event("campaigns.import"):
        result = campaign_import(actor=world.organiser, data=workbook(), filename="批次.xlsx")
    c = result.campaign
    assert (c.name, c.unit, c.method, c.template, c.status, result.posts) == (
        "2027年竞争上岗", world.unit, "internal", "nine_steps", "draft", 1)
    assert c.apply_until == DEADLINE
    assert c.stages.count() == 8
    post = c.posts.get()
    assert (post.code, post.department, post.level, post.slots) == ("A01", world.office, "section_deputy", 1)
    assert post.conditions == {
        "qualifying_ranks": sorted(ranks_at_or_above("principal_4")),
        "min_years": 2, "max_age": 45, "min_education": "bachelor", "appraisal_years": 3,
        "no_discipline_in_force": True, "party_member_required": True,
        "free_text": ["熟悉公文写作", "具有三年以上办公室工作经历"]}


def test_a_bad_campaign_workbook_reports_every_problem_and_writes_nothing(world: World) -> None:
    bad_posts = [
        POST,
        dict(POST, 职位代码="A01"),  # repeated code
        dict(POST, 职位代码="A02", 职数=0),
        dict(POST, 职位代码="A03", 最低年龄=50, 最高年龄=45),
        dict(POST, 职位代码="A04", 部门="不存在的科"),
        dict(POST, 职位代码="A05", 最低学历="留学"),
    ]
    with nothing_changes(), pytest.raises(ImportRejected) as info:
        campaign_import(actor=world.organiser, data=workbook(dict(HEAD, 模板="x"), bad_posts), filename="x.xlsx")
    found = problems(info.value)
    assert any("批次 第2行 “模板”列：不是有效的模板" in p for p in found)
    assert any("职位 第3行 “职位代码”列：与第2行的职位代码重复" in p for p in found)
    assert any("职位 第4行 “职数”列：职数应为正整数，实为0" in p for p in found)
    assert any("职位 第5行 “资格条件”列：最低年龄50岁高于最高年龄45岁，条件互相矛盾" in p for p in found)
    assert any("职位 第6行 “部门”列：“测试局”下没有这个部门" in p for p in found)
    assert any("职位 第7行 “最低学历”列：不是有效的学历" in p for p in found)


def test_a_campaign_workbook_needs_its_sheets_and_columns(world: World) -> None:
    only_one = to_xlsx({"批次": [list(HEAD), list(HEAD.values())]})
    with nothing_changes(), pytest.raises(ImportRejected) as info:
        campaign_import(actor=world.organiser, data=only_one, filename="x.xlsx")
    assert problems(info.value) == ["工作簿中没有名为“职位”的工作表（现有：批次）。"]
    missing = to_xlsx({"批次": [["名称", "单位", "模版"], ["x", "测试局", "nine_steps"]], "职位": [list(POST)]})
    with nothing_changes(), pytest.raises(ImportRejected) as info:
        campaign_import(actor=world.organiser, data=missing, filename="x.xlsx")
    assert any("未知的列“模版”" in p for p in problems(info.value))
    assert any("缺少必填列“报名截止”" in p for p in problems(info.value))


# --- applications ---------------------------------------------------------------------------------

def apps_file(rows: list[dict[str, Any]]) -> bytes:
    return to_xlsx({"报名": [list(APPLICATION_HEADERS)] + [[r.get(h, "") for h in APPLICATION_HEADERS]
                                                         for r in rows]})


def test_good_applications(world: World) -> None:
    world.publish()
    p = world.people
    rows = [{"身份证号": p[0].id_number, "职位代码": "P01", "志愿顺序": 1},
            {"身份证号": p[0].id_number, "职位代码": "P02", "志愿顺序": 2},
            {"身份证号": p[1].id_number, "职位代码": "P01", "报名方式": "群众推荐", "推荐人身份证号": p[2].id_number},
            {"身份证号": p[2].id_number, "职位代码": "P03", "报名方式": "组织推荐", "推荐人说明": "局党组"}]
    with one_event("applications.import"):
        result = applications_import(actor=world.organiser, campaign=world.campaign, data=apps_file(rows),
                                     filename="报名.xlsx", now=BEFORE)
    assert (result.rows, result.created, result.reactivated) == (4, 4, 0)
    nominated = Application.objects.get(person=p[1])
    assert (nominated.source, nominated.nominator) == ("mass", p[2])
    assert Application.objects.get(person=p[2]).nominator_note == "局党组"


def test_applications_as_csv_in_gbk(world: World) -> None:
    world.publish()
    text = "身份证号,职位代码\r\n" + f"{world.people[0].id_number},P01\r\n"
    result = applications_import(actor=world.organiser, campaign=world.campaign, data=text.encode("gbk"),
                                 filename="报名.csv", now=BEFORE)
    assert result.created == 1


def test_bad_applications_are_all_reported_and_nothing_written(world: World) -> None:
    from tests.people.rosters import make_id

    world.publish()
    p = world.people
    world.apply(p[3], "P01")
    stranger = make_id(dt.date(1990, 1, 1), male=True, seq=9)
    rows = [
        {"身份证号": p[0].id_number, "职位代码": "P99"},                       # 2: unknown post code
        {"身份证号": stranger, "职位代码": "P01"},                             # 3: not in the register
        {"身份证号": p[1].id_number, "职位代码": "P01"},                       # 4
        {"身份证号": p[1].id_number, "职位代码": "P02"},                       # 5
        {"身份证号": p[1].id_number, "职位代码": "P03"},                       # 6: a third post
        {"身份证号": p[2].id_number, "职位代码": "P01"},                       # 7
        {"身份证号": p[2].id_number, "职位代码": "P01"},                       # 8: twice in the file
        {"身份证号": p[3].id_number, "职位代码": "P01"},                       # 9: already applied
        {"身份证号": p[4].id_number, "职位代码": "P01", "报名方式": "组织推荐"},  # 10: no nominator
        {"身份证号": "110101199001011234", "职位代码": "P01"},                 # 11: invalid ID number
    ]
    with nothing_changes(), pytest.raises(ImportRejected) as info:
        applications_import(actor=world.organiser, campaign=world.campaign, data=apps_file(rows),
                            filename="报名.xlsx", now=BEFORE)
    found = problems(info.value)
    assert "报名 第2行 “职位代码”列：本批次没有职位代码“P99”（现有：P01、P02、P03）（值：P99）" in found
    assert any(x.startswith("报名 第3行 “身份证号”列：干部名册中没有这个身份证号的人员") for x in found)
    assert any(x.startswith("报名 第6行 “职位代码”列：每人最多报名2个职位，人员2共3个（P01、P02、P03）") for x in found)
    assert any(x.startswith("报名 第8行 “职位代码”列：与第7行重复") for x in found)
    assert any(x.startswith("报名 第9行 “职位代码”列：人员4已报名职位P01，不能重复报名") for x in found)
    assert any(x.startswith("报名 第10行 “推荐人身份证号”列：推荐须写明推荐人") for x in found)
    assert any(x.startswith("报名 第11行 “身份证号”列：") for x in found)


def test_applications_after_the_deadline_are_refused(world: World) -> None:
    world.publish()
    rows = [{"身份证号": world.people[0].id_number, "职位代码": "P01"}]
    with nothing_changes(), pytest.raises(ImportRejected) as info:
        applications_import(actor=world.organiser, campaign=world.campaign, data=apps_file(rows), filename="x.xlsx",
                            now=AFTER)
    assert problems(info.value) == ["报名 第2行 “职位代码”列：报名已于2026年12月1日17:00截止（值：P01）"]


def test_applications_to_a_draft_are_refused(world: World) -> None:
    rows = [{"身份证号": world.people[0].id_number, "职位代码": "P01"}]
    with nothing_changes(), pytest.raises(ImportRejected, match="未导入任何数据"):
        applications_import(actor=world.organiser, campaign=world.campaign, data=apps_file(rows), filename="x.xlsx",
                            now=BEFORE)


def test_templates_have_the_headers_and_a_help_sheet() -> None:
    book = openpyxl.load_workbook(io.BytesIO(campaign_template()))
    assert book.sheetnames == ["批次", "职位", "填写说明"]
    assert [c.value for c in book["批次"][1]] == list(CAMPAIGN_HEADERS)
    assert [c.value for c in book["职位"][1]] == list(POST_HEADERS)
    book = openpyxl.load_workbook(io.BytesIO(applications_template()))
    assert [c.value for c in book["报名"][1]] == list(APPLICATION_HEADERS)


def test_a_filled_in_template_imports(world: World) -> None:
    book = openpyxl.load_workbook(io.BytesIO(campaign_template()))
    book["批次"].append(list(HEAD.values()))
    book["职位"].append(list(POST.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    assert campaign_import(actor=None, data=buffer.getvalue(), filename="x.xlsx").posts == 1


def test_cli_imports_and_reports(world: World, tmp_path: Path) -> None:
    from xuanren.cli.main import main

    runner = CliRunner()
    good = tmp_path / "批次.xlsx"
    good.write_bytes(workbook())
    result = runner.invoke(main, ["campaign", "import", str(good), "--as", "organiser"])
    assert result.exit_code == 0, result.output
    assert "已新建竞聘批次“2027年竞争上岗”" in result.output
    campaign = Campaign.objects.get(name="2027年竞争上岗")
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook(posts=[dict(POST, 职数=0)]))
    with nothing_changes():
        result = runner.invoke(main, ["campaign", "import", str(bad)])
    assert result.exit_code == 1 and "职数应为正整数，实为0" in result.output
    apps = tmp_path / "报名.xlsx"
    apps.write_bytes(apps_file([{"身份证号": world.people[0].id_number, "职位代码": "Z9"}]))
    with nothing_changes():
        result = runner.invoke(main, ["applications", "import", str(apps), "--campaign", str(campaign.pk)])
    assert result.exit_code == 1 and "不在进行中" in result.output
    result = runner.invoke(main, ["applications", "import", str(apps), "--campaign", "999999"])
    assert result.exit_code == 1 and "没有编号为999999的竞聘批次" in result.output
    result = runner.invoke(main, ["campaign", "import", str(good), "--as", "applicant"])
    assert result.exit_code == 1 and "没有此权限" in result.output
    assert Post.objects.filter(campaign=campaign).count() == 1
    out = tmp_path / "模板.xlsx"
    assert runner.invoke(main, ["applications", "template", str(out)]).exit_code == 0 and out.exists()
