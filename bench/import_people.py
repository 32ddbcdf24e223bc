"""Benchmark: importing a roster of 100,000 people (3 appraisal years each), against a same-run baseline.

The baseline reads the same CSV with the csv module and bulk-inserts Person and Appraisal rows in one
transaction, with no checks at all: the fastest a plain Django program could load the rows. The import
(``people_import``, the action behind the page, the API and the command line) then loads the same roster
from CSV and from .xlsx, checking every row and writing the record. Targets, for each format: under 60 s
for 100,000 rows (scaled for ``--rows``), and at least half the baseline's rate. Re-importing the same
file (nothing changes), a file changing everyone, and exporting the register are timed too, for
information.

    .venv/bin/python bench/import_people.py                      # SQLite in a temp folder
    .venv/bin/python bench/import_people.py --rows 5000          # a quick run
    tools/with-postgres.sh .venv/bin/python bench/import_people.py   # PostgreSQL ($DATABASE_URL)

Refuses to run against a database that already holds people. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import platform
import random
import sys
import tempfile
import time
from collections.abc import Callable
from typing import Any

TARGET_SECONDS_PER_100K = 60.0
TARGET_RATIO = 0.5
TODAY = dt.date(2026, 11, 23)
YEARS = (TODAY.year - 3, TODAY.year - 2, TODAY.year - 1)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国文辉玉兰志红春梅海燕鹏飞云峰晓东雪琳宇航子涵浩然"
REGIONS = ("110101", "110105", "310104", "320102", "330106", "370102", "420106", "440104", "510104", "610113")
DEPARTMENTS = ("办公室", "组织人事处", "综合处", "法规处", "财务处", "信息中心")


def generate(rows: int, seed: int = 20261123) -> list[list[str]]:
    """A valid roster: header plus ``rows`` people with distinct ID numbers and 3 appraisal years."""
    from xuanren.people import columns as cols
    from xuanren.rules import idnumber

    rng = random.Random(seed)
    educations = list(cols.EDUCATION_LABELS.values())
    statuses = list(cols.POLITICAL_LABELS.values())
    ranks = list(cols.RANK_LABELS.values())
    levels = list(cols.LEVEL_LABELS.values())
    grades = ["优秀", "称职", "称职", "称职", "基本称职"]
    header = cols.export_headers(list(YEARS))
    out = [header]
    seen: set[str] = set()
    n = 0
    while len(out) <= rows:
        born = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(12000))
        stem = f"{rng.choice(REGIONS)}{born:%Y%m%d}{rng.randrange(1000):03d}"
        id_number = stem + idnumber.check_character(stem)
        if id_number in seen:
            continue
        seen.add(id_number)
        n += 1
        male = int(stem[16]) % 2 == 1
        work = born.replace(year=born.year + 22, day=1)
        latest = TODAY.replace(day=1)
        level = rng.choice(levels) if rng.random() < 0.3 else ""
        rank = rng.choice(ranks)
        unit = f"第{n % 40 + 1:02d}局"
        row = {
            "序号": str(n), "姓名": rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.randint(1, 2))),
            "性别": "男" if male else "女", "出生日期": born.isoformat(), "身份证号": id_number, "民族": "汉族",
            "学历": rng.choice(educations), "是否全日制": rng.choice(["是", "是", "否"]),
            "政治面貌": rng.choice(statuses), "参加工作时间": work.isoformat(), "单位": unit,
            "部门": DEPARTMENTS[n % len(DEPARTMENTS)], "现任职务": "科员" if not level else "副处长",
            "职务层次": level,
            "任职务层次时间": min(work.replace(year=work.year + 10), latest).isoformat() if level else "",
            "职级": rank, "任现职级时间": min(work.replace(year=work.year + 8), latest).isoformat(),
        }
        row |= {cols.appraisal_header(y): rng.choice(grades) for y in YEARS}
        out.append([row[h] for h in header])
    return out


def to_csv(table: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(table)
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(table: list[list[str]]) -> bytes:
    """The same roster as an Excel user would have it: dates as date cells, ID numbers as text."""
    import openpyxl

    dates = {"出生日期", "参加工作时间", "任职务层次时间", "任现职级时间"}
    date_columns = {i for i, h in enumerate(table[0]) if h in dates}
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("干部名册")
    ws.append(table[0])
    for row in table[1:]:
        ws.append([dt.date.fromisoformat(v) if i in date_columns and v else (int(v) if i == 0 else v)
                   for i, v in enumerate(row)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def baseline(data: bytes) -> int:
    """Plain bulk insert of the same rows: csv module, label → code dictionaries, no checks, one transaction."""
    from django.db import transaction

    from xuanren.people import columns as cols
    from xuanren.people.models import Appraisal, Person, Unit

    def codes(labels: dict[str, str]) -> dict[str, str]:
        return {v: k for k, v in labels.items()}

    gender, education = codes(cols.GENDER_LABELS), codes(cols.EDUCATION_LABELS)
    political, level, rank = codes(cols.POLITICAL_LABELS), codes(cols.LEVEL_LABELS), codes(cols.RANK_LABELS)
    grade = codes(cols.APPRAISAL_LABELS)

    def day(text: str) -> dt.date | None:
        return dt.date.fromisoformat(text) if text else None

    reader = csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    headers = [cols.appraisal_header(y) for y in YEARS]
    with transaction.atomic():
        units: dict[tuple[str, str], int] = {}
        people: list[Person] = []
        results: list[list[tuple[int, str]]] = []
        for r in reader:
            key = (r["单位"], r["部门"])
            if key not in units:
                top, _ = Unit.objects.get_or_create(name=key[0], parent=None)
                dept, _ = Unit.objects.get_or_create(name=key[1], parent=top, kind=Unit.Kind.DEPARTMENT)
                units[key] = dept.pk
            people.append(Person(
                name=r["姓名"], gender=gender[r["性别"]], birth_date=day(r["出生日期"]), id_number=r["身份证号"],
                ethnicity=r["民族"], education=education[r["学历"]], full_time=r["是否全日制"] == "是",
                political_status=political[r["政治面貌"]], work_start=day(r["参加工作时间"]), unit_id=units[key],
                post_title=r["现任职务"], post_level=level.get(r["职务层次"], ""),
                post_level_since=day(r["任职务层次时间"]), rank=rank.get(r["职级"], ""),
                rank_since=day(r["任现职级时间"]),
            ))
            results.append([(y, grade[r[h]]) for y, h in zip(YEARS, headers, strict=True) if r[h]])
        Person.objects.bulk_create(people, batch_size=2000)
        Appraisal.objects.bulk_create([Appraisal(person_id=p.pk, year=y, result=g)
                                       for p, rs in zip(people, results, strict=True) for y, g in rs],
                                      batch_size=2000)
    return len(people)


def ours(data: bytes, filename: str) -> int:
    from xuanren.people.actions import ImportRejected, people_import

    try:
        result = people_import(actor=None, data=data, filename=filename, today=TODAY)
    except ImportRejected as exc:
        raise SystemExit(f"import rejected: {exc}: {[str(p) for p in exc.shown(5)]}") from None
    return result.created + result.updated + result.unchanged


def export() -> int:
    from xuanren.people.actions import people_export

    return people_export(user=None, today=TODAY).count


def clear() -> None:
    from django.db import connection

    from xuanren.people.models import Appraisal, Discipline, Person, Reward, Unit

    with connection.cursor() as cursor:
        for model in (Appraisal, Reward, Discipline, Person, Unit):
            cursor.execute(f"DELETE FROM {model._meta.db_table}")  # table names from the models
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


def timed(label: str, fn: Callable[[], int]) -> tuple[str, int, float]:
    start = time.perf_counter()
    n = fn()
    seconds = time.perf_counter() - start
    print(f"  {label:<28} {n:>8,} rows {seconds:8.2f} s {n / seconds:>10,.0f} rows/s", flush=True)
    return label, n, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="people in the roster (default 100,000)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""),
                        help="PostgreSQL URL (default: $DATABASE_URL, else SQLite in a temp folder)")
    args = parser.parse_args(argv)

    instance = tempfile.mkdtemp(prefix="xuanren-bench-")
    os.environ["XUANREN_INSTANCE"] = instance
    os.environ["DJANGO_SETTINGS_MODULE"] = "xuanren.config.settings"
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from xuanren.people.models import Person

    call_command("migrate", interactive=False, verbosity=0)
    if Person.objects.exists():
        print("refusing to run: the database already holds people (use a throwaway database)", file=sys.stderr)
        return 2

    print(f"xuanren import benchmark — {args.rows:,} people, {len(YEARS)} appraisal years each")
    if connection.vendor == "sqlite":
        version = connection.Database.sqlite_version
    else:
        connection.ensure_connection()
        version = str(connection.pg_version)
    print(f"  database: {connection.vendor} {version}; Python {platform.python_version()}; {os.cpu_count()} CPUs")
    start = time.perf_counter()
    table = generate(args.rows)
    csv_data, xlsx_data = to_csv(table), to_xlsx(table)
    print(f"  generated in {time.perf_counter() - start:.1f} s: CSV {len(csv_data) / 1e6:.1f} MB, "
          f"xlsx {len(xlsx_data) / 1e6:.1f} MB")

    results: dict[str, Any] = {}
    results["baseline"] = timed("baseline (csv + bulk_create)", lambda: baseline(csv_data))
    clear()
    results["csv"] = timed("import CSV", lambda: ours(csv_data, "roster.csv"))
    results["again"] = timed("import CSV again (no change)", lambda: ours(csv_data, "roster.csv"))
    changed = to_csv([table[0]] + [[*row[:12], row[12] + "（调整）", *row[13:]] for row in table[1:]])
    results["update"] = timed("import CSV (all updated)", lambda: ours(changed, "roster-changed.csv"))
    clear()
    results["xlsx"] = timed("import xlsx", lambda: ours(xlsx_data, "roster.xlsx"))
    results["export"] = timed("export xlsx", export)

    base_rate = args.rows / results["baseline"][2]
    limit = TARGET_SECONDS_PER_100K * args.rows / 100_000
    ok = True
    print()
    for key in ("csv", "xlsx"):
        seconds = results[key][2]
        ratio = args.rows / seconds / base_rate
        within, ratio_ok = seconds < limit, ratio >= TARGET_RATIO
        ok = ok and within and ratio_ok
        print(f"  {key}: {seconds:.1f} s (target < {limit:.0f} s: {'ok' if within else 'MISSED'}), "
              f"{ratio:.2f} × the baseline's rate (target ≥ {TARGET_RATIO}: {'ok' if ratio_ok else 'MISSED'})")
    print("  result:", "all targets met" if ok else "TARGET MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
