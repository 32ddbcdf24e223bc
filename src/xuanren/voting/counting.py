"""Counting a voting session: its rules, ballot forms, turnout and ballots in, a JSON-able result out.

:func:`count_session` is the one entry point. The close of a session
(:func:`xuanren.voting.actions.close.session_close`) stores what it returns as ``Session.result`` and
publishes it with the ballots; ``xuanren tally`` and ``xuanren tally --verify`` call it on the published
export and so recompute *exactly* what the server published; the stage handlers
(:mod:`xuanren.voting.handlers`) call :func:`count_sessions` on every closed session of a stage and
publish the combined count. No database here: plain dicts and lists in, plain dicts and lists out.

Inputs (the formats are in docs/formats.md and the docstrings of :mod:`xuanren.voting.models`):

- ``rules``: ``Session.rules`` — ``thresholds`` (``[[from candidates, least score], …]``, default
  1 → 60, 2 → 50, ≥ 3 → 40), ``rate_base`` (returned | entitled | valid), ``empty_group`` (share | zero
  | invalid), ``min_attendance`` (default ``"2/3"``), ``attendance_per_group``; for evaluations
  ``pooling`` (pooled | weighted), ``satisfied``, ``dissatisfied``, ``excellent_min_satisfaction``
  (``"75%"``), ``admonition_above`` (``"20%"``), ``adjustment_above`` (``"50%"``), also accepted nested
  under ``"evaluation"``. Numbers may be integers, decimal or fraction strings (``"2/3"``, ``"0.75"``) or
  percentages (``"75%"``); a float is read as the decimal it prints as.
- ``forms``: ``[{"id", "kind", "title", "content"}]`` (:class:`~xuanren.voting.models.BallotForm`).
- ``turnout``: per voter group ``{"code", "name", "weight", "entitled", "issued", "returned"}`` and,
  for paper ballots, ``present`` (实到 when recorded) and ``void`` (returned but void as a whole); the
  groups' order and weights are the session's.
- ``ballots``: ``(group code, marks)`` pairs, ``marks`` as :class:`~xuanren.voting.models.Ballot` keeps it.

The result: every figure twice, ``{"exact": "123/7", "display": "17.57"}`` (exact as a fraction string,
display rounded half up, never used for a comparison; shares such as rates as ``"60%"``), the
explanation lines of the tally (:meth:`~xuanren.rules.messages.Message.as_dict`), the meeting's validity
with its reasons, and the vacant posts. Input that cannot be counted (a ballot naming a candidate not on
its form, ballots that do not add up to the ballots returned, weights not summing to 100, …) raises
:class:`CountError` with the tally's message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from xuanren.rules import chain
from xuanren.rules import tally as t
from xuanren.rules.errors import RuleError
from xuanren.rules.messages import Message
from xuanren.rules.tally.counting import GroupCount, QuestionCount

FORMAT = "xuanren.result/1"

KINDS = ("recommendation", "evaluation", "elements")
KIND_ZH = {"recommendation": "民主推荐", "evaluation": "民主测评", "elements": "要素定向推荐"}

# The grades as ballots and forms spell them → the tally's grades.
GRADE_ALIASES = {
    "excellent": t.Grade.EXCELLENT, "competent": t.Grade.COMPETENT, "basic": t.Grade.BASIC,
    "basically_competent": t.Grade.BASIC, "incompetent": t.Grade.INCOMPETENT, "unknown": t.Grade.UNKNOWN,
    "优秀": t.Grade.EXCELLENT, "称职": t.Grade.COMPETENT, "基本称职": t.Grade.BASIC, "不称职": t.Grade.INCOMPETENT,
    "不了解": t.Grade.UNKNOWN,
}


class CountError(ValueError):
    """The inputs cannot be counted; ``message`` says why (Chinese and English)."""

    def __init__(self, message: Message) -> None:
        super().__init__(message.text())
        self.message = message


def _error(code: str, zh: str, en: str, /, **params: Any) -> CountError:
    return CountError(Message(f"voting.count.{code}", zh, en, params))


# --- numbers and figures ---------------------------------------------------------------------------

def fraction_of(value: Any, what: str) -> Fraction:
    """A configured number: int, Decimal, Fraction, ``"2/3"``, ``"0.75"``, ``"75%"``; a float as it prints."""
    if isinstance(value, bool) or value is None:
        raise _error("number", "{what}“{value}”不是数", "{what} '{value}' is not a number", what=what, value=value)
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, Fraction | int | Decimal):
        return Fraction(value)
    if isinstance(value, str):
        text = value.strip()
        try:
            if text.endswith("%"):
                return Fraction(text[:-1].strip()) / 100
            return Fraction(text)
        except (ValueError, ZeroDivisionError):
            pass
    raise _error("number", "{what}“{value}”不是数", "{what} '{value}' is not a number", what=what, value=value)


def exact_text(value: Fraction | int) -> str:
    """``Fraction(123, 7)`` → ``"123/7"``; ``60`` → ``"60"``."""
    return str(Fraction(value))


def figure(value: Fraction | int, beside: Fraction | None = None) -> dict[str, str]:
    """``{"exact", "display"}``; ``beside`` makes the display differ from a bound it does not equal."""
    display = t.number_beside(value, beside) if beside is not None else t.number(value)
    return {"exact": exact_text(value), "display": display}


def rate_figure(value: Fraction | int) -> dict[str, str]:
    """A share (0…1) as a figure shown in percent: ``Fraction(3, 5)`` → ``{"exact": "3/5", "display": "60%"}``."""
    return {"exact": exact_text(value), "display": t.percent(value)}


def messages(lines: Iterable[Message]) -> list[dict[str, Any]]:
    return [m.as_dict() for m in lines]


def figure_value(fig: Any) -> Fraction:
    """The exact value of a published figure (``{"exact": "123/7", …}`` or the exact string itself)."""
    text = fig.get("exact") if isinstance(fig, Mapping) else fig
    return Fraction(str(text))


# --- the rules -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rules:
    """``Session.rules`` read into the tally's configuration (everything but the groups)."""

    thresholds: t.Thresholds = field(default_factory=t.Thresholds)
    rate_base: t.RateBase = t.RateBase.RETURNED
    empty_group: t.EmptyGroupRule = t.EmptyGroupRule.SHARE
    meeting: t.MeetingConfig = field(default_factory=t.MeetingConfig)
    pooling: t.Pooling = t.Pooling.POOLED
    satisfied: tuple[t.Grade, ...] = (t.Grade.EXCELLENT, t.Grade.COMPETENT)
    dissatisfied: tuple[t.Grade, ...] = (t.Grade.INCOMPETENT,)
    excellent_min_satisfaction: Fraction = Fraction(3, 4)
    admonition_above: Fraction = Fraction(1, 5)
    adjustment_above: Fraction = Fraction(1, 2)

    def recommendation(self, groups: tuple[t.VoterGroup, ...]) -> t.RecommendationConfig:
        return t.RecommendationConfig(groups=groups, thresholds=self.thresholds, rate_base=self.rate_base,
                                      empty_group=self.empty_group, meeting=self.meeting)

    def evaluation(self, groups: tuple[t.VoterGroup, ...], offer_unknown: bool) -> t.EvaluationConfig:
        return t.EvaluationConfig(groups=groups, pooling=self.pooling, rate_base=self.rate_base,
                                  empty_group=self.empty_group, offer_unknown=offer_unknown,
                                  satisfied=self.satisfied, dissatisfied=self.dissatisfied,
                                  excellent_min_satisfaction=self.excellent_min_satisfaction,
                                  admonition_above=self.admonition_above, adjustment_above=self.adjustment_above,
                                  meeting=self.meeting)

    def elements(self, groups: tuple[t.VoterGroup, ...], elements: tuple[t.Element, ...]) -> t.ElementConfig:
        return t.ElementConfig(groups=groups, elements=elements, rate_base=self.rate_base,
                               empty_group=self.empty_group, meeting=self.meeting)


