"""The demo court: a city intermediate people's court (××市中级人民法院) and its staff, made from a seed.

Modelled on seed 000: middle-management posts at 正处 (庭长, 局长, 主任) and 副处 (副庭长, 副局长,
副主任), judges, judge's assistants and clerks in the divisions, civil servants in the offices, judicial
police. Distributions are those of such a court: ages 25–59, mostly 大学本科, mostly 中共党员, ranks of
the 2019 ladder (:mod:`xuanren.rules.ranks`) reached step by step after at least the minimum years,
annual appraisals mostly 称职 with about 15% 优秀.

Pure Python: no Django, no I/O, no clock. The same ``seed`` and ``today`` give the same court.

>>> court = make_court(seed=1, today=dt.date(2026, 3, 1))
>>> len(court.staff), len(court.departments)
(240, 18)
>>> court == make_court(seed=1, today=dt.date(2026, 3, 1))
True
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping
from dataclasses import dataclass, field

from xuanren.demo.names import person_name
from xuanren.rules import idnumber
from xuanren.rules.ranks import RANKS, Rank, level

UNIT_NAME = "××市中级人民法院"  # "××" is how seed 000 anonymises the city, and so does the demo
DEFAULT_SEED = 2026

# Region codes (the first six digits of an ID number): the districts and counties of one
# prefecture-level city, where most staff were born, and a few from elsewhere.
HOME_REGIONS = ("410302", "410303", "410304", "410305", "410311", "410322", "410323", "410324", "410325",
                "410326", "410327", "410328", "410329", "410381")
OTHER_REGIONS = ("410102", "410105", "410202", "410402", "411102", "110105", "370102", "420102", "610113")

ETHNICITIES = (("汉族", 94.0), ("回族", 3.0), ("满族", 1.5), ("蒙古族", 1.0), ("壮族", 0.5))


@dataclass(frozen=True)
class Post:
    """``count`` posts titled ``title``; ``kind`` decides age, rank ceiling and the like."""

    title: str
    kind: str  # "leader", "judge", "enforcer", "assistant", "clerk", "staff", "police"
    count: int = 1
    level: str = ""  # leadership level, short name (正处), for leaders only


def _division(head: str, deputy: str, deputies: int, judges: int, assistants: int, clerks: int) -> tuple[Post, ...]:
    return (Post(head, "leader", 1, "正处"), Post(deputy, "leader", deputies, "副处"),
            Post("审判员", "judge", judges), Post("法官助理", "assistant", assistants),
            Post("书记员", "clerk", clerks))


def _office(head: str, deputy: str, deputies: int, staff: int, *sections: tuple[str, str]) -> tuple[Post, ...]:
    posts = [Post(head, "leader", 1, "正处"), Post(deputy, "leader", deputies, "副处")]
    posts += [Post(title, "leader", 1, lv) for title, lv in sections]
    posts.append(Post("科员", "staff", staff))
    return tuple(posts)


# The departments in the order of the court's own lists, each with its posts: 240 people in all.
DEPARTMENTS: tuple[tuple[str, tuple[Post, ...]], ...] = (
    ("院领导", (
        Post("党组书记、院长", "leader", 1, "副厅"),
        Post("党组副书记、副院长", "leader", 1, "正处"),
        Post("党组成员、副院长", "leader", 3, "正处"),
        Post("党组成员、纪检监察组组长", "leader", 1, "正处"),
        Post("审判委员会专职委员", "leader", 2, "正处"),
    )),
    ("办公室", _office("主任", "副主任", 2, 8, ("秘书科科长", "正科"), ("综合科科长", "正科"),
                       ("秘书科副科长", "副科"))),
    ("政治部", _office("党组成员、政治部主任", "副主任", 2, 5, ("干部科科长", "正科"), ("宣传教育科科长", "正科"),
                       ("干部科副科长", "副科"))),
    ("机关党委", (Post("专职副书记", "leader", 1, "正处"), Post("副书记", "leader", 1, "副处"),
                  Post("科员", "staff", 3))),
    ("纪检监察室", _office("主任", "副主任", 1, 3)),
    ("研究室", _office("主任", "副主任", 1, 4)),
    ("审判管理办公室", _office("主任", "副主任", 1, 4)),
    ("立案庭", _division("庭长", "副庭长", 2, 5, 5, 6)),
    ("刑事审判第一庭", _division("庭长", "副庭长", 2, 5, 5, 5)),
    ("刑事审判第二庭", _division("庭长", "副庭长", 2, 5, 5, 4)),
    ("民事审判第一庭", _division("庭长", "副庭长", 2, 7, 5, 6)),
    ("民事审判第二庭", _division("庭长", "副庭长", 2, 6, 6, 5)),
    ("行政审判庭", _division("庭长", "副庭长", 1, 4, 3, 3)),
    ("审判监督庭", _division("庭长", "副庭长", 2, 4, 3, 3)),
    ("执行局", (Post("局长", "leader", 1, "正处"), Post("副局长", "leader", 3, "副处"),
                Post("执行指挥中心主任", "leader", 1, "正科"), Post("执行员", "enforcer", 9),
                Post("法官助理", "assistant", 8), Post("书记员", "clerk", 8))),
    ("司法警察支队", (Post("支队长", "leader", 1, "正处"), Post("副支队长", "leader", 2, "副处"),
                      Post("大队长", "leader", 2, "正科"), Post("副大队长", "leader", 2, "副科"),
                      Post("司法警察", "police", 16))),
    ("司法技术处", _office("处长", "副处长", 1, 4)),
    ("行政装备处", _office("处长", "副处长", 1, 4)),
)

# Ages (inclusive) by leadership level, and by kind for everyone else.
LEVEL_AGES = {"副厅": (50, 58), "正处": (44, 58), "副处": (38, 55), "正科": (34, 52), "副科": (31, 48)}
KIND_AGES = {"judge": (29, 59), "enforcer": (28, 57), "assistant": (25, 40), "clerk": (25, 45),
             "staff": (25, 59), "police": (25, 50)}
MALE_SHARE = {"leader": 0.75, "police": 0.85, "clerk": 0.35}

# The 2019 ladder from the bottom: 0 二级科员 … 9 一级调研员, 10 二级巡视员.
LADDER: tuple[Rank, ...] = tuple(reversed(RANKS))
# The highest step a non-leader reaches, by kind, with weights.
RANK_CEILINGS: dict[str, tuple[tuple[int, float], ...]] = {
    "judge": ((5, 50), (6, 35), (7, 15)),
    "enforcer": ((5, 60), (6, 40)),
    "staff": ((4, 20), (5, 55), (6, 25)),
    "assistant": ((4, 1),),
    "clerk": ((3, 1),),
    "police": ((4, 1),),
}
# The rank a leader holds alongside their level: the lower of the two ranks that correspond to it
# (县处级正职 ~ 一级/二级调研员, 县处级副职 ~ 三级/四级调研员, …); some went on to the upper one.
LEVEL_RANK = {"副厅": 10, "正处": 8, "副处": 6, "正科": 4, "副科": 2}
PASSED_MARK = 0.35  # share of leaders holding the upper rank of their level

EDUCATION_LABELS = ("博士研究生", "硕士研究生", "大学本科", "大学专科")
POLITICAL_LABELS = ("中共党员", "中共预备党员", "共青团员", "民主党派", "群众")


@dataclass(frozen=True)
class Staff:
    """One person as the roster lists them; values are the Chinese display names the import reads."""

    name: str
    gender: str  # "M" or "F"
    birth_date: dt.date
    id_number: str
    ethnicity: str
    education: str
    full_time: bool
    political_status: str
    work_start: dt.date
    department: str
    post_title: str
    post_level: str  # short name (正处) or ""
    post_level_since: dt.date | None
    rank: str
    rank_since: dt.date | None
    appraisals: Mapping[int, str] = field(default_factory=dict)  # year -> 优秀/称职/…; absent = none


@dataclass(frozen=True)
class Reward:
    id_number: str
    date: dt.date
    title: str
    issuer: str


@dataclass(frozen=True)
class Discipline:
    id_number: str
    date: dt.date
    kind: str
    reason: str
    in_force_until: dt.date


@dataclass(frozen=True)
class Court:
    name: str
    today: dt.date
    departments: tuple[str, ...]
    staff: tuple[Staff, ...]
    rewards: tuple[Reward, ...]
    disciplines: tuple[Discipline, ...]
    appraisal_years: tuple[int, ...]
    # demo user name -> index into ``staff`` of the person whose name the account carries
    personas: Mapping[str, int]

    def person(self, username: str) -> Staff:
        return self.staff[self.personas[username]]


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def add_months(day: dt.date, months: int) -> dt.date:
    y, m = divmod(day.month - 1 + months, 12)
    return _safe_date(day.year + y, m + 1, day.day)


def _safe_date(year: int, month: int, day: int) -> dt.date:
    while True:
        try:
            return dt.date(year, month, day)
        except ValueError:
            day -= 1


def _between(rng: random.Random, first: dt.date, last: dt.date) -> dt.date:
    return dt.date.fromordinal(rng.randint(first.toordinal(), max(first.toordinal(), last.toordinal())))


def make_court(*, seed: int = DEFAULT_SEED, today: dt.date) -> Court:
    """The court, its 240 staff, their rewards and disciplinary records, as of ``today``."""
    rng = random.Random(seed)
    years = (today.year - 3, today.year - 2, today.year - 1)
    builder = _Builder(rng, today, years)
    staff: list[Staff] = []
    for department, posts in DEPARTMENTS:
        for post in posts:
            for _ in range(post.count):
                staff.append(builder.person(department, post))
    personas = _personas(staff, rng)
    disciplines = _disciplines(rng, staff, today, protected=set(personas.values()))
    staff = _appraisals_after_discipline(staff, disciplines)
    rewards = _rewards(rng, staff, today, years)
    return Court(
        name=UNIT_NAME, today=today, departments=tuple(d for d, _ in DEPARTMENTS), staff=tuple(staff),
        rewards=tuple(rewards), disciplines=tuple(disciplines), appraisal_years=years, personas=personas,
    )


class _Builder:
    def __init__(self, rng: random.Random, today: dt.date, years: tuple[int, ...]) -> None:
        self.rng, self.today, self.years = rng, today, years
        self.names: set[str] = set()
        self.ids: set[str] = set()

    def person(self, department: str, post: Post) -> Staff:
        rng, today = self.rng, self.today
        male_share = MALE_SHARE.get(post.kind, 0.55)
        if department == "院领导":
            male_share = 0.85
        gender = "M" if rng.random() < male_share else "F"
        lo, hi = LEVEL_AGES[post.level] if post.level else KIND_AGES[post.kind]
        birth = _between(rng, add_years(today, -(hi + 1)) + dt.timedelta(days=1), add_years(today, -lo))
        age = today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
        education = self._education(post, age, department)
        full_time = self._full_time(education, age)
        work_start = self._work_start(birth, education, full_time)
        level_since, rank_index, rank_since = self._career(post, birth, work_start, education)
        return Staff(
            name=self._name(gender),
            gender=gender,
            birth_date=birth,
            id_number=self._id_number(birth, gender),
            ethnicity=rng.choices([e for e, _ in ETHNICITIES], weights=[w for _, w in ETHNICITIES])[0],
            education=education,
            full_time=full_time,
            political_status=self._political(post, age),
            work_start=work_start,
            department=department,
            post_title=post.title,
            post_level=post.level,
            post_level_since=level_since,
            rank=LADDER[rank_index].name,
            rank_since=rank_since,
            appraisals=self._appraisals(work_start),
        )

    def _name(self, gender: str) -> str:
        # Real rosters have namesakes; the demo avoids them so each name points at one person.
        while True:
            name = person_name(self.rng, gender)
            if name not in self.names:
                self.names.add(name)
                return name

    def _id_number(self, birth: dt.date, gender: str) -> str:
        rng = self.rng
        while True:
            region = rng.choice(HOME_REGIONS) if rng.random() < 0.85 else rng.choice(OTHER_REGIONS)
            # The 17th digit is odd for men and even for women.
            order = rng.randrange(0, 500) * 2 + (1 if gender == "M" else 0)
            first17 = f"{region}{birth:%Y%m%d}{order:03d}"
            number = first17 + idnumber.check_character(first17)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def _education(self, post: Post, age: int, department: str) -> str:
        rng = self.rng
        if department == "研究室" and post.kind == "staff" and rng.random() < 0.3:
            return "博士研究生"
        if age < 35:
            weights = [0.0, 35.0, 63.0, 2.0]
        elif age < 50:
            weights = [0.0, 20.0, 75.0, 5.0]
        else:
            weights = [0.0, 8.0, 77.0, 15.0]
        if post.kind in {"clerk", "police"}:
            weights = [0.0, 4.0, 76.0, 20.0]
        if post.kind in {"judge", "assistant"} or post.level in {"副厅", "正处", "副处"}:
            weights[3] = 0.0  # judges need a degree (法官法), as do the court's middle managers
        return rng.choices(EDUCATION_LABELS, weights=weights)[0]

    def _full_time(self, education: str, age: int) -> bool:
        if education == "大学专科":
            share = 0.6
        else:
            share = 0.95 if age < 35 else 0.8 if age < 50 else 0.55
        return self.rng.random() < share

    def _work_start(self, birth: dt.date, education: str, full_time: bool) -> dt.date:
        rng, today = self.rng, self.today
        # A degree taken in service (not full-time) came after starting work, usually with a diploma.
        finish = {"博士研究生": 28, "硕士研究生": 25, "大学本科": 22, "大学专科": 21}[education]
        if not full_time:
            finish = 21
        start_year = birth.year + finish + rng.choice((0, 0, 0, 1, 1, 2))
        start = dt.date(start_year, rng.choice((7, 8, 9)), 1)
        while start > today - dt.timedelta(days=120):  # the youngest started at least a few months ago
            start = add_years(start, -1)
        return start

    def _career(self, post: Post, birth: dt.date, work_start: dt.date,
                education: str) -> tuple[dt.date | None, int, dt.date | None]:
        """(leadership level since, rank index on :data:`LADDER`, rank since)."""
        rng, today = self.rng, self.today
        if post.level:
            # Appointed to the level between 0.5 and 12 years ago, but not before about 32.
            earliest = max(add_years(birth, 32), add_years(work_start, 6))
            latest = today - dt.timedelta(days=180)
            since = _first_of_month(min(_between(rng, max(earliest, add_years(today, -12)), latest), latest))
            index = LEVEL_RANK[level(post.level).short]
            rank_since = since
            beyond = add_years(since, LADDER[index + 1].min_years + rng.choice((0, 1, 2)))
            if index < 9 and rng.random() < PASSED_MARK and beyond <= today:
                index, rank_since = index + 1, _first_of_month(beyond)
            return since, index, rank_since
        steps, weights = zip(*RANK_CEILINGS[post.kind], strict=True)
        ceiling = rng.choices(steps, weights=weights)[0]
        # Appointed to the first rank after the probation year; a master's degree starts one step up.
        index = 1 if education in {"硕士研究生", "博士研究生"} else 0
        since = add_years(work_start, 1)
        if since > today:
            since = work_start
        while index < ceiling:
            wait = LADDER[index + 1].min_years + rng.choice((0, 0, 1, 1, 1, 2, 2, 3, 4))
            promoted = _first_of_month(add_years(since, wait) + dt.timedelta(days=rng.randint(0, 150)))
            if promoted > today:
                break
            index, since = index + 1, promoted
        return None, index, since

    def _political(self, post: Post, age: int) -> str:
        rng = self.rng
        if post.kind == "leader":
            return "中共党员"
        weights = [84.0, 2.0, 0.0, 3.0, 11.0]
        if age < 30:
            weights = [66.0, 6.0, 14.0, 1.0, 13.0]
        return rng.choices(POLITICAL_LABELS, weights=weights)[0]

    def _appraisals(self, work_start: dt.date) -> dict[int, str]:
        out: dict[int, str] = {}
        for year in self.years:
            if work_start.year > year:
                continue
            if work_start.year == year:
                out[year] = "不定等次"  # in the probation year: comments only, no grade (公务员考核规定)
                continue
            r = self.rng.random()
            out[year] = "优秀" if r < 0.15 else "基本称职" if r > 0.985 else "称职"
        return out


def _first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _personas(staff: list[Staff], rng: random.Random) -> dict[str, int]:
    """Whose name each demo account carries: the committee is the court's Party group, and so on."""

    def first(department: str, title: str) -> int:
        return next(i for i, s in enumerate(staff) if s.department == department and s.post_title == title)

    out = {
        "organiser": first("政治部", "干部科科长"),
        "reviewer": first("政治部", "干部科副科长"),
        "supervisor": first("纪检监察室", "主任"),
    }
    committee = [i for i, s in enumerate(staff) if s.department == "院领导" and s.post_title.startswith("党组")]
    committee.append(first("政治部", "党组成员、政治部主任"))
    committee += [i for i, s in enumerate(staff) if s.post_title == "审判委员会专职委员"]
    for n, i in enumerate(committee[:9], start=1):
        out[f"committee{n}"] = i
    heads = [i for i, s in enumerate(staff) if s.post_title in {"庭长", "局长"}]
    for n, i in enumerate(heads[:5], start=1):
        out[f"judge{n}"] = i
    # The applicant: a judge in mid-career who could apply for a 副庭长 post.
    hopefuls = [i for i, s in enumerate(staff)
                if s.post_title == "审判员" and s.rank in {"一级主任科员", "四级调研员"}
                and s.political_status == "中共党员" and "基本称职" not in s.appraisals.values()]
    out["applicant"] = rng.choice(hopefuls or [i for i, s in enumerate(staff) if s.post_title == "审判员"])
    out["voter"] = rng.choice([i for i, s in enumerate(staff) if s.post_title == "书记员"])
    return out


