"""The words of a pre-appointment notice (任前公示): what is published about each person, the generated
text in the customary style, and the notice as a document (HTML, PDF and .docx render the same
:class:`~xuanren.campaigns.documents.announcement.Announcement`, so the three never say different things).

The text, as organisation departments publish it::

    任前公示

    根据《党政领导干部选拔任用工作条例》等有关规定，经中共××局党组研究，拟任用以下同志，现予以公示。
    一、公示对象
    张三，男，汉族，1985年3月生，大学本科学历，中共党员，现任办公室一级主任科员，拟任办公室副主任。
    二、公示时间
    公示期自2026年12月7日起至2026年12月14日止（发布当日不计入，共5个工作日）。
    三、反映方式
    公示期间，对公示对象有不同意见或反映问题的，可通过来电、来信、来访或在本公示页面网上反映等方式……
    受理电话：…… 通信地址：…… 电子邮箱：……
                                                            中共××局党组
                                                          二〇二六年十二月七日

A person's details are read from the register (:func:`entry_details`): name, gender, ethnicity, birth
(year and month, as notices give it — never the full date or the identity number), education, political
status, current post and the post proposed. Exceptional circumstances (破格提拔 and the like) are stated
after the person when the entry says so.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import translation

from xuanren.campaigns.documents.announcement import Announcement, Paragraph, Section
from xuanren.campaigns.models import Application, Campaign
from xuanren.people.models import Unit
from xuanren.rules.calendar import zh_date, zh_official_date

TITLE = "任前公示"
HEADING = re.compile(r"^[一二三四五六七八九十]+、")


def _strip_prefix(text: str, prefix: str) -> str:
    return text[len(prefix):] if prefix and text.startswith(prefix) and len(text) > len(prefix) else text


def _unit_words(unit: Unit | None, issuing: Unit | None) -> str:
    """A unit as a notice names it: from below the issuing unit down (办公室), else its whole path."""
    names: list[str] = []
    node = unit
    while node is not None and (issuing is None or node.pk != issuing.pk):
        names.append(node.name)
        node = node.parent
    return "".join(reversed(names))


def current_post(application: Application, campaign: Campaign) -> str:
    person = application.person
    where = _unit_words(person.unit, campaign.unit)
    what = person.post_title or (str(person.get_rank_display()) if person.rank else "")
    return where + _strip_prefix(what, where) if what else where


def proposed_post(application: Application) -> str:
    post = application.post
    department = post.department.name if post.department_id else ""
    return post.title if post.title.startswith(department) else department + post.title


def entry_details(application: Application, campaign: Campaign) -> dict[str, Any]:
    """What the notice publishes about one person (fixed when the notice is published)."""
    person = application.person
    with translation.override("zh-hans"):
        return {
            "name": person.name,
            "gender": str(person.get_gender_display()),
            "ethnicity": person.ethnicity,
            "birth": f"{person.birth_date.year}年{person.birth_date.month}月",
            "education": str(person.get_education_display()),
            "full_time": person.full_time,
            "political_status": str(person.get_political_status_display()),
            "current_post": current_post(application, campaign),
            "proposed_post": proposed_post(application),
            "post_code": application.post.code,
        }


def person_sentence(details: Mapping[str, Any], exceptional: str = "") -> str:
    """``张三，男，汉族，1985年3月生，大学本科学历，中共党员，现任…，拟任…。``"""
    parts = [str(details.get("name", "")), str(details.get("gender", ""))]
    if details.get("ethnicity"):
        parts.append(str(details["ethnicity"]))
    if details.get("birth"):
        parts.append(f"{details['birth']}生")
    if details.get("education"):
        parts.append(f"{details['education']}学历")
    if details.get("political_status") and details["political_status"] != "群众":
        parts.append(str(details["political_status"]))
    if details.get("current_post"):
        parts.append(f"现任{details['current_post']}")
    parts.append(f"拟任{details.get('proposed_post', '')}")
    sentence = "，".join(p for p in parts if p) + "。"
    reason = exceptional.strip().rstrip("。")
    if reason:
        sentence += f"（{reason}。）"
    return sentence


def period_sentence(starts: dt.date, ends: dt.date, working_days: int) -> str:
    return f"公示期自{zh_date(starts)}起至{zh_date(ends)}止（发布当日不计入，共{working_days}个工作日）。"


def contact_lines(*, phone: str, address: str, mailbox: str, contact: str) -> list[str]:
    lines = []
    if phone.strip():
        lines.append(f"受理电话：{phone.strip()}")
    if address.strip():
        lines.append(f"通信地址：{address.strip()}")
    if mailbox.strip():
        lines.append(f"电子邮箱：{mailbox.strip()}")
    if contact.strip():
        lines.append(contact.strip())
    return lines


def notice_text(*, issuer: str, people: Iterable[tuple[Mapping[str, Any], str]], starts: dt.date, ends: dt.date,
                working_days: int, phone: str = "", address: str = "", mailbox: str = "", contact: str = "") -> str:
    """The notice's text (without its title, issuer and date, which the document adds), one paragraph a line.

    ``people``: (details, exceptional) per person, in order.
    """
    decided = f"经{issuer}研究，" if issuer.strip() else "经研究，"
    lines = [f"根据《党政领导干部选拔任用工作条例》等有关规定，{decided}拟任用以下同志，现予以公示。",
             "一、公示对象"]
    lines += [person_sentence(details, exceptional) for details, exceptional in people]
    lines += ["二、公示时间", period_sentence(starts, ends, working_days), "三、反映方式"]
    ways = "来电、来信、来访或在本公示页面网上反映"
    to = f"向{issuer}" if issuer.strip() else ""
    lines.append(f"公示期间，对公示对象有不同意见或反映问题的，可通过{ways}等方式{to}反映。"
                 "反映问题应实事求是、客观公正，提倡署真实姓名并提供联系方式和具体事实或线索，以便调查核实和反馈；"
                 "匿名反映的，请提供具体事实或线索。受理单位对反映人和反映内容严格保密。")
    lines += contact_lines(phone=phone, address=address, mailbox=mailbox, contact=contact)
    return "\n".join(lines)


def paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def build_document(notice: Any) -> Announcement:
    """The notice as a document: its title, the text's paragraphs (a line "一、…" begins a section), the
    issuer and the date of publication (planned start for a draft) in Chinese numerals."""
    lead: list[Paragraph] = []
    sections: list[tuple[str, list[Paragraph]]] = []
    for line in paragraphs(notice.text):
        if HEADING.match(line) and len(line) <= 30:
            sections.append((line, []))
        elif sections:
            sections[-1][1].append(Paragraph(line))
        else:
            lead.append(Paragraph(line))
    day = notice.starts
    return Announcement(title=notice.title or TITLE, issuer=notice.issuer, date=zh_official_date(day),
                        lead=tuple(lead), sections=tuple(Section(h, tuple(blocks)) for h, blocks in sections))