def _choice(enum: Any, value: Any, what: str) -> Any:
    try:
        return enum(str(value).strip())
    except ValueError:
        allowed = "、".join(e.value for e in enum)
        raise _error("rule_choice", "{what}“{value}”不是可选值（{allowed}）", "{what} '{value}' is not one of "
                     "{allowed}", what=what, value=value, allowed=allowed) from None


def _grades(value: Any, what: str) -> tuple[t.Grade, ...]:
    if not isinstance(value, list | tuple):
        raise _error("rule_grades", "{what}应为等次的列表", "{what} must be a list of grades", what=what)
    out = []
    for g in value:
        grade = GRADE_ALIASES.get(str(g).strip())
        if grade is None:
            raise _error("rule_grade", "{what}中的“{value}”不是测评等次", "'{value}' in {what} is not a grade",
                         what=what, value=g)
        out.append(grade)
    return tuple(out)


def parse_rules(rules: Mapping[str, Any] | None) -> Rules:
    """Read ``Session.rules``; unknown keys (``groups``, notes) are left alone. Raises :class:`CountError`."""
    rules = dict(rules or {})
    nested = rules.get("evaluation")
    if isinstance(nested, Mapping):
        rules.update(nested)
    kw: dict[str, Any] = {}
    try:
        if rules.get("thresholds") is not None:
            steps = rules["thresholds"]
            if isinstance(steps, Mapping):
                steps = sorted(([int(k), v] for k, v in steps.items()), key=lambda s: s[0])
            kw["thresholds"] = t.Thresholds(tuple((int(n), fraction_of(s, "推荐得分门槛")) for n, s in steps))
        if rules.get("rate_base") is not None:
            kw["rate_base"] = _choice(t.RateBase, rules["rate_base"], "得票率基数")
        if rules.get("empty_group") is not None:
            kw["empty_group"] = _choice(t.EmptyGroupRule, rules["empty_group"], "未投票组的处理")
        meeting: dict[str, Any] = {}
        if rules.get("min_attendance") is not None:
            meeting["min_attendance"] = fraction_of(rules["min_attendance"], "最低到会比例")
        if rules.get("attendance_per_group") is not None:
            meeting["per_group"] = bool(rules["attendance_per_group"])
        if meeting:
            kw["meeting"] = t.MeetingConfig(**meeting)
        if rules.get("pooling") is not None:
            kw["pooling"] = _choice(t.Pooling, rules["pooling"], "测评汇总方式")
        if rules.get("satisfied") is not None:
            kw["satisfied"] = _grades(rules["satisfied"], "满意等次")
        if rules.get("dissatisfied") is not None:
            kw["dissatisfied"] = _grades(rules["dissatisfied"], "不满意等次")
        for key, what in (("excellent_min_satisfaction", "评定优秀所需满意率"),
                          ("admonition_above", "诫勉谈话的不满意率"), ("adjustment_above", "调整的不满意率")):
            if rules.get(key) is not None:
                kw[key] = fraction_of(rules[key], what)
        parsed = Rules(**kw)
        # The evaluation's limits are checked by its config; check them now, not at the first evaluation.
        parsed.evaluation(t.DEFAULT_GROUPS, True)
        return parsed
    except RuleError as exc:
        raise CountError(exc.message) from None
    except (TypeError, ValueError) as exc:
        if isinstance(exc, CountError):
            raise
        raise _error("rules", "计票规则格式有误：{error}", "the counting rules are malformed: {error}",
                     error=str(exc)) from None


