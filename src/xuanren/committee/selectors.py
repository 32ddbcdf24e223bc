"""What the committee's pages, API, stage handler and finalist source read (selectors read, actions write).

- :func:`finalists_before` — who reached the committee: the finalists of the latest sealed deciding stage
  before it (:mod:`xuanren.campaigns.finalists`), with the reasons of posts nobody reached.
- :func:`post_outcomes` — per open post: the candidates put to the committee, each with the items voted
  on them (a re-vote 复议 is a later item of the same candidate), the latest decided outcome, who takes the
  slots (:func:`xuanren.rules.committee.select_within_slots`: most agreements first, a tie across the last
  slot re-voted), and what still has to be done before the stage can be sealed.
- :func:`stage_blockers` — those things for the whole stage, in Chinese, naming the post, meeting or
  candidate.

"Latest" is the order of the meetings' closing (then of the items): a candidate deferred at one meeting
and passed at the next counts as passed. Items of a withdrawn proposal count for nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from xuanren.campaigns import finalists as registry
from xuanren.campaigns.finalists import Finalist, Stop
from xuanren.campaigns.models import Application, Post, Stage
from xuanren.committee.models import Item, Meeting, Member, Proposal, ProposalCandidate
from xuanren.rules.committee import CommitteeRule, Selection, select_within_slots
from xuanren.rules.errors import RuleError

OPEN_MEETING = (Meeting.Status.DRAFT, Meeting.Status.OPEN)
RE_VOTABLE = (Item.Outcome.DEFERRED, Item.Outcome.VOID)


# --- who reached the committee ---------------------------------------------------------------------

def finalists_before(stage: Stage) -> tuple[dict[int, list[Finalist]], dict[int, Stop]]:
    """Per open post: the finalists who reached ``stage`` and, for posts with none, why — asked of the
    latest sealed deciding stage *before* it (so the committee's own source, once sealed, can carry the
    earlier reasons forward)."""
    return registry.finalists_and_stops(stage.campaign, before=stage)


# --- reading meetings ------------------------------------------------------------------------------

def meetings_of(stage: Stage) -> QuerySet[Meeting]:
    return Meeting.objects.filter(stage=stage).order_by("held_on", "id")


def proposals_of(stage: Stage) -> QuerySet[Proposal]:
    return (Proposal.objects.filter(stage=stage).select_related("post")
            .prefetch_related("candidates__application__person", "candidates__application__post")
            .order_by("post__order", "post_id", "id"))


def items_of(meeting: Meeting) -> list[Item]:
    return list(Item.objects.filter(meeting=meeting).select_related(
        "application__person__unit", "application__post", "proposal", "revote_of__meeting").order_by("order", "id"))


def proposal_reasons(items: Iterable[Item]) -> dict[int, str]:
    """Item pk → the reason the proposal gives for its candidate (推荐理由), so a member knows what they decide; a
    re-vote item carries the reason of the proposal it goes back to."""
    proposal_of: dict[int, int] = {}
    for item in items:
        current: Item | None = item
        while current is not None and current.proposal_id is None:
            current = current.revote_of
        if current is not None and current.proposal_id is not None:
            proposal_of[item.pk] = current.proposal_id
    wanted = {(proposal_of[i.pk], i.application_id) for i in items if i.pk in proposal_of}
    reasons = {(c.proposal_id, c.application_id): c.reason for c in ProposalCandidate.objects.filter(
        proposal_id__in={p for p, _ in wanted})}
    return {i.pk: reasons.get((proposal_of[i.pk], i.application_id), "") for i in items if i.pk in proposal_of}


def members_of(meeting: Meeting) -> list[Member]:
    return list(Member.objects.filter(meeting=meeting).select_related("user", "person").order_by("order", "id"))


def rule_of(meeting: Meeting) -> CommitteeRule:
    try:
        return CommitteeRule.from_json(meeting.rule or None)
    except RuleError:  # only hand-edited data: the actions refuse a bad rule
        return CommitteeRule()


def stage_rule(stage: Stage) -> CommitteeRule:
    """The stage's rule (``settings["rule"]``), else the regulation's."""
    raw = stage.settings.get("rule") if isinstance(stage.settings, dict) else None
    try:
        return CommitteeRule.from_json(raw or None)
    except RuleError:
        return CommitteeRule()


def labels(items: Iterable[Item]) -> dict[int, str]:
    """Item pk → the name the vote counts it under: the candidate's name, with the post where one person
    stands for two posts in the same meeting (``人员1（职位P01）``)."""
    rows = list(items)
    names = Counter(i.application.person.name for i in rows)
    return {i.pk: (i.application.person.name if names[i.application.person.name] == 1
                   else f"{i.application.person.name}（职位{i.application.post.code}）") for i in rows}


def voted_count(meeting: Meeting) -> tuple[int, int]:
    """(present members who have voted, present members) — that, never what."""
    present = Member.objects.filter(meeting=meeting, present=True)
    if meeting.mode == Meeting.Mode.SECRET:
        return present.filter(voted=True).count(), present.count()
    items = Item.objects.filter(meeting=meeting).count()
    done = sum(1 for m in present.prefetch_related("votes") if items and m.votes.count() >= items)
    return done, present.count()


def member_seats(user: Any) -> list[Member]:
    """The user's seats in meetings, latest first, with their meeting and campaign."""
    return list(Member.objects.filter(user=user).select_related("meeting", "meeting__campaign", "meeting__stage")
                .order_by("-meeting__held_on", "-meeting_id"))


