"""The whole-flow browser test's starting point: a campaign of the open_2004 template (exam 40, interview 60,
shortlist, inspection, committee, notice, appointment) whose shortlist is sealed, built through the real
actions (the exam world of ``tests/scoring/exam_world.py``), and the five committee members' accounts.

The shortlist names two per slot (1:2), without ties:

- P01 办公室副主任: 人员1 (88.80), 人员2 (84.40) — 人员3, 人员4, 人员5 below the cut;
- P02 法规科副科长: 人员6 (88.40), 人员5 (81.20) — 人员4 below the cut.

Everything after the sealed shortlist is done in the browser by the test.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.scoring.exam_world import ExamWorld, build_exam_world
from xuanren.accounts.actions import user_create
from xuanren.campaigns.models import Application
from xuanren.scoring import actions as scoring
from xuanren.scoring.models import Standing

EXAM = {(1, "P01"): 90, (2, "P01"): 85, (3, "P01"): 70, (4, "P01"): 72, (5, "P01"): 65,
        (4, "P02"): 70, (5, "P02"): 80, (6, "P02"): 92}
INTERVIEW = {(1, "P01"): 88, (2, "P01"): 84, (3, "P01"): 75, (4, "P01"): 70, (5, "P01"): 71,
             (4, "P02"): 70, (5, "P02"): 82, (6, "P02"): 86}
SHORTLIST = {"P01": ["人员1", "人员2"], "P02": ["人员6", "人员5"]}

# The committee (党组): five members, each with an account of the committee member's role.
COMMITTEE = [("weiyuan1", "成员一", "党组书记"), ("weiyuan2", "成员二", "党组副书记"),
             ("weiyuan3", "成员三", "党组成员"), ("weiyuan4", "成员四", "党组成员"),
             ("weiyuan5", "成员五", "党组成员")]


@dataclass
class FlowWorld:
    ew: ExamWorld
    members: list[Any]  # the committee members' users, in COMMITTEE's order

    @property
    def campaign(self) -> Any:
        return self.ew.campaign

    def app(self, name: str, code: str) -> Application:
        n = int(name.removeprefix("人员"))
        return self.ew.app(n, code)


def build_flow_world(users: dict[str, Any], monkeypatch: pytest.MonkeyPatch, password: str) -> FlowWorld:
    """The exam and interview scored and sealed, the shortlist (1:2) sealed; the inspection stage pending."""
    ew = build_exam_world(users, monkeypatch)
    scoring.exam_settings_set(actor=ew.organiser, stage=ew.exam, full_marks=100, min_score=60)
    shortlist = ew.to_shortlist(EXAM, INTERVIEW)
    scoring.shortlist_settings_set(actor=ew.organiser, stage=shortlist, ratio=2)
    ew.seal("shortlist")
    chosen = {(s.application.post.code, s.application.person.name)
              for s in Standing.objects.filter(shortlisted=True).select_related("application__post",
                                                                               "application__person")}
    assert chosen == {(code, name) for code, names in SHORTLIST.items() for name in names}, chosen
    members = [user_create(actor=None, username=u, password=password, full_name=name, roles=["committee"],
                           check_password=False) for u, name, _title in COMMITTEE]
    return FlowWorld(ew=ew, members=members)