# --- turnout ---------------------------------------------------------------------------------------

_TURNOUT_FIELDS = ("entitled", "issued", "returned", "present", "void")


def _get(row: Any, key: str, default: Any = None) -> Any:
    if isinstance(row, Mapping):
        return row.get(key, default)
    return getattr(row, key, default)


def normalise_turnout(turnout: Iterable[Any]) -> list[dict[str, Any]]:
    """Turnout rows (dicts or :class:`~xuanren.voting.actions.GroupTurnout`) as plain dicts: ``weight`` as
    an exact string, counts as ints; ``present`` and ``void`` only when given."""
    rows = []
    for row in turnout:
        code = str(_get(row, "code") or "").strip()
        name = str(_get(row, "name") or code).strip()
        if not code:
            raise _error("turnout_code", "到会情况中有一行缺少投票人类别代码", "a turnout row has no group code")
        out: dict[str, Any] = {"code": code, "name": name,
                               "weight": exact_text(fraction_of(_get(row, "weight"), f"“{name}”的权重"))}
        for key in _TURNOUT_FIELDS:
            value = _get(row, key)
            if value is None:
                if key in ("present", "void"):
                    continue
                raise _error("turnout_missing", "{group}组缺少{what}数", "group '{group}' has no {what_en} figure",
                             group=name, what=_TURNOUT_ZH[key], what_en=key)
            if isinstance(value, bool) or not isinstance(value, int | str) or not str(value).strip().isdigit():
                raise _error("turnout_number", "{group}组的{what}数“{value}”不是非负整数",
                             "the {what_en} figure of group '{group}' is not a non-negative integer: {value}",
                             group=name, what=_TURNOUT_ZH[key], what_en=key, value=value)
            out[key] = int(value)
        rows.append(out)
    codes = [r["code"] for r in rows]
    if len(set(codes)) != len(codes):
        raise _error("turnout_twice", "到会情况中有重复的投票人类别", "a voter group appears twice in the turnout")
    return rows


_TURNOUT_ZH = {"entitled": "应到", "issued": "发出", "returned": "收回", "present": "实到", "void": "整张无效"}


def _groups(turnout: Sequence[Mapping[str, Any]]) -> tuple[t.VoterGroup, ...]:
    try:
        return tuple(t.VoterGroup(r["code"], r["name"], Fraction(r["weight"])) for r in turnout)
    except RuleError as exc:
        raise CountError(exc.message) from None


def _turnouts(turnout: Sequence[Mapping[str, Any]]) -> list[t.Turnout]:
    try:
        return [t.Turnout(r["code"], r["entitled"], r["issued"], r["returned"], r.get("present"), r.get("void", 0))
                for r in turnout]
    except RuleError as exc:
        raise CountError(exc.message) from None


# --- forms -----------------------------------------------------------------------------------------

def key_of(value: Any) -> str:
    """How a post, person or candidate is named in ``Ballot.marks``: its pk as a string."""
    return str(value).strip()


@dataclass(frozen=True)
class Unit:
    """What is counted and combined as one: a recommendation post, an evaluated person, or a whole
    element ballot (its elements share one ranking). ``key`` identifies it across sessions; ``spec`` is
    what must be identical wherever it appears; ``meta`` is what the result shows beside it."""

    kind: str
    key: tuple[Any, ...]
    spec: Any
    meta: dict[str, Any]
    questions: int


@dataclass(frozen=True)
class FormPlan:
    """One ballot form read for counting: its sheet, the units it is made of, and how to read an answer."""

    id: str
    kind: str
    title: str
    sheet: t.Sheet
    units: tuple[Unit, ...]
    offer_unknown: bool = True

    def ballot(self, group: str, answer: Any) -> t.Ballot:
        """The tally's ballot for this form from ``marks[form id]`` (absent or empty: a blank ballot)."""
        if answer in (None, "", [], {}):
            return t.Ballot(group, tuple(() for _ in self.sheet.questions))
        if not isinstance(answer, Mapping):
            raise _error("answer_shape", "“{form}”的答项格式有误", "the answer to '{form}' is malformed",
                         form=self.title)
        index = self.sheet.question_index
        marks: dict[str, list[str]] = {}
        write_ins: dict[str, list[str]] = {}
        for raw_key, value in answer.items():
            key = key_of(raw_key)
            if key not in index:
                raise _error("answer_unknown", "“{form}”上没有“{key}”", "'{form}' has no question '{key}'",
                             form=self.title, key=raw_key)
            if self.kind == "recommendation":
                if isinstance(value, Mapping):
                    chosen, names = value.get("marks") or [], value.get("write_ins") or []
                else:
                    chosen, names = value or [], []
                if not isinstance(chosen, list | tuple) or not isinstance(names, list | tuple):
                    raise _error("answer_shape", "“{form}”的答项格式有误", "the answer to '{form}' is malformed",
                                 form=self.title)
                marks[key] = [key_of(c) for c in chosen]
                if names:
                    write_ins[key] = [str(n) for n in names]
            elif self.kind == "evaluation":
                values = value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])
                grades = []
                for v in values:
                    grade = GRADE_ALIASES.get(str(v).strip())
                    if grade is None:
                        raise _error("answer_grade", "“{form}”中“{value}”不是测评等次", "'{value}' is not a grade "
                                     "on '{form}'", form=self.title, value=v)
                    grades.append(grade.value)
                marks[key] = grades
            else:
                chosen = value if isinstance(value, list | tuple) else ([] if value in (None, "") else [value])
                marks[key] = [key_of(c) for c in chosen]
        try:
            return self.sheet.ballot(group, marks, write_ins or None)
        except RuleError as exc:
            raise CountError(exc.message) from None


