"""The demo's votes, through the real actions: sessions, voter groups, codes, ballots cast one by one.

- :func:`court_groups` counts who is entitled to vote in the court's meeting by the seed 000 groups:
  院领导 (the leaders' unit), 中层干部 (everyone else holding a division-level post), 其他人员 (the rest).
- :func:`recommend` runs one recommendation session: created on its stage, the groups' entitled set,
  codes issued to those present, opened, ballots cast with :func:`xuanren.voting.actions.ballot_cast`
  by most of them (some blank), closed and counted. What voters mark follows *shares* per post
  (:func:`ballots`): each group's ballots divided exactly in those proportions, then shuffled, so the
  outcome the demo means to show (a clear winner, a post left vacant, …) is the outcome the count gives.
- :func:`trial` makes a trial session (模拟测试), which never counts for its stage.

Codes are drawn by the product from :mod:`secrets` (they are keys): they differ at every load, and the
demo keeps only those it prints for trying the phone ballot. Submission tokens are random as a phone's
are. Everything counted is the same for a seed.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from xuanren.campaigns.models import Stage
from xuanren.people.models import Person, Unit
from xuanren.voting import actions as voting
from xuanren.voting.models import BallotForm, Session, VoterGroup

LEADERS_UNIT = "院领导"
DIVISION_LEVELS = ("division_chief", "division_deputy")
#: Share of those entitled who do not come, of those present who do not vote, of ballots left blank.
ABSENT, NOT_CAST, BLANK = Fraction(5, 100), Fraction(10, 100), Fraction(3, 100)

#: A post's preferences: ``(application pk or None for no mark, share)``, shares summing to at most 1.
Preferences = Sequence[tuple[int | None, float]]


def court_groups(court: Unit) -> dict[str, int]:
    """Those entitled in each seed 000 group: the leaders' unit, division-level post holders, the rest."""
    people = Person.objects.filter(unit__parent=court) | Person.objects.filter(unit=court)
    leaders = people.filter(unit__name=LEADERS_UNIT).count()
    middle = people.exclude(unit__name=LEADERS_UNIT).filter(post_level__in=DIVISION_LEVELS).count()
    return {"leaders": leaders, "middle_managers": middle, "others": people.count() - leaders - middle}


@dataclass(frozen=True)
class Turnout:
    entitled: int
    issued: int
    returned: int
    blank: int


def turnout_for(entitled: int) -> Turnout:
    """A meeting as it goes: about 5% away, about 90% of those present vote, about 3% of ballots blank."""
    issued = entitled - round(entitled * ABSENT)
    returned = round(issued * (1 - NOT_CAST))
    return Turnout(entitled, issued, returned, round(returned * BLANK))


def _divide(shares: Sequence[float], n: int) -> list[int]:
    """``n`` divided in proportion to ``shares`` (largest remainder; ties to the earlier share)."""
    exact = [Fraction(s).limit_denominator(10_000) * n for s in shares]
    counts = [int(x) for x in exact]
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[:n - sum(counts)]:
        counts[i] += 1
    return counts


def ballots(rng: random.Random, preferences: Mapping[int, Preferences], returned: int, blank: int
            ) -> list[dict[str, list[int]]]:
    """``returned`` ballots (post pk → the candidates marked), ``blank`` of them blank, the others marked per
    post exactly in the proportions of ``preferences`` (a post left unmarked for the rest), in a random
    order."""
    marked = returned - blank
    out: list[dict[str, list[int]]] = [{} for _ in range(marked)]
    for post, prefs in preferences.items():
        options = [app for app, _ in prefs] + [None]
        shares = [share for _, share in prefs]
        shares.append(max(0.0, 1 - sum(shares)))
        column = [app for app, n in zip(options, _divide(shares, marked), strict=True) for _ in range(n)]
        rng.shuffle(column)
        for ballot, app in zip(out, column, strict=True):
            if app is not None:
                ballot[str(post)] = [app]
    out += [{} for _ in range(blank)]
    rng.shuffle(out)
    return out


def _token() -> str:
    """A ballot page's submission token, random as the phone page makes it."""
    return secrets.token_urlsafe(24)


def _session(*, organiser: Any, stage: Stage, name: str, trial: bool, entitled: Mapping[str, int] | int, place: str,
             now: dt.datetime) -> Session:
    """A draft session of ``stage`` with its groups' entitled set (one number: the same for every group)."""
    session = voting.session_create(actor=organiser, stage=stage, name=name, trial=trial, place=place, now=now)
    groups = [{"code": g.code, "name": g.name, "weight": g.weight,
               "entitled": entitled if isinstance(entitled, int) else entitled[g.code]}
              for g in VoterGroup.objects.filter(session=session).order_by("order")]
    voting.groups_set(actor=organiser, session=session, groups=groups, now=now)
    return session


def _form(session: Session) -> BallotForm:
    return BallotForm.objects.filter(session=session).order_by("order", "id")[0]


def recommend(*, organiser: Any, stage: Stage, name: str, place: str, entitled: Mapping[str, int],
              preferences: Mapping[int, Preferences], rng: random.Random, start: dt.datetime,
              trial: bool = False) -> Session:
    """One recommendation session from creation to its close, every ballot cast through the real action."""
    session = _session(organiser=organiser, stage=stage, name=name, trial=trial, entitled=entitled, place=place,
                       now=start)
    form = _form(session)
    planned: list[tuple[str, dict[str, list[int]]]] = []
    for group in VoterGroup.objects.filter(session=session).order_by("order"):
        t = turnout_for(entitled[group.code]) if not trial else Turnout(group.entitled, group.entitled,
                                                                          group.entitled, 0)
        codes = voting.codes_issue(actor=organiser, session=session, group=group, count=t.issued,
                                   now=start + dt.timedelta(minutes=5))
        filled = ballots(rng, preferences, t.returned, t.blank)
        planned += list(zip(codes, filled, strict=False))  # the codes of those who do not vote stay unused
    voting.session_open(actor=organiser, session=session, now=start + dt.timedelta(minutes=20))
    # Voters come up in no particular order of group.
    rng.shuffle(planned)
    for code, marks in planned:
        voting.ballot_cast(code=code, marks={str(form.pk): marks} if marks else {}, submission=_token())
    return voting.session_close(actor=organiser, session=session, now=start + dt.timedelta(minutes=50))


def evaluation_trial(*, organiser: Any, stage: Stage, name: str, place: str, entitled: int, codes: int,
                     now: dt.datetime) -> tuple[Session, list[str]]:
    """A trial evaluation session (模拟测试), opened, with ``codes`` codes issued: the plain codes returned
    (the demo prints them so anyone can try the phone ballot)."""
    session = _session(organiser=organiser, stage=stage, name=name, trial=True, place=place, now=now,
                       entitled=entitled)
    group = VoterGroup.objects.filter(session=session).order_by("order")[0]
    plain = voting.codes_issue(actor=organiser, session=session, group=group, count=codes,
                               now=now + dt.timedelta(minutes=5))
    voting.session_open(actor=organiser, session=session, now=now + dt.timedelta(minutes=10))
    return session, sorted(plain)
