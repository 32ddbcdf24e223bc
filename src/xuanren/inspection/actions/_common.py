"""What the inspection actions share: refusals, locks, the stage's state, the dimensions, states for the record.

Every refusal is a :class:`~xuanren.campaigns.errors.CampaignError` with a code ``campaigns.inspection.…``
and the reason in Chinese (and English), raised before anything is written (or inside the transaction,
which it then rolls back), so nothing is half-done and nothing is recorded.
"""

from __future__ import annotations

from typing import Any

from xuanren.campaigns.actions._common import _state, lock_campaign, now_or, require
from xuanren.campaigns.errors import CampaignError, from_rule, refuse
from xuanren.campaigns.models import Stage, StageKind
from xuanren.inspection.models import Inspection
from xuanren.inspection.quantify import Dimension, read_dimensions
from xuanren.rules.errors import RuleError

__all__ = ["dimensions_of", "inspection_refuse", "lock_campaign", "locked_inspection", "now_or", "require",
           "require_not_concluded", "require_stage_open", "state", "who"]


def inspection_refuse(code: str, zh: str, en: str, /, **params: Any) -> CampaignError:
    return refuse(f"inspection.{code}", zh, en, **params)


def who(inspection: Inspection) -> str:
    """``人员1（P01）``: the person and the post they are inspected for."""
    app = inspection.application
    return f"{app.person.name}（{app.post.code}）"


def require_stage_open(stage: Stage, *, what: str = "修改考察材料") -> None:
    """The stage is an inspection stage and open: before it opens nothing is done; once sealed, nothing changes."""
    if stage.kind != StageKind.INSPECTION:
        raise inspection_refuse("wrong_stage", "“{label}”环节不是组织考察环节", "the stage '{kind}' is not an "
                                "inspection stage", label=str(stage.get_kind_display()), kind=stage.kind)
    if stage.status == Stage.Status.SEALED:
        raise inspection_refuse("sealed", "组织考察环节已封存，不能再{what}", "the inspection stage is sealed: "
                                "nothing more can change", what=what)
    if stage.status != Stage.Status.OPEN:
        raise inspection_refuse("not_open", "组织考察环节尚未开始，不能{what}；请先在批次页面开始该环节",
                                "the inspection stage has not opened", what=what)


def require_not_concluded(inspection: Inspection, what: str) -> None:
    if inspection.status == Inspection.Status.CONCLUDED:
        raise inspection_refuse("concluded",
                                "{who}的考察已形成结论，不能再修改{what}；如确需修改，请先撤回结论并写明理由",
                                "the inspection of {who} is concluded: withdraw the conclusion first",
                                who=who(inspection), what=what)


def locked_inspection(inspection: Inspection) -> Inspection:
    """The inspection's row afresh, locked until commit (the caller has locked the campaign first)."""
    return (Inspection.objects.select_for_update(of=("self",))
            .select_related("stage", "stage__campaign", "application", "application__person",
                            "application__person__unit", "application__person__unit__parent", "application__post",
                            "application__campaign", "application__campaign__unit")
            .get(pk=inspection.pk))


def dimensions_of(stage: Stage) -> tuple[Dimension, ...]:
    """The stage's dimensions (default 德能勤绩廉 without weights); settings that make no sense are refused."""
    try:
        return read_dimensions(stage.settings)
    except RuleError as exc:
        raise from_rule(exc, prefix_zh="组织考察环节的设置有误：",
                        prefix_en="the inspection settings are wrong: ") from None


def state(obj: Any) -> dict[str, Any]:
    """A row's fields as JSON for the record's before/after."""
    return _state(obj, exclude={"created"})