def _form_id(form: Mapping[str, Any], index: int) -> str:
    raw = form.get("id", form.get("pk"))
    return key_of(raw) if raw is not None else str(index + 1)


def _candidates(raw: Any, where: str) -> tuple[t.Option, ...]:
    if not isinstance(raw, list):
        raise _error("form_candidates", "{where}的候选人名单格式有误", "the candidates of {where} are malformed",
                     where=where)
    out = []
    for c in raw:
        if isinstance(c, Mapping):
            ident = c.get("application", c.get("id", c.get("name")))
            name = str(c.get("name") or ident)
        else:
            ident, name = c, str(c)
        if ident is None or not str(ident).strip():
            raise _error("form_candidate", "{where}有一名候选人缺少编号和姓名", "a candidate of {where} has neither id "
                         "nor name", where=where)
        out.append(t.Option(key_of(ident), name))
    return tuple(out)


def _candidate_meta(raw: list[Any]) -> list[dict[str, Any]]:
    out = []
    for c in raw:
        if isinstance(c, Mapping):
            out.append({"application": c.get("application", c.get("id")), "name": str(c.get("name") or ""),
                        **({"note": c["note"]} if c.get("note") else {})})
        else:
            out.append({"application": None, "name": str(c)})
    return out


def _positive(value: Any, default: int, what: str) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not str(value).strip().isdigit() or int(value) < 1:
        raise _error("form_number", "{what}应为正整数，实为“{value}”", "{what} must be a positive integer, not "
                     "'{value}'", what=what, value=value)
    return int(value)


def plan_form(form: Mapping[str, Any], index: int = 0) -> FormPlan:
    """Read one ballot form. Raises :class:`CountError` for a form that cannot be counted."""
    kind = str(form.get("kind") or "").strip()
    title = str(form.get("title") or KIND_ZH.get(kind, kind))
    content = form.get("content") or {}
    fid = _form_id(form, index)
    if kind not in KINDS:
        raise _error("form_kind", "票面“{title}”的票种“{kind}”不能计票", "the ballot form '{title}' has an unknown "
                     "kind '{kind}'", title=title, kind=kind)
    if not isinstance(content, Mapping):
        raise _error("form_content", "票面“{title}”的内容格式有误", "the content of '{title}' is malformed",
                     title=title)
    try:
        if kind == "recommendation":
            return _plan_recommendation(fid, title, content)
        if kind == "evaluation":
            return _plan_evaluation(fid, title, content)
        return _plan_elements(fid, title, content)
    except RuleError as exc:
        raise CountError(exc.message) from None


def _plan_recommendation(fid: str, title: str, content: Mapping[str, Any]) -> FormPlan:
    units = []
    posts = content.get("posts") or []
    if not isinstance(posts, list):
        raise _error("form_posts", "票面“{title}”的职位列表格式有误", "the posts of '{title}' are malformed",
                     title=title)
    for p in posts:
        ident = p.get("post", p.get("code"))
        code = str(p.get("code") or ident or "")
        name = str(p.get("title") or code)
        where = f"职位{code}（{name}）"
        candidates = _candidates(p.get("candidates") or [], where)
        slots = _positive(p.get("slots"), 1, f"{where}的职数")
        max_marks = _positive(p.get("max_marks"), slots, f"{where}的最多推荐人数")
        post = t.Post(key_of(ident if ident is not None else code), name, candidates, slots, max_marks,
                      bool(p.get("write_ins")), str(p.get("kind") or ""))
        meta = {"post": ident, "code": code, "title": name, "slots": slots, "max_marks": max_marks,
                "write_ins": bool(p.get("write_ins")), "kind": str(p.get("kind") or ""),
                "candidates": _candidate_meta(p.get("candidates") or [])}
        units.append(Unit("recommendation", ("post", post.code), post, meta, 1))
    sheet = t.recommendation_sheet([u.spec for u in units])
    return FormPlan(fid, "recommendation", title, sheet, tuple(units))


def _plan_evaluation(fid: str, title: str, content: Mapping[str, Any]) -> FormPlan:
    subjects = content.get("subjects") or []
    if not isinstance(subjects, list):
        raise _error("form_subjects", "票面“{title}”的测评对象格式有误", "the persons of '{title}' are malformed",
                     title=title)
    offer_unknown = bool(content.get("unknown", True))
    units = []
    for s in subjects:
        if not isinstance(s, Mapping):
            s = {"name": str(s)}
        ident = s.get("person", s.get("application", s.get("name")))
        name = str(s.get("name") or ident)
        person = t.Option(key_of(ident), name)
        meta = {"person": s.get("person"), "name": name, "post": s.get("post")}
        if s.get("application") is not None:
            meta["application"] = s.get("application")
        units.append(Unit("evaluation", ("person", person.code, offer_unknown), person, meta, 1))
    sheet = t.evaluation_sheet([u.spec for u in units], offer_unknown)
    return FormPlan(fid, "evaluation", title, sheet, tuple(units), offer_unknown)


