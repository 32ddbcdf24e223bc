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
}


def action_label(code: str) -> str:
    """The label of ``code`` in the current language, or ``code`` itself when it has none."""
    label = ACTION_LABELS.get(code)
    return str(label) if label is not None else code


def areas_of(codes: list[str]) -> list[tuple[str, str]]:
    """(``prefix.``, label) for each area the ``codes`` belong to, for filtering by area."""
    prefixes = sorted({code.split(".", 1)[0] for code in codes if "." in code})
    return [(f"{p}.", str(AREA_LABELS.get(p, p))) for p in prefixes]
