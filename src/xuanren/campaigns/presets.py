"""Campaign templates as data: a method and an ordered list of stages with their weights and rules.

- ``court_2010`` — seed 000 (a court's 交流竞聘, seven steps: 公布空缺职位、公开报名、资格审查、竞聘演讲、民主推荐、
  党组决定、院内公示). Publishing the vacancies and taking applications are the campaign itself (the
  announcement and :mod:`~xuanren.campaigns.actions.applications`); the stages are eligibility review,
  the speech (heard, not scored: no weight), the democratic recommendation (the only score, weight
  100; voter groups 院领导 30 / 中层干部 30 / 其他人员 40 and thresholds 1 → 60, 2 → 50, ≥3 → 40 as the seed
  states), the Party group's decision, the notice within the court, and the appointment.
- ``nine_steps`` — seed 001 (a county bureau's 竞争上岗, nine steps). Steps (1) 公布岗位及条件 and (2) 报名/推荐 are
  the campaign and its applications; (3) 资格审查 → eligibility; (4) 演讲答辩、民主测评 → interview and
  evaluation; (5) 确定考察对象、组织考察 → shortlist and inspection; (6) 确定拟聘任人选 → committee;
  (7) 任前公示 → notice; (8) 确定正式聘任人选、上报审批 and (9) 办理聘任手续 → appointment. The seed gives
  no weights: the organiser sets them (publishing checks they sum to 100 once any is set).
- ``open_2004`` — 公开选拔 per 党政领导干部公开选拔工作暂行规定 (2004): 发布公告、报名与资格审查、统一考试（笔试）、
  面试、组织考察、研究提出人选方案、党委（党组）讨论决定、任职前公示. Weights exam 40 / interview 60 (a common
  reading; the rules leave the split to each announcement); the shortlist ranks the composite and
  names those to inspect; inspection is qualitative (no weight).

Weights are points out of 100 for the composite (DESIGN.md §2 step 7); ``None`` means the stage is not
part of the composite. The committee's vote and the inspection are not published (``public=False``):
the notice publishes the outcome.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from xuanren.campaigns.models import Method, StageKind


@dataclass(frozen=True)
class StageSpec:
    """One stage of a campaign as set up: its kind, weight in the composite, whether its results are public."""

    kind: str
    weight: Decimal | None = None
    public: bool = True
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Template:
    code: str
    name: str
    method: str
    stages: tuple[StageSpec, ...]
    source: str


SEED_000_RECOMMENDATION: dict[str, Any] = {
    "groups": [
        {"code": "leaders", "name": "院领导", "weight": 30},
        {"code": "middle_managers", "name": "中层干部", "weight": 30},
        {"code": "others", "name": "其他人员", "weight": 40},
    ],
    # (from this many candidates for the post, least weighted score)
    "thresholds": [[1, 60], [2, 50], [3, 40]],
    "rate_base": "returned",
}

K = StageKind
D = Decimal

TEMPLATES: dict[str, Template] = {
    "court_2010": Template(
        code="court_2010", name="法院中层职位交流竞聘（七步）", method=Method.INTERNAL,
        stages=(
            StageSpec(K.ELIGIBILITY),
            StageSpec(K.INTERVIEW),
            StageSpec(K.RECOMMENDATION, weight=D(100), settings=SEED_000_RECOMMENDATION),
            StageSpec(K.COMMITTEE, public=False),
            StageSpec(K.NOTICE),
            StageSpec(K.APPOINTMENT),
        ),
        source="seed 000",
    ),
    "nine_steps": Template(
        code="nine_steps", name="机关中层干部竞争上岗（九步）", method=Method.INTERNAL,
        stages=(
            StageSpec(K.ELIGIBILITY),
            StageSpec(K.INTERVIEW),
            StageSpec(K.EVALUATION),
            StageSpec(K.SHORTLIST),
            StageSpec(K.INSPECTION, public=False),
            StageSpec(K.COMMITTEE, public=False),
            StageSpec(K.NOTICE),
            StageSpec(K.APPOINTMENT, settings={"term_years": 2}),
        ),
        source="seed 001",
    ),
    "open_2004": Template(
        code="open_2004", name="公开选拔（2004年暂行规定）", method=Method.OPEN,
        stages=(
            StageSpec(K.ELIGIBILITY),
            StageSpec(K.EXAM, weight=D(40)),
            StageSpec(K.INTERVIEW, weight=D(60)),
            StageSpec(K.SHORTLIST),
            StageSpec(K.INSPECTION, public=False),
            StageSpec(K.COMMITTEE, public=False),
            StageSpec(K.NOTICE),
            StageSpec(K.APPOINTMENT),
        ),
        source="党政领导干部公开选拔工作暂行规定（2004）",
    ),
}


def template_choices() -> list[tuple[str, str]]:
    return [(t.code, t.name) for t in TEMPLATES.values()]