def _plan_elements(fid: str, title: str, content: Mapping[str, Any]) -> FormPlan:
    raw = content.get("elements") or []
    per = _positive(content.get("marks_per_element"), 1, f"票面“{title}”每个要素最多推荐人数")
    elements = []
    for i, e in enumerate(raw):
        if isinstance(e, Mapping):
            elements.append(t.Element(str(i), str(e.get("name") or f"要素{i + 1}"),
                                      fraction_of(e.get("weight", 1), "要素权重"),
                                      _positive(e.get("max_marks"), per, "要素最多推荐人数")))
        else:
            elements.append(t.Element(str(i), str(e), Fraction(1), per))
    candidates = _candidates(content.get("candidates") or [], f"票面“{title}”")
    if not elements:
        raise _error("form_elements", "票面“{title}”没有推荐要素", "'{title}' has no element", title=title)
    spec = (tuple(elements), candidates)
    meta = {"elements": [{"code": e.code, "name": e.name, "weight": exact_text(e.weight), "max_marks": e.max_marks}
                         for e in elements],
            "candidates": _candidate_meta(content.get("candidates") or [])}
    key = ("elements", tuple((e.name, exact_text(e.weight), e.max_marks) for e in elements),
           tuple(c.code for c in candidates))
    unit = Unit("elements", key, spec, meta, len(elements))
    return FormPlan(fid, "elements", title, t.element_sheet(elements, candidates), (unit,))


# --- counting one session --------------------------------------------------------------------------

@dataclass(frozen=True)
class Counted:
    """One session counted but not yet tallied: its turnout and, per form, the counts by group. Counts of
    sessions add up (:func:`tally_counted` combines them)."""

    rules: Rules
    turnout: tuple[dict[str, Any], ...]
    forms: tuple[FormPlan, ...]
    counts: tuple[dict[str, GroupCount], ...]
    label: str = ""


def count_only(rules: Mapping[str, Any] | None, forms: Sequence[Mapping[str, Any]], turnout: Iterable[Any],
               ballots: Iterable[tuple[str, Any]], *, label: str = "") -> Counted:
    """Read and count (no tally yet). Raises :class:`CountError`."""
    parsed = parse_rules(rules)
    rows = normalise_turnout(turnout)
    codes = {r["code"] for r in rows}
    plans = tuple(plan_form(f, i) for i, f in enumerate(forms))
    ids = [p.id for p in plans]
    if len(set(ids)) != len(ids):
        raise _error("form_twice", "票面编号重复", "two ballot forms have the same id")
    per_form: list[list[t.Ballot]] = [[] for _ in plans]
    for number, (group, marks) in enumerate(ballots, start=1):
        group = str(group)
        if group not in codes:
            raise _error("ballot_group", "第{n}张选票的投票人类别“{group}”不在本场次", "ballot {n} is of group "
                         "'{group}', not a group of the session", n=number, group=group)
        if marks is None:
            marks = {}
        if not isinstance(marks, Mapping):
            raise _error("ballot_shape", "第{n}张选票格式有误", "ballot {n} is malformed", n=number)
        unknown = [k for k in marks if key_of(k) not in ids]
        if unknown:
            raise _error("ballot_form", "第{n}张选票答了不在本场次的票面“{form}”", "ballot {n} answers a form "
                         "'{form}' not in the session", n=number, form=unknown[0])
        answers = {key_of(k): v for k, v in marks.items()}
        for i, plan in enumerate(plans):
            try:
                per_form[i].append(plan.ballot(group, answers.get(plan.id)))
            except CountError as exc:
                raise _error("ballot", "第{n}张选票：{reason}", "ballot {n}: {reason_en}", n=number,
                             reason=exc.message.text(), reason_en=exc.message.text("en")) from None
    counts = []
    try:
        for plan, ballots_of in zip(plans, per_form, strict=True):
            counts.append(t.count_ballots(plan.sheet, ballots_of))
    except RuleError as exc:
        raise CountError(exc.message) from None
    return Counted(parsed, tuple(rows), plans, tuple(counts), label)


def count_session(rules: Mapping[str, Any] | None, forms: Sequence[Mapping[str, Any]], turnout: Iterable[Any],
                  ballots: Iterable[tuple[str, Any]], *, trial: bool = False) -> dict[str, Any]:
    """Count one session: the result published at its close, and recomputed by ``xuanren tally``.

    Raises :class:`CountError` for inputs that cannot be counted. Deterministic: the same inputs give the
    same JSON, whatever the order of the ballots.
    """
    counted = count_only(rules, forms, turnout, ballots)
    return tally_counted([counted], per_form=True, trial=trial)


def count_sessions(sessions: Sequence[Counted]) -> dict[str, Any]:
    """The combined count of several sessions (a stage's): see :func:`tally_counted`."""
    return tally_counted(sessions, per_form=False)


# --- combining and tallying ------------------------------------------------------------------------

@dataclass
class _Part:
    kind: str
    form: str | None
    title: str
    sessions: tuple[int, ...]
    units: list[Unit] = field(default_factory=list)
    # per unit, per session index: the unit's GroupCount by group (only its questions)
    counts: list[dict[int, dict[str, GroupCount]]] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)


def _slice(c: GroupCount, start: int, n: int) -> GroupCount:
    return GroupCount(c.group, c.ballots, c.questions[start:start + n])


