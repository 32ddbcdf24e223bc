"""Loading the demo: the demo users, the court's roster through the real import, then the campaigns
(:mod:`xuanren.demo.campaigns`), in one transaction.

The roster goes through :func:`xuanren.people.actions.people_import` as the organiser, exactly as a
file uploaded on the import page, so loading the demo exercises the product and leaves the same
record. Time is an argument: only the command line reads the clock.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from xuanren.accounts.actions import user_create
from xuanren.accounts.roles import Role
from xuanren.demo.court import DEFAULT_SEED, Court, make_court
from xuanren.demo.roster import FILENAME, roster_workbook
from xuanren.record.actions import record_event

# One password for every demo account; it passes Django's password validators.
DEMO_PASSWORD = "xuanren-demo-2026"
DEMO_URL = "http://127.0.0.1:8000/"
VOTE_URL = DEMO_URL + "vote/"

# Demo user name -> role. Numbered names are several people holding the same role.
ACCOUNTS: tuple[tuple[str, Role], ...] = (
    ("organiser", Role.ORGANISER),
    ("reviewer", Role.REVIEWER),
    *((f"judge{n}", Role.JUDGE) for n in range(1, 6)),
    *((f"committee{n}", Role.COMMITTEE) for n in range(1, 10)),
    ("supervisor", Role.SUPERVISOR),
    ("applicant", Role.APPLICANT),
    ("voter", Role.VOTER),
)


class DemoError(Exception):
    """The demo cannot be loaded here; the message says why and what to do."""


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: Role
    full_name: str
    password: str = DEMO_PASSWORD


@dataclass(frozen=True)
class DemoResult:
    """What :func:`demo_load` did. ``loaded`` is false when ``if_empty`` found people already there."""

    loaded: bool
    accounts: tuple[DemoAccount, ...] = ()
    people: int = 0
    departments: int = 0
    unit: str = ""
    import_result: Any = None
    campaigns: int = 0
    # Codes of the open trial session (模拟测试) for trying the phone ballot at VOTE_URL; never recorded.
    trial_codes: tuple[str, ...] = ()
    trial_session: int | None = None
    # What to look at for the decision steps (pages under DEMO_URL), and what the calendar did not allow.
    guide: tuple[str, ...] = ()


def demo_accounts(court: Court) -> tuple[DemoAccount, ...]:
    """The demo accounts, each carrying the name of the court's person who holds that role."""
    return tuple(DemoAccount(username, role, court.person(username).name) for username, role in ACCOUNTS)


def demo_load(*, today: dt.date, seed: int = DEFAULT_SEED, if_empty: bool = False) -> DemoResult:
    """Create the demo users, import the demo court's roster as the organiser and run the demo campaigns.

    With ``if_empty``, does nothing (``loaded`` false) when the register already holds anyone.
    Otherwise refuses with :class:`DemoError` when it does, or when a demo user name is taken.
    All or nothing: one transaction.
    """
    from xuanren.demo.campaigns import load_demo_campaigns
    from xuanren.people.actions import ImportRejected, people_import
    from xuanren.people.models import Person, Unit

    court = make_court(seed=seed, today=today)
    accounts = demo_accounts(court)
    data = roster_workbook(court)
    with transaction.atomic():
        if Person.objects.exists():
            if if_empty:
                return DemoResult(loaded=False)
            raise DemoError(
                "名册中已有人员，演示数据只能载入空数据库。/ The register already holds people; "
                "the demo loads only into an empty database (or use --if-empty to skip quietly)."
            )
        taken = sorted(get_user_model().objects.filter(username__in=[a.username for a in accounts])
                       .values_list("username", flat=True))
        if taken:
            raise DemoError(
                f"演示账号已存在：{', '.join(taken)}。/ Demo user names are taken: {', '.join(taken)}."
            )
        users = {
            a.username: user_create(actor=None, username=a.username, password=a.password,
                                    full_name=a.full_name, roles=[a.role])
            for a in accounts
        }
        try:
            import_result = people_import(actor=users["organiser"], data=data, filename=FILENAME, today=today)
        except ImportRejected as exc:
            # The demo's own file is refused: the generator and the import disagree about the format.
            raise DemoError("演示名册未能导入 / the demo roster was refused:\n"
                            + "\n".join(str(p) for p in exc.shown(20))) from exc
        _link_applicant(court, users["organiser"], users["applicant"])
        made = load_demo_campaigns(
            organiser=users["organiser"], reviewer=users["reviewer"], today=today, seed=seed,
            judges=[users[f"judge{n}"] for n in range(1, 6)],
            committee=[users[f"committee{n}"] for n in range(1, 10)],
            court=Unit.objects.get(name=court.name, parent=None),
            # The people behind the demo accounts neither apply nor are applied for: the organiser and
            # the reviewer would have a conflict of interest, and the applicant account applies by hand.
            keep_free=set(Person.objects.filter(id_number__in=[court.person(a.username).id_number for a in accounts])
                          .values_list("pk", flat=True)))
        record_event(actor=None, action="demo.load", object_type="demo", object_repr=court.name,
                     details={"seed": seed, "today": today.isoformat(), "people": len(court.staff),
                              "users": [a.username for a in accounts], "campaigns": [c.pk for c in made.campaigns]})
    return DemoResult(loaded=True, accounts=accounts, people=len(court.staff),
                      departments=len(court.departments), unit=court.name, import_result=import_result,
                      campaigns=len(made.campaigns), trial_codes=tuple(made.trial_codes),
                      trial_session=made.trial_session, guide=tuple(guide_lines(made)))