def explanation_lines(item: Item) -> list[str]:
    return [str(line.get("zh", "")) for line in (item.explanation or [])]


# --- per post --------------------------------------------------------------------------------------

@dataclass
class CandidateRecord:
    """One candidate put to the committee for a post: every item voted or to be voted on them."""

    application: Application
    items: list[Item] = field(default_factory=list)
    withdrawn: bool = False  # all their items belong to withdrawn proposals

    @property
    def decided(self) -> list[Item]:
        return [i for i in self.items if i.meeting.status == Meeting.Status.CLOSED]

    @property
    def latest(self) -> Item | None:
        """The latest item decided at a closed meeting."""
        done = self.decided
        return max(done, key=lambda i: (i.meeting.closed_at.timestamp() if i.meeting.closed_at else 0.0,
                                        i.meeting_id, i.pk)) if done else None

    @property
    def pending(self) -> Item | None:
        return next((i for i in self.items if i.meeting.status in OPEN_MEETING), None)

    @property
    def outcome(self) -> str:
        latest = self.latest
        return latest.outcome if latest is not None else Item.Outcome.PENDING

    @property
    def agree(self) -> int:
        latest = self.latest
        return latest.agree or 0 if latest is not None else 0

    @property
    def name(self) -> str:
        return self.application.person.name


@dataclass
class PostOutcome:
    post: Post
    before: list[Finalist]
    stop_before: Stop | None
    proposals: list[Proposal]
    candidates: list[CandidateRecord]
    selection: Selection | None
    chosen: list[CandidateRecord]
    tied: list[CandidateRecord]
    blockers: list[str]
    stop: Stop | None

    @property
    def label(self) -> str:
        return f"职位{self.post.code}（{self.post.title}）"

    def summary(self) -> str:
        if self.chosen:
            return "拟任人选：" + "、".join(f"{c.name}（同意{c.agree}票）" for c in self.chosen)
        if self.stop is not None:
            return self.stop.reason
        if any(c.pending is not None for c in self.candidates if not c.withdrawn):
            return "待表决"
        return "尚未决定"


def _candidates_of(post: Post, proposals: list[Proposal], items: list[Item]) -> list[CandidateRecord]:
    live = {p.pk for p in proposals if p.status != Proposal.Status.WITHDRAWN}
    records: dict[int, CandidateRecord] = {}
    for item in items:
        if item.application.post_id != post.pk:
            continue
        rec = records.setdefault(item.application_id, CandidateRecord(item.application, withdrawn=True))
        rec.items.append(item)
        if item.proposal_id is None or item.proposal_id in live:
            rec.withdrawn = False
    return list(records.values())