# Disciplinary sanctions and their effect periods (公务员法 第六十四条): 警告 6 months, 记过 12.
SANCTION_MONTHS = {"警告": 6, "记过": 12, "记大过": 18}


def _disciplines(rng: random.Random, staff: list[Staff], today: dt.date, protected: set[int]) -> list[Discipline]:
    candidates = [i for i, s in enumerate(staff)
                  if not s.post_level and i not in protected and s.work_start < add_years(today, -3)]
    chosen = rng.sample(candidates, 3)
    plan = (
        ("警告", "违反工作纪律，无故缺席庭审", -30),  # months before today: long over
        ("记过", "违反规定接受案件当事人宴请", -20),
        ("警告", "案件审理中严重不负责任，超审限未报批", -2),  # still in force
    )
    out = []
    for index, (kind, reason, months) in zip(chosen, plan, strict=True):
        start = _between(rng, add_months(today, months - 1), add_months(today, months))
        out.append(Discipline(staff[index].id_number, start, kind, reason,
                              add_months(start, SANCTION_MONTHS[kind])))
    return out


def _appraisals_after_discipline(staff: list[Staff], disciplines: list[Discipline]) -> list[Staff]:
    """No 优秀 in a year with a 警告; a 记过 year is appraised without a grade (公务员考核规定)."""
    from dataclasses import replace

    by_id = {d.id_number: d for d in disciplines}
    out = []
    for s in staff:
        d = by_id.get(s.id_number)
        if d is not None and d.date.year in s.appraisals:
            grade = "不定等次" if d.kind != "警告" else "基本称职"
            s = replace(s, appraisals={**s.appraisals, d.date.year: grade})
        out.append(s)
    return out


