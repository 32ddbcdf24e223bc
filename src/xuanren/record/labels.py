"""What the record shows for an action code: ``"users.create"`` → 新建用户.

Each area adds its codes here as it starts writing them; a code with no label is shown as it is.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

ACTION_LABELS: dict[str, Any] = {
    # the people register
    "people.import": _("导入干部名册"),
    "people.export": _("导出干部名册"),
    "people.link_user": _("关联用户与干部"),
    "people.unlink_user": _("取消用户与干部的关联"),
    # users
    "users.create": _("新建用户"),
    "users.set_roles": _("调整角色"),
    "users.activate": _("启用用户"),
    "users.deactivate": _("停用用户"),
    "users.token_create": _("签发接口令牌"),
    # demonstration data
    "demo.load": _("载入演示数据"),
    # campaigns
    "campaigns.create": _("新建竞聘批次"),
    "campaigns.copy": _("复制竞聘批次"),
    "campaigns.update": _("修改竞聘批次"),
    "campaigns.set_stages": _("设置竞聘环节"),
    "campaigns.publish": _("发布竞聘公告"),
    "campaigns.import": _("导入竞聘批次与职位"),
    "posts.create": _("新增职位"),
    "posts.update": _("修改职位"),
    "posts.delete": _("删除职位"),
    "posts.cancel": _("取消职位"),
    "posts.extend": _("延长职位报名时间"),
    "posts.merge": _("合并职位"),
    "applications.submit": _("报名"),
    "applications.withdraw": _("撤回报名"),
    "applications.import": _("导入报名"),
    "review.run": _("运行资格审查"),
    "review.decide": _("资格审查结论"),
    "review.confirm": _("批量确认资格审查结果"),
    "stages.set_weights": _("设置环节权重"),
    "stages.open": _("开始环节"),
    "stages.seal": _("封存环节结果"),
    "stages.correct": _("更正环节结果"),
    # scoring (exam, panels, shortlist)
    "scoring.exam.settings": _("设置笔试规则"),
    "scoring.exam.enter": _("录入笔试成绩"),
    "scoring.exam.import": _("导入笔试成绩"),
    "scoring.panel.create": _("新建评委组"),
    "scoring.panel.update": _("修改评委组"),
    "scoring.panel.delete": _("删除评委组"),
    "scoring.panel.draw": _("抽签确定出场顺序"),
    "scoring.rubric.set": _("设置评分要素"),
    "scoring.appearance.start": _("考生开始面试"),
    "scoring.appearance.close": _("结束考生评分"),
    "scoring.appearance.absent": _("登记考生缺考"),
    "scoring.sheet.submit": _("提交评分表"),
    "scoring.sheet.correct": _("更正评分表"),
    "scoring.sheet.recuse": _("评委回避"),
    "scoring.shortlist.settings": _("设置入围规则"),
    # voting
    "voting.session_create": _("新建投票"),
    "voting.session_delete": _("删除投票"),
    "voting.session_open": _("开始投票"),
    "voting.close": _("结束投票并计票"),
    "voting.groups_set": _("设置投票人类别"),
    "voting.form_set": _("设置票样"),
    "voting.form_delete": _("删除票样"),
    "voting.codes_issue": _("发放投票码"),
    "voting.roll_issue": _("按名单发放投票码"),
    "voting.codes_void": _("作废投票码"),
    # inspection
    "inspection.start": _("开始组织考察"),
    "inspection.dimensions": _("设置考察内容"),
    "inspection.team": _("设置考察组"),
    "inspection.notice_draft": _("拟写考察预告"),
    "inspection.notice_publish": _("发布考察预告"),
    "inspection.talks": _("登记个别谈话"),
    "inspection.evaluation": _("关联民主测评"),
    "inspection.findings": _("填写考察情况"),
    "inspection.attachment_add": _("上传考察材料"),
    "inspection.attachment_delete": _("删除考察材料"),
    "inspection.conclude": _("作出考察结论"),
    "inspection.withdraw": _("撤回考察结论"),
    # committee
    "committee.settings.set": _("设置表决规则"),
    "committee.proposal.create": _("提出拟任人选方案"),
    "committee.proposal.update": _("修改拟任人选方案"),
    "committee.proposal.submit": _("提交会议讨论"),
    "committee.proposal.withdraw": _("撤回拟任人选方案"),
    "committee.meeting.create": _("新建会议"),
    "committee.meeting.update": _("修改会议"),
    "committee.meeting.delete": _("删除会议"),
    "committee.meeting.members": _("设置会议成员"),
    "committee.meeting.attendance": _("登记出席情况"),
    "committee.meeting.open": _("开始表决"),
    "committee.meeting.close": _("结束表决并计票"),
    "committee.votes.enter": _("录入表决意见"),
    "committee.item.revote": _("提请复议"),
    "committee.item.remove": _("撤下复议事项"),
    # notices
    "notices.settings": _("设置公示规则"),
    "notices.calendar.save": _("保存工作日历"),
    "notices.calendar.delete": _("删除工作日历"),
    "notices.generate": _("生成任前公示"),
    "notices.update": _("修改任前公示"),
    "notices.delete": _("删除任前公示"),
    "notices.publish": _("发布任前公示"),
    "notices.end": _("结束任前公示"),
    # objections
    "objections.lodge": _("网上反映问题"),
    "objections.register": _("登记反映问题"),
    "objections.assign": _("交办反映问题"),
    "objections.investigate": _("记录调查核实"),
    "objections.conclude": _("办结反映问题"),
    # appointments
    "appointments.settings": _("设置任职规则"),
    "appointments.template.save": _("保存文书模板"),
    "appointments.appoint": _("办理任职"),
    "appointments.probation.review": _("试用期考核"),
    "appointments.vacancy.declare": _("登记职位空缺"),
    "appointments.vacancy.cancel": _("取消职位空缺"),
    "appointments.vacancy.reopen": _("空缺职位转入新批次"),
    "appointments.pool.appoint": _("从人选库任用"),
    "appointments.pool.withdraw": _("移出人选库"),
    "appointments.close": _("登记空缺职位和人选库"),
}

# The first part of a code names the area of the process; used to filter by area.
AREA_LABELS: dict[str, Any] = {
    "people": _("干部名册"),
    "users": _("用户与角色"),
    "demo": _("演示数据"),
    "campaigns": _("竞聘批次"),
    "posts": _("职位"),
    "applications": _("报名"),
    "review": _("资格审查"),
    "stages": _("竞聘环节"),
    "scoring": _("成绩评定"),
    "voting": _("投票"),
    "inspection": _("组织考察"),
    "committee": _("讨论决定"),
    "notices": _("任前公示"),
    "objections": _("反映问题"),
    "appointments": _("任职"),
}


def action_label(code: str) -> str:
    """The label of ``code`` in the current language, or ``code`` itself when it has none."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def areas_of(codes: list[str]) -> list[tuple[str, str]]:
    """(``prefix.``, label) for each area the ``codes`` belong to, for filtering by area."""
    prefixes = sorted({code.split(".", 1)[0] for code in codes if "." in code})
    return [(f"{p}.", str(AREA_LABELS.get(p, p))) for p in prefixes]
