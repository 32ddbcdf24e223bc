"""A post's conditions between the database (JSON) and the rules (:class:`Conditions`); a person as a candidate.

The JSON uses the dataclass's field names, with levels, ranks, education and appraisal grades as codes::

    {"qualifying_levels": ["division_deputy", ...], "qualifying_ranks": ["researcher_4", ...],
     "min_years": 2, "min_age": null, "max_age": 45, "min_education": "bachelor",
     "full_time_required": true, "appraisal_years": 3, "appraisal_min": "competent",
     "appraisal_last_year": null, "no_discipline_in_force": true, "party_member_required": true,
     "probationary_counts": true, "free_text": ["具有法律职业资格"]}

Keys left out take the dataclass's default ("not required"). :func:`conditions_from_json` refuses unknown
keys, wrong types and conditions the rules cannot judge (:func:`validate_conditions`), with the reason.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from typing import Any

from django.db.models import QuerySet

from xuanren.campaigns.errors import CampaignError, from_rule, refuse
from xuanren.people.models import Person
from xuanren.rules.eligibility import Candidate, Conditions, validate_conditions
from xuanren.rules.errors import RuleError

_FIELDS = {f.name: f for f in dataclasses.fields(Conditions)}
_SETS = ("qualifying_levels", "qualifying_ranks")
_BOOLS = ("full_time_required", "no_discipline_in_force", "party_member_required", "probationary_counts")
_INTS = ("min_years", "min_age", "max_age", "appraisal_years", "appraisal_last_year")
_TEXTS = ("min_education", "appraisal_min")


def conditions_from_json(data: Mapping[str, Any] | None) -> Conditions:
    """The :class:`Conditions` a post's JSON describes; raises :class:`CampaignError` saying what is wrong."""
    if not data:
        return Conditions()
    if not isinstance(data, Mapping):
        raise refuse("conditions.not_object", "资格条件格式有误", "the conditions must be an object")
    unknown = sorted(set(data) - set(_FIELDS))
    if unknown:
        raise refuse("conditions.unknown_key", "资格条件中有未知项：{keys}", "unknown condition(s): {keys}",
                     keys="、".join(unknown))
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key in _SETS:
            if not isinstance(value, list | tuple | set | frozenset) or not all(isinstance(v, str) for v in value):
                raise _type(key, "代码列表", "a list of codes")
            values[key] = frozenset(value)
        elif key in _BOOLS:
            if not isinstance(value, bool):
                raise _type(key, "是或否", "true or false")
            values[key] = value
        elif key in _INTS:
            if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
                raise _type(key, "整数", "a whole number")
            values[key] = value
        elif key in _TEXTS:
            if (value is not None or key == "appraisal_min") and not isinstance(value, str):
                raise _type(key, "代码", "a code")
            values[key] = value
        else:  # free_text
            if isinstance(value, str):
                value = [value]
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise _type(key, "文字列表", "a list of texts")
            values[key] = tuple(v.strip() for v in value if v.strip())
    conditions = Conditions(**values)
    check_conditions(conditions)
    return conditions


def _type(key: str, zh: str, en: str) -> CampaignError:
    return refuse("conditions.type", "资格条件“{key}”应为{what_zh}", "the condition '{key}' must be {what_en}",
                  key=key, what_zh=zh, what_en=en)


def check_conditions(conditions: Conditions) -> None:
    """:func:`validate_conditions` with its refusal as a :class:`CampaignError`."""
    try:
        validate_conditions(conditions)
    except RuleError as exc:
        raise from_rule(exc) from None


def conditions_to_json(conditions: Conditions) -> dict[str, Any]:
    """Only what differs from the defaults, sets as sorted lists: the stored form, stable for digests."""
    check_conditions(conditions)
    out: dict[str, Any] = {}
    for name, f in _FIELDS.items():
        value = getattr(conditions, name)
        default = f.default_factory() if f.default_factory is not dataclasses.MISSING else f.default
        if value == default:
            continue
        if name in _SETS:
            value = sorted(value)
        elif name == "free_text":
            value = list(value)
        out[name] = value
    return out


def normalise_conditions(data: Conditions | Mapping[str, Any] | None) -> dict[str, Any]:
    """Conditions given either way, validated, in their stored form."""
    if isinstance(data, Conditions):
        return conditions_to_json(data)
    return conditions_to_json(conditions_from_json(data))


def with_history(people: QuerySet[Person]) -> QuerySet[Person]:
    """``people`` with what :func:`candidate_from_person` reads, in two queries for the whole batch."""
    return people.prefetch_related("appraisals", "disciplines")


def candidate_from_person(person: Person) -> Candidate:
    """The person as eligibility review sees them; uses prefetched appraisals/disciplines when present.

    Raises :class:`RuleError` when the register holds something the rules cannot read (say, a date
    at a level with no level); the review turns that into a failure with its reason.
    """
    return Candidate(
        birth_date=person.birth_date,
        education=person.education,
        full_time=person.full_time,
        political_status=person.political_status,
        post_level=person.post_level or None,
        post_level_since=person.post_level_since,
        rank=person.rank or None,
        rank_since=person.rank_since,
        appraisals={a.year: a.result for a in person.appraisals.all()},
        disciplines=tuple((d.date, d.in_force_until) for d in person.disciplines.all()),
    )


def candidates(people: Iterable[Person]) -> dict[int, Candidate | RuleError]:
    """Person pk → candidate, or the :class:`RuleError` saying why the register's data cannot be judged."""
    out: dict[int, Candidate | RuleError] = {}
    for p in people:
        try:
            out[p.pk] = candidate_from_person(p)
        except RuleError as exc:
            out[p.pk] = exc
    return out
