"""Every action code the code base writes has a Chinese label, and its area a name, so the record never shows a
raw code like ``objections.lodge``: a new ``record_event(action="…")`` without a label fails here."""

from __future__ import annotations

import re
from pathlib import Path

import xuanren
from xuanren.record.labels import ACTION_LABELS, AREA_LABELS, action_label, areas_of

CODE = re.compile(r"""\baction\s*=\s*["']([a-z_]+(?:\.[a-z_]+)+)["']""")


def action_codes() -> dict[str, Path]:
    """Each dotted ``action="…"`` literal in the Python sources, with a file that writes it."""
    root = Path(xuanren.__file__).parent
    found: dict[str, Path] = {}
    for path in sorted(root.rglob("*.py")):
        for code in CODE.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, path.relative_to(root))
    return found


def test_the_sources_are_read() -> None:
    codes = action_codes()
    assert len(codes) > 100
    assert {"objections.lodge", "committee.meeting.close", "scoring.sheet.submit", "people.import"} <= set(codes)


def test_every_action_code_has_a_chinese_label() -> None:
    missing = {code: str(path) for code, path in action_codes().items() if code not in ACTION_LABELS}
    assert missing == {}
    assert action_label("objections.lodge") == "网上反映问题"


def test_every_area_has_a_name() -> None:
    codes = list(action_codes())
    unnamed = sorted({code.split(".", 1)[0] for code in codes} - set(AREA_LABELS))
    assert unnamed == []
    names = dict(areas_of(codes))
    assert [names[f"{a}."] for a in ("scoring", "voting", "inspection", "committee", "notices", "objections",
                                     "appointments")] == ["成绩评定", "投票", "组织考察", "讨论决定", "任前公示",
                                                          "反映问题", "任职"]


def test_every_label_has_an_english_translation() -> None:
    from django.utils import translation

    han = re.compile(r"[\u4e00-\u9fff]")
    with translation.override("en"):
        untranslated = {code: str(label) for code, label in {**ACTION_LABELS, **AREA_LABELS}.items()
                        if han.search(str(label))}
        assert action_label("appointments.appoint") == "Make an appointment"
    assert untranslated == {}