def _empty(group: str, sheet: t.Sheet, start: int, n: int) -> GroupCount:
    qs = sheet.questions[start:start + n]
    return GroupCount(group, 0, tuple(QuestionCount(0, 0, 0, 0, (0,) * len(q.options)) for q in qs))


def _same_groups(sessions: Sequence[Counted]) -> None:
    first = [(r["code"], r["weight"]) for r in sessions[0].turnout]
    for s in sessions[1:]:
        if [(r["code"], r["weight"]) for r in s.turnout] != first:
            raise _error("groups_differ", "各投票场次的投票人类别或权重不一致（{a}；{b}）",
                         "the voter groups or weights differ between sessions ({a}; {b})",
                         a=sessions[0].label or "第1场", b=s.label or "另一场")
    rules = sessions[0].rules
    for s in sessions[1:]:
        if s.rules != rules:
            raise _error("rules_differ", "各投票场次的计票规则不一致（{a}；{b}）", "the counting rules differ between "
                         "sessions ({a}; {b})", a=sessions[0].label or "第1场", b=s.label or "另一场")


def _parts(sessions: Sequence[Counted], per_form: bool) -> list[_Part]:
    """Group the units of every session: a unit counted in the same sessions as another goes with it."""
    seen: dict[tuple[Any, ...], tuple[Unit, dict[int, dict[str, GroupCount]], list[str]]] = {}
    order: list[tuple[Any, ...]] = []
    for si, s in enumerate(sessions):
        for plan, counts in zip(s.forms, s.counts, strict=True):
            start = 0
            for unit in plan.units:
                key = (plan.id, *unit.key) if per_form else unit.key
                groups = {r["code"]: _slice(counts[r["code"]], start, unit.questions) if r["code"] in counts
                          else _empty(r["code"], plan.sheet, start, unit.questions) for r in s.turnout}
                start += unit.questions
                if key not in seen:
                    seen[key] = (unit, {}, [])
                    order.append(key)
                first, by_session, titles = seen[key]
                if si in by_session:
                    raise _error("unit_twice", "“{name}”在同一场次的两张票面上出现", "'{name}' is on two forms of one "
                                 "session", name=_unit_name(unit))
                if first.spec != unit.spec:
                    raise _error("unit_differs", "“{name}”在各场次票面上的候选人或推荐人数不一致",
                                 "'{name}' has different candidates or limits in different sessions",
                                 name=_unit_name(unit))
                by_session[si] = groups
                if plan.title not in titles:
                    titles.append(plan.title)
    parts: dict[tuple[Any, ...], _Part] = {}
    for key in order:
        unit, by_session, titles = seen[key]
        sessions_in = tuple(sorted(by_session))
        pkey = (unit.kind, sessions_in, key[0] if per_form else None,
                unit.key[2] if unit.kind == "evaluation" else None)
        part = parts.get(pkey)
        if part is None:
            form = key[0] if per_form else None
            part = parts[pkey] = _Part(unit.kind, form, "", sessions_in)
        part.units.append(unit)
        part.counts.append(by_session)
        for title in titles:
            if title not in part.forms:
                part.forms.append(title)
    out = list(parts.values())
    for part in out:
        if per_form:
            part.title = part.forms[0] if part.forms else KIND_ZH[part.kind]
        else:
            part.title = KIND_ZH[part.kind]
    return out


def _unit_name(unit: Unit) -> str:
    if unit.kind == "recommendation":
        return f"职位{unit.meta['code']}（{unit.meta['title']}）"
    if unit.kind == "evaluation":
        return str(unit.meta["name"])
    return "要素推荐票"


def _sum_turnout(sessions: Sequence[Counted], indexes: Sequence[int]) -> list[dict[str, Any]]:
    """The groups' figures added up over the sessions ``indexes``; 实到 (``present``) is summed when any
    session recorded it, the ballots returned standing for it where one did not."""
    chosen = [sessions[si].turnout for si in indexes]
    rows: list[dict[str, Any]] = []
    for i, first in enumerate(chosen[0]):
        row = {k: first[k] for k in ("code", "name", "weight")}
        for key in ("entitled", "issued", "returned"):
            row[key] = sum(s[i][key] for s in chosen)
        if any("present" in s[i] for s in chosen):
            row["present"] = sum(s[i].get("present", s[i]["returned"]) for s in chosen)
        if any("void" in s[i] for s in chosen):
            row["void"] = sum(s[i].get("void", 0) for s in chosen)
        rows.append(row)
    return rows


def tally_counted(sessions: Sequence[Counted], *, per_form: bool, trial: bool = False) -> dict[str, Any]:
    """Tally counted sessions: one session form by form (``per_form``), or several combined.

    Combined, a post (person, element ballot) is tallied over the sessions whose ballots carried it: its
    counts are added (:func:`xuanren.rules.tally.merge`) and so are those sessions' turnouts, so a post
    voted on in two rooms is one tally over both, and a post voted on in one session is not diluted by
    the ballots of another. Every session must have the same voter groups, weights and rules.
    """
    if not sessions:
        raise _error("nothing", "没有可计票的场次", "there is no session to count")
    _same_groups(sessions)
    rules = sessions[0].rules
    all_turnout = _sum_turnout(sessions, range(len(sessions)))
    groups = _groups(all_turnout)
    try:
        t.check_groups(groups)
        meeting = t.check_meeting(rules.meeting, _turnouts(all_turnout), {g.code: g.name for g in groups})
    except RuleError as exc:
        raise CountError(exc.message) from None
    parts = []
    for part in _parts(sessions, per_form):
        turnout = _sum_turnout(sessions, part.sessions)
        try:
            parts.append(_tally_part(rules, part, turnout, groups))
        except RuleError as exc:
            raise CountError(exc.message) from None
    result: dict[str, Any] = {
        "format": FORMAT,
        "trial": trial,
        "valid": meeting.valid and all(p["valid"] for p in parts),
        "turnout": all_turnout,
        "meeting": _meeting(meeting),
        "forms": parts,
    }
    return chain.json_value(result)  # type: ignore[no-any-return]


