"""Scoring (DESIGN.md §2 steps 4, 5 and 7): the written exam, panel judging of speeches and interviews,
the composite score, ranking and the shortlist.

- :mod:`.models` — exam scores, rubrics, panels and their judges, the order of appearance, judges'
  score sheets, and the standings the shortlist stage publishes;
- :mod:`.sources` — where the composite gets each stage's score (a registry: exam and interview here,
  recommendation and evaluation from :mod:`xuanren.voting`);
- the arithmetic is in the pure core :mod:`xuanren.rules.scoring`.
"""