def guide_lines(made: Any) -> list[str]:
    """Where the demo's decision steps are seen (paths under :data:`DEMO_URL`), one line each, and the steps
    the working-day calendar did not allow with its reason (e.g. a year not entered yet)."""
    from django.urls import reverse

    from xuanren.campaigns.models import Stage, StageKind

    def stage(campaign: Any, kind: str, name: str) -> str:
        found = Stage.objects.get(campaign=campaign, kind=kind)
        return reverse(name, kwargs={"pk": campaign.pk, "stage_pk": found.pk})

    lines: list[str] = []
    court = made.court
    if made.court_decisions is not None and court is not None:
        notice = made.court_decisions.notice
        lines += [
            f"法院批次（已结束）：党组讨论决定 {stage(court, StageKind.COMMITTEE, 'committee:stage')}",
            f"  任前公示 {reverse('notices:public_notice', args=[notice.pk])}"
            f"（反映问题 {reverse('notices:objections')}?status=concluded）",
            f"  任职 {stage(court, StageKind.APPOINTMENT, 'appointments:stage')}，"
            f"工作总结 {reverse('reports:view', args=[court.pk])}",
        ]
    if made.last_year is not None or made.court_decisions is not None:
        lines.append(f"后备干部库 {reverse('appointments:pool')}，空缺职位 {reverse('appointments:vacancies')}，"
                     f"试用期 {reverse('appointments:probation')}")
    if made.inspected is not None and made.inspected.stage is not None:
        campaign = made.open_selection
        lines.append(f"公开选拔（组织考察进行中）：{stage(campaign, StageKind.INSPECTION, 'inspection:stage')}，"
                     f"考察预告 {reverse('inspection:notices', args=[campaign.pk])}")
    if made.court_decisions is not None:
        lines.append(f"党组成员 committee1–9 的表决记录：{reverse('committee:my')}")
    for skipped in made.skipped:
        lines.append(f"未演示：{skipped.campaign}——{skipped.reason}"
                     f"（请以 organiser 登录，在 {reverse('notices:calendar')} 录入后办理）")
    return lines


def _link_applicant(court: Court, actor: Any, user: Any) -> None:
    """Give the applicant account its person record, so the applicant sees their own entry."""
    from xuanren.people.models import Person

    person = Person.objects.get(id_number=court.person("applicant").id_number)
    before = person.state()
    person.user = user
    person.save(update_fields=["user", "updated"])
    record_event(actor=actor, action="people.link_user", obj=person, before=before, after=person.state(),
                 details={"user": user.get_username()})