def _rewards(rng: random.Random, staff: list[Staff], today: dt.date, years: tuple[int, ...]) -> list[Reward]:
    """A commendation (嘉奖) for some 优秀 years, a third-class merit for three in a row, a few honours."""
    out: list[Reward] = []
    for s in staff:
        grades = [s.appraisals.get(y) for y in years]
        if grades.count("优秀") == len(years):
            when = _safe_date(years[-1] + 1, 4, rng.randint(1, 28))
            if when <= today:
                out.append(Reward(s.id_number, when, "记三等功", "××省高级人民法院"))
    excellent = [(s, y) for s in staff for y in years if s.appraisals.get(y) == "优秀"]
    for s, y in rng.sample(excellent, min(12, len(excellent))):
        when = _safe_date(y + 1, 3, rng.randint(1, 28))
        if when <= today:
            out.append(Reward(s.id_number, when, "嘉奖", UNIT_NAME))
    judges = [s for s in staff if s.post_title in {"审判员", "庭长", "副庭长"}]
    for s in rng.sample(judges, 3):
        when = _safe_date(years[-1], 12, rng.randint(1, 28))
        out.append(Reward(s.id_number, when, "全市法院办案标兵", UNIT_NAME))
    out.sort(key=lambda r: (r.date, r.id_number))
    return out
