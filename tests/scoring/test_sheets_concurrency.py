"""Sheets handed in at the same moment: a judge pressing twice gets one sheet and the refusal, and a sheet
racing the organiser's close either counts (and the close sees it) or is refused — never a sheet written
into a closed candidate. Run on PostgreSQL with tools/with-postgres.sh (the rows are locked there)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from tests.scoring.panel_world import build_panel_world
from xuanren.campaigns.errors import CampaignError
from xuanren.record.models import Event
from xuanren.scoring.actions import panels, sheets
from xuanren.scoring.models import Appearance, Sheet


def at_once(*calls: Callable[[], Any]) -> list[Any]:
    start = threading.Barrier(len(calls))
    outcomes: list[Any] = [None] * len(calls)

    def run(n: int, call: Callable[[], Any]) -> None:
        try:
            start.wait()
            outcomes[n] = call()
        except BaseException as exc:  # reported in the test's own thread
            outcomes[n] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(n, c)) for n, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_a_judge_pressing_twice_gets_one_sheet(personas: dict[str, Any]) -> None:
    pw = build_panel_world(personas)
    first = pw.started(pw.panel_for("P01"))[0]
    points = pw.points(18, 26, 17, 25)
    outcomes = at_once(*[lambda: sheets.sheet_submit(actor=pw.judges[0], appearance=first, points=points)] * 2)
    made = [o for o in outcomes if isinstance(o, Sheet)]
    refused = [o for o in outcomes if not isinstance(o, Sheet)]
    assert len(made) == 1 and len(refused) == 1, outcomes
    assert isinstance(refused[0], CampaignError) and str(refused[0]) == "您已提交对该人选的评分，如需修改请使用修改"
    assert Sheet.objects.count() == 1 and Event.objects.filter(action="scoring.sheet.submit").count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_correction_racing_the_close(personas: dict[str, Any]) -> None:
    """Either the correction lands first and the close counts it, or the close does and the correction is
    refused: the score recorded at the close is always the one of the sheets as they stay."""
    pw = build_panel_world(personas)
    first = pw.started(pw.panel_for("P01"))[0]
    pw.score(first, [(18, 26, 17, 25), (17, 25, 16, 27), (19, 27, 18, 26)])  # 86, 85, 90 → 87
    sheet = Sheet.objects.get(appearance=first, judge__user=pw.judges[2])
    fixed = pw.points(19, 21, 18, 26)  # 84 → 85
    correct, close = at_once(lambda: sheets.sheet_correct(actor=pw.judges[2], sheet=sheet, points=fixed),
                             lambda: panels.appearance_close(actor=pw.organiser, appearance=first))
    assert isinstance(close, Appearance), close
    recorded = Event.objects.get(action="scoring.appearance.close").details["display"]
    if isinstance(correct, Sheet):
        assert recorded == "85.00" and Sheet.objects.get(pk=sheet.pk).revision == 1
    else:
        assert isinstance(correct, CampaignError) and "的评分已结束" in str(correct)
        assert recorded == "87.00" and Sheet.objects.get(pk=sheet.pk).revision == 0