def _stop_reason(post: Post, proposals: list[Proposal], cands: list[CandidateRecord]) -> Stop:
    failed = [c for c in cands if not c.withdrawn and c.outcome == Item.Outcome.FAILED]
    if failed:
        lines = "；".join(f"{c.name}：{(explanation_lines(c.latest) or [''])[0]}" for c in failed if c.latest)
        return Stop(post.pk, f"拟任人选未获通过（{lines}）",
                    "the proposed candidate(s) did not pass the committee vote", kind="committee")
    withdrawn = [p for p in proposals if p.status == Proposal.Status.WITHDRAWN]
    if withdrawn:
        reason = withdrawn[-1].withdraw_reason
        return Stop(post.pk, f"拟任人选方案已撤回（{reason}）" if reason else "拟任人选方案已撤回",
                    "the proposal was withdrawn", kind="committee")
    return Stop(post.pk, "未提出拟任人选", "no candidate was proposed", kind="committee")


def post_outcomes(stage: Stage) -> list[PostOutcome]:
    """Every open post of the stage's campaign, in order, with what the committee decided so far."""
    before, stops_before = finalists_before(stage)
    posts = {p.pk: p for p in Post.objects.filter(pk__in=list(before)).select_related("department")}
    proposals = list(proposals_of(stage))
    items = list(Item.objects.filter(meeting__stage=stage).select_related(
        "meeting", "application__person", "application__post", "proposal").order_by("meeting__held_on",
                                                                                     "meeting_id", "order", "id"))
    out: list[PostOutcome] = []
    for pk in before:
        post = posts[pk]
        mine = [p for p in proposals if p.post_id == pk]
        cands = _candidates_of(post, mine, items)
        live = [c for c in cands if not c.withdrawn]
        passed = [c for c in live if c.outcome == Item.Outcome.PASSED]
        seen = Counter(c.name for c in passed)
        keys = {(c.name if seen[c.name] == 1 else f"{c.name}（{c.application.pk}）"): c for c in passed}
        selection = select_within_slots([(k, c.agree) for k, c in keys.items()], post.slots) if passed else None
        by_pk = keys
        chosen = [by_pk[k] for k in selection.chosen] if selection else []
        tied = [by_pk[k] for k in selection.tied] if selection else []
        label = f"职位{post.code}（{post.title}）"
        blockers: list[str] = []
        reached = bool(before[pk])
        in_progress = [p for p in mine if p.status == Proposal.Status.DRAFT]
        if reached and not mine:
            blockers.append(f"{label}尚未提出拟任人选方案（如决定不提出人选，请提出后撤回并写明理由）")
        for _draft in in_progress:
            blockers.append(f"{label}的拟任人选方案尚在酝酿，未提交会议（请提交会议或撤回）")
        for c in live:
            waiting = c.pending
            if waiting is not None:
                blockers.append(f"{label}的人选{c.name}已提交会议“{waiting.meeting.name}”，尚未表决")
        if tied:
            names, votes = "、".join(c.name for c in tied), tied[0].agree
            blockers.append(f"{label}通过人数多于职数，{names}同意票数相同（{votes}票），须复议")
        if len(chosen) < post.slots and not tied:
            for c in live:
                if c.pending is None and c.outcome == Item.Outcome.DEFERRED:
                    blockers.append(f"{label}的人选{c.name}缓议，尚待复议（或撤回方案）")
                elif c.pending is None and c.outcome == Item.Outcome.VOID:
                    blockers.append(f"{label}的人选{c.name}表决无效（会议未达法定人数），须重新表决（或撤回方案）")
        stop = None  # while something is outstanding the post is undecided, not stopped
        if not chosen and not blockers:
            stop = stops_before.get(pk) if not reached else _stop_reason(post, mine, cands)
        out.append(PostOutcome(post=post, before=before[pk], stop_before=stops_before.get(pk), proposals=mine,
                               candidates=cands, selection=selection, chosen=chosen, tied=tied,
                               blockers=blockers, stop=stop))
    return out


def stage_blockers(stage: Stage) -> list[str]:
    """What must be done before the committee stage can be sealed, naming the meeting, post or candidate."""
    out: list[str] = []
    for m in meetings_of(stage).filter(status=Meeting.Status.OPEN):
        out.append(f"会议“{m.name}”正在表决，须先结束表决")
    for outcome in post_outcomes(stage):
        out += outcome.blockers
    return out


def previous_item(application: Application, stage: Stage) -> Item | None:
    """The candidate's latest item decided in ``stage`` (for a re-vote), or ``None``."""
    return (Item.objects.filter(application=application, meeting__stage=stage, meeting__status=Meeting.Status.CLOSED)
            .select_related("meeting").order_by("-meeting__closed_at", "-meeting_id", "-id").first())
