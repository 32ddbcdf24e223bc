"""The text of an advance notice of inspection (考察预告), generated from the candidate and the post.

The notice names the person (with gender, month of birth, education and political status, as notices
customarily do), their current post, the post they are inspected for, the period of the notice, and how
views can be reflected (by phone, letter or visit, to whom and where: the organiser's ``contact`` words).
It is an official text: Chinese whatever the reader's interface language. The organiser may edit it
before publishing; what is published is what was stored.
"""

from __future__ import annotations

import datetime as dt

from django.utils import translation

from xuanren.campaigns.models import Application
from xuanren.people.models import Person


def zh_date(day: dt.date) -> str:
    """``2026年12月1日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def current_post(person: Person) -> str:
    """Where the person works now: 测试局办公室科员 (the unit above a department is named first)."""
    unit = person.unit
    parent = unit.parent if unit.kind == "department" else None
    place = f"{parent.name}{unit.name}" if parent is not None else unit.name
    return f"{place}{person.post_title}" if person.post_title else f"{place}工作人员"


def notice_title(application: Application) -> str:
    return f"关于对{application.person.name}同志进行考察的预告"


def notice_text(application: Application, *, notice_from: dt.date, notice_until: dt.date, contact: str) -> str:
    """The notice as plain text, paragraphs separated by blank lines (title first, issuer and date last)."""
    person = application.person
    post = application.post
    campaign = application.campaign
    issuer = campaign.unit.name
    with translation.override("zh-hans"):
        gender = str(person.get_gender_display())
        education = str(person.get_education_display())
        political = str(person.get_political_status_display())
    birth = f"{person.birth_date.year}年{person.birth_date.month}月"
    contact = contact.strip().rstrip("。；;")
    paragraphs = [
        notice_title(application),
        f"根据干部选拔任用工作有关规定和{campaign.name}工作安排，经研究，决定对{person.name}同志进行考察，"
        "现予以预告。",
        f"{person.name}，{gender}，{birth}生，{education}，{political}，现任{current_post(person)}，"
        f"作为{post.title}职位（职位代码{post.code}）的考察对象。",
        f"预告期：{zh_date(notice_from)}至{zh_date(notice_until)}。",
        f"预告期间，干部群众如对考察对象有情况反映，可通过来电、来信、来访等方式向{issuer}反映。"
        f"反映方式：{contact}。反映情况应实事求是、客观公正；以个人名义反映的，请提供真实姓名和联系方式，"
        "我们将严格保密。",
        issuer,
        zh_date(notice_from),
    ]
    return "\n\n".join(paragraphs)