def _meeting(m: t.MeetingValidity) -> dict[str, Any]:
    return {"valid": m.valid, "entitled": m.entitled, "issued": m.issued, "returned": m.returned,
            "attendance": m.attendance, "min_attendance": rate_figure(m.min_attendance),
            "reasons": messages(m.reasons), "explanation": messages(m.explain())}


def _weighting(w: t.Weighting, turnout: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {"rule": w.rule.value, "empty": list(w.empty), "notes": messages(w.notes),
            "groups": [{**r, "weight": figure(Fraction(r["weight"])), "effective": figure(w.effective[r["code"]])}
                       for r in turnout]}


def _merged(part: _Part, groups: Sequence[t.VoterGroup]) -> dict[str, GroupCount]:
    """Per group, the questions of every unit of the part in order, each added up over its sessions."""
    out: dict[str, GroupCount] = {}
    for g in groups:
        ballots = None
        questions: list[QuestionCount] = []
        for by_session in part.counts:
            merged = t.merge(*({g.code: c[g.code]} for c in by_session.values()))[g.code]
            if ballots is None:
                ballots = merged.ballots
            questions.extend(merged.questions)
        out[g.code] = GroupCount(g.code, ballots or 0, tuple(questions))
    return out


def _tally_part(rules: Rules, part: _Part, turnout: list[dict[str, Any]],
                groups: tuple[t.VoterGroup, ...]) -> dict[str, Any]:
    counts = _merged(part, groups)
    turnouts = _turnouts(turnout)
    head: dict[str, Any] = {"kind": part.kind, "form": part.form, "title": part.title, "forms": part.forms,
                            "sessions": list(part.sessions)}
    if part.kind == "recommendation":
        result = t.tally_recommendation(rules.recommendation(groups), [u.spec for u in part.units], counts,
                                        turnouts)
        return {**head, **_recommendation(result, part, turnout)}
    if part.kind == "evaluation":
        offer_unknown = bool(part.units[0].key[2]) if part.units else True
        result_e = t.tally_evaluation(rules.evaluation(groups, offer_unknown), [u.spec for u in part.units], counts,
                                      turnouts)
        return {**head, **_evaluation(result_e, part, turnout)}
    (unit,) = part.units
    elements, candidates = unit.spec
    result_x = t.tally_elements(rules.elements(groups, elements), candidates, counts, turnouts)
    return {**head, **_elements(result_x, unit, turnout)}


def _common(result: Any, turnout: Sequence[Mapping[str, Any]], body_lines: int) -> dict[str, Any]:
    lines = result.explain()
    return {"valid": result.valid, "reasons": messages(result.reasons), "meeting": _meeting(result.meeting),
            "weighting": _weighting(result.weighting, turnout),
            "explanation": messages(lines[:len(lines) - body_lines])}


def _groups_of(parts: Sequence[t.GroupFigure]) -> list[dict[str, Any]]:
    return [{"group": p.group.code, "name": p.group.name, "marks": p.marks, "base": p.base,
             "base_kind": p.base_kind.value, "rate": rate_figure(p.rate), "weight": figure(p.weight),
             "points": figure(p.points), "empty": p.empty} for p in parts]


def _recommendation(result: t.RecommendationResult, part: _Part, turnout: Sequence[Mapping[str, Any]]
                    ) -> dict[str, Any]:
    posts = []
    body = 0
    for unit, p in zip(part.units, result.posts, strict=True):
        lines = p.explain()
        body += len(lines)
        metas = {o.code: m for o, m in zip(unit.spec.candidates, unit.meta["candidates"], strict=True)}
        candidates = []
        for c in p.ranking:
            meta = metas.get(c.candidate.code, {})
            candidates.append({
                "application": meta.get("application"), "name": c.candidate.name, "marks": c.marks, "rank": c.rank,
                "score": figure(c.score, c.threshold), "meets": c.meets, "groups": _groups_of(c.parts),
                "explanation": messages(c.explain())})
        posts.append({
            "post": unit.meta["post"], "code": unit.meta["code"], "title": unit.meta["title"],
            "slots": unit.meta["slots"], "max_marks": unit.meta["max_marks"], "kind": unit.meta["kind"],
            "candidates_count": len(p.candidates), "threshold": figure(p.threshold), "outcome": p.outcome.value,
            "qualified": [c.candidate.name for c in p.qualified], "vacant_slots": p.vacant_slots,
            "ballots": [{"group": b.group.code, "name": b.group.name, "returned": b.returned, "void": b.void,
                         "valid": b.valid, "blank": b.blank, "overvoted": b.overvoted} for b in p.ballots],
            "candidates": candidates,
            "write_ins": [{"name": w.name, "marks": w.marks, "by_group": dict(w.by_group)} for w in p.write_ins],
            "explanation": messages(lines)})
    return {**_common(result, turnout, body), "rate_base": result.config.rate_base.value,
            "thresholds": [{"from": n, "score": figure(s)} for n, s in result.config.thresholds.steps],
            "posts": posts,
            "vacant_posts": [{"post": q["post"], "code": q["code"], "title": q["title"]} for q in posts
                             if q["outcome"] == t.PostOutcome.VACANT.value],
            "vacancies_by_kind": result.vacancies_by_kind()}


def _evaluation(result: t.EvaluationResult, part: _Part, turnout: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    persons = []
    body = 0
    for unit, p in zip(part.units, result.persons, strict=True):
        lines = p.explain()
        body += len(lines)
        persons.append({
            **unit.meta, "base": p.base, "valid": p.valid, "blank": p.blank, "overvoted": p.overvoted,
            "assessed": p.assessed,
            "grades": [{"grade": g.grade.value, "name": g.grade.zh, "marks": g.marks, "rate": rate_figure(g.rate),
                        "groups": _groups_of(g.parts)} for g in p.grades],
            "satisfaction": rate_figure(p.satisfaction), "dissatisfaction": rate_figure(p.dissatisfaction),
            "may_be_excellent": p.may_be_excellent, "admonition": p.admonition, "adjustment": p.adjustment,
            "explanation": messages(lines)})
    c = result.config
    return {**_common(result, turnout, body), "rate_base": c.rate_base.value, "pooling": c.pooling.value,
            "limits": {"satisfied": [g.value for g in c.satisfied], "dissatisfied": [g.value for g in c.dissatisfied],
                       "excellent_min_satisfaction": rate_figure(c.excellent_min_satisfaction),
                       "admonition_above": rate_figure(c.admonition_above),
                       "adjustment_above": rate_figure(c.adjustment_above)},
            "persons": persons}


def _elements(result: t.ElementsResult, unit: Unit, turnout: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    metas = unit.meta["candidates"]
    index = {c.candidate.code: i for i, c in enumerate(result.combined)}
    body = sum(len(e.explain()) for e in result.elements)

    def app(code: str) -> Any:
        return metas[index[code]].get("application") if code in index else None

    return {
        **_common(result, turnout, body), "rate_base": result.config.rate_base.value,
        "elements": [{"code": e.element.code, "name": e.element.name, "weight": figure(e.element.weight),
                      "max_marks": e.element.max_marks, "valid": e.valid, "blank": e.blank, "overvoted": e.overvoted,
                      "standings": [{"application": app(s.candidate.code), "name": s.candidate.name, "marks": s.marks,
                                     "score": figure(s.score), "rank": s.rank, "groups": _groups_of(s.parts)}
                                    for s in e.ranking],
                      "explanation": messages(e.explain())} for e in result.elements],
        "ranking": [{"application": app(s.candidate.code), "name": s.candidate.name, "score": figure(s.score),
                     "element_scores": [figure(x) for x in s.element_scores], "mentions": s.mentions,
                     "rank": s.rank} for s in result.ranking],
    }


# --- showing a ballot ------------------------------------------------------------------------------

def describe_ballot(forms: Sequence[Mapping[str, Any]], marks: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    """A ballot in words, form by form: ``[{"title", "lines": [{"label", "value"}]}]`` (for the published
    ballots and the receipt check). Reads defensively: an answer it cannot place is shown as given."""
    marks = {key_of(k): v for k, v in (marks or {}).items()}
    out = []
    for i, form in enumerate(forms):
        fid = _form_id(form, i)
        answer = marks.get(fid) or {}
        content = form.get("content") or {}
        kind = form.get("kind")
        lines: list[dict[str, str]] = []
        if kind == "recommendation":
            for p in content.get("posts") or []:
                ident = p.get("post", p.get("code"))
                names = {key_of(c.get("application", c.get("name"))): str(c.get("name"))
                         for c in p.get("candidates") or [] if isinstance(c, Mapping)}
                a = answer.get(key_of(ident)) if isinstance(answer, Mapping) else None
                chosen = (a.get("marks") if isinstance(a, Mapping) else a) or []
                written = (a.get("write_ins") if isinstance(a, Mapping) else None) or []
                value = "、".join(names.get(key_of(c), str(c)) for c in chosen) or "（未推荐）"
                if written:
                    value += "；另推：" + "、".join(str(w) for w in written)
                lines.append({"label": f"{p.get('code') or ''} {p.get('title') or ''}".strip(), "value": value})
        elif kind == "evaluation":
            for s in content.get("subjects") or []:
                if not isinstance(s, Mapping):
                    continue
                ident = s.get("person", s.get("application", s.get("name")))
                g = answer.get(key_of(ident)) if isinstance(answer, Mapping) else None
                grade = GRADE_ALIASES.get(str(g)) if g not in (None, "") else None
                lines.append({"label": str(s.get("name") or ident),
                              "value": grade.zh if grade else ("（未评）" if g in (None, "") else str(g))})
        elif kind == "elements":
            names = {key_of(c.get("application", c.get("name"))): str(c.get("name"))
                     for c in content.get("candidates") or [] if isinstance(c, Mapping)}
            for j, e in enumerate(content.get("elements") or []):
                label = str(e.get("name")) if isinstance(e, Mapping) else str(e)
                chosen = answer.get(str(j)) if isinstance(answer, Mapping) else None
                chosen = chosen if isinstance(chosen, list) else ([] if chosen in (None, "") else [chosen])
                lines.append({"label": label, "value": "、".join(names.get(key_of(c), str(c)) for c in chosen)
                              or "（未推荐）"})
        out.append({"title": str(form.get("title") or KIND_ZH.get(str(kind), "")), "lines": lines})
    return out
