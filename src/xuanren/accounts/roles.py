"""The role matrix: every capability and the roles that hold it, in one place (DESIGN.md §1).

A view or API endpoint names one capability; :mod:`xuanren.accounts.access` answers whether a user
holds it, and object rules narrow it further (a judge sees only the posts assigned to them).
``tests/accounts/test_matrix.py`` walks every URL with every role against this table.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ORGANISER = "organiser", _("组织人事干部")
    REVIEWER = "reviewer", _("资格审查人员")
    JUDGE = "judge", _("评委")
    VOTER = "voter", _("投票人")
    COMMITTEE = "committee", _("党组/常委会成员")
    SUPERVISOR = "supervisor", _("纪检监督")
    APPLICANT = "applicant", _("报名人")


ORG, REV, JUD, VOT, COM, SUP, APP = (Role.ORGANISER, Role.REVIEWER, Role.JUDGE, Role.VOTER, Role.COMMITTEE,
                                     Role.SUPERVISOR, Role.APPLICANT)
EVERYONE = frozenset(Role)

# capability -> roles that hold it. "Public" (not logged in) holds nothing here; public pages say so
# themselves. A supervisor reads everything and changes nothing: only *.view/*.export/*.verify.
MATRIX: dict[str, frozenset[Role]] = {
    # the people register
    "people.view": frozenset({ORG, REV, SUP}),
    "people.view_id_number": frozenset({ORG}),
    "people.change": frozenset({ORG}),
    "people.import": frozenset({ORG}),
    "people.export": frozenset({ORG, SUP}),
    "units.view": frozenset({ORG, REV, SUP}),
    "units.change": frozenset({ORG}),
    # users
    "users.view": frozenset({ORG, SUP}),
    "users.change": frozenset({ORG}),
    # the record
    "record.view": frozenset({ORG, SUP}),
    "record.export": frozenset({ORG, SUP}),
    "record.verify": frozenset({ORG, SUP}),
    # campaigns: set up, announce, run the stages (organiser); read (reviewer, supervisor)
    "campaigns.view": frozenset({ORG, REV, SUP}),
    "campaigns.change": frozenset({ORG}),
    "stages.seal": frozenset({ORG}),
    # applications: enter or import on someone's behalf; decide eligibility with reasons
    "applications.view": frozenset({ORG, REV, SUP}),
    "applications.enter": frozenset({ORG}),
    "applications.review": frozenset({ORG, REV}),
    # an applicant applies for themselves (object rule: only their own person and applications)
    "applications.apply": frozenset({APP}),
    # one's own things: own person record, own applications, own profile
    "self.view": EVERYONE,
    # scoring: exam scores, rubrics and panels, closing candidates (organiser); a judge scores the
    # candidates of their own panels only (object rule in scoring/access.py); results are read by
    # reviewer and supervisor too, and exported by organiser and supervisor
    "scoring.view": frozenset({ORG, REV, SUP}),
    "scoring.manage": frozenset({ORG}),
    "scoring.judge": frozenset({JUD}),
    "results.export": frozenset({ORG, SUP}),
    # voting: sessions, codes and slips, the projector, closing and publishing (organiser); the
    # supervisor watches; voters need no account (a one-time code is their key)
    "voting.view": frozenset({ORG, SUP}),
    "voting.manage": frozenset({ORG}),
    # from the shortlist to the appointment (organiser); the supervisor reads everything, objections
    # included; a committee member votes in the meetings they sit on (object rule in committee/access.py)
    "inspection.view": frozenset({ORG, SUP}),
    "inspection.manage": frozenset({ORG}),
    "committee.view": frozenset({ORG, SUP}),
    "committee.manage": frozenset({ORG}),
    "committee.vote": frozenset({COM}),
    "notices.view": frozenset({ORG, SUP}),
    "notices.manage": frozenset({ORG}),
    "objections.view": frozenset({ORG, SUP}),
    "objections.handle": frozenset({ORG}),
    "appointments.view": frozenset({ORG, SUP}),
    "appointments.manage": frozenset({ORG}),
    "pool.view": frozenset({ORG, SUP}),
    "pool.manage": frozenset({ORG}),
    "reports.view": frozenset({ORG, SUP}),
}

# What changes state; a supervisor must hold none of these (checked by a test).
CHANGING = frozenset(cap for cap in MATRIX if cap.endswith((".change", ".import", ".seal", ".enter", ".review",
                                                                ".apply", ".manage", ".judge", ".vote",
                                                                ".handle")))


def capabilities_of(roles: set[Role] | frozenset[Role]) -> frozenset[str]:
    return frozenset(cap for cap, holders in MATRIX.items() if holders & roles)
