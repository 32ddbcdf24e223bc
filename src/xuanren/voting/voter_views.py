"""The voter's pages: one address, ``/vote/``, public (the one-time code is the only key), phone-sized.

Everything happens by POST to ``/vote/`` (so the access log, which shows no address for these
requests, cannot even tell which step a request was), with a ``step`` field:

- GET: the code entry page. A printed QR code points to ``/vote/#CODE``; the fragment never leaves the
  phone, and the page's script (``static/voting/vote.js``) moves it into the form, removes it from the
  address bar and posts it (``step=open``). Without script the voter types the code.
- ``step=open`` + ``code``: the ballot (every form of the session), with a fresh random ``submission``
  token in a hidden field. ``step=edit`` shows it again with the answers posted (from the review).
- ``step=review``: the answers checked (:func:`~xuanren.voting.actions.cast.clean_marks`, nothing
  written) and listed for the voter to check ("请核对"), with 返回修改 (``step=edit``) and 确认提交.
- ``step=confirm``: :func:`~xuanren.voting.actions.ballot_cast`; the receipt page shows the receipt code
  (``<strong id="receipt" data-receipt="…">``). The same ``submission`` again (a double tap, a reload)
  shows the same receipt.

The answers are posted as: ``m-<form>-<post>`` (application pks, repeated) and ``w-<form>-<post>``
(write-in names, repeated) for a recommendation; ``g-<form>-<person>`` (a grade) for an evaluation;
``e-<form>-<element index>`` (application pks, repeated) for an elements ballot.

A refusal of the code (unknown, used, void, closed, not yet open, too many tries) shows the entry page
with the reason in Chinese (status 400, 429 for too many tries); a refusal of the answers shows the
ballot again with the reason (400). Nothing here logs, and the code is never put in a link or URL.

The page is exempt from CSRF checks: a voter has no session or login for a forged request to ride on;
the code in the body is the only credential, and the in-app browsers of scanning apps are not made to
keep a cookie to vote.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from typing import Any

from django.http import HttpRequest, HttpResponse, QueryDict
from django.template.loader import get_template, render_to_string
from django.utils.html import escape
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables

from xuanren.campaigns.errors import CampaignError
from xuanren.campaigns.public_views import public_page
from xuanren.voting import actions
from xuanren.voting.actions.cast import Ticket, clean_marks
from xuanren.voting.actions.sessions import GRADE_NAMES
from xuanren.voting.models import BallotForm

SENSITIVE = ("code", "submission")
_ANSWER_PREFIXES = ("m", "w", "g", "e")


def marks_from_post(data: QueryDict) -> dict[str, Any]:
    """The answers posted by the ballot page, as :func:`~xuanren.voting.actions.ballot_cast` takes them.

    Fields are read as they come (``m-<form>-<post>``, ``w-…``, ``g-<form>-<person>``, ``e-<form>-<index>``);
    whether they fit the ballot is for :func:`clean_marks` to say."""
    marks: dict[str, dict[str, Any]] = defaultdict(dict)
    for key in data:
        parts = key.split("-")
        if len(parts) != 3 or parts[0] not in _ANSWER_PREFIXES or not parts[1] or not parts[2]:
            continue
        kind, form, item = parts
        values = list(data.getlist(key))
        if kind == "m":
            marks[form].setdefault(item, {})["marks"] = [v for v in values if v != ""]
        elif kind == "w":
            marks[form].setdefault(item, {})["write_ins"] = values
        elif kind == "g":
            marks[form][item] = values[-1] if values else ""
        else:
            marks[form][item] = [v for v in values if v != ""]
    return dict(marks)


def _new_token() -> str:
    return secrets.token_urlsafe(24)


def _token(data: QueryDict) -> str:
    token = data.get("submission", "")
    return token if isinstance(token, str) and 16 <= len(token) <= 200 else _new_token()


# --- view models ----------------------------------------------------------------------------------

def _chosen(answer: Any) -> set[str]:
    if isinstance(answer, dict):
        answer = answer.get("marks", [])
    if isinstance(answer, list | tuple):
        return {str(v) for v in answer}
    return {str(answer)} if answer not in (None, "") else set()


def _form_view(form: BallotForm, answers: dict[str, Any]) -> dict[str, Any]:
    """What the ballot template needs for one form, with the voter's answers ticked."""
    c = form.content
    f = form.pk
    view: dict[str, Any] = {"pk": f, "kind": form.kind, "title": form.title}
    if form.kind == BallotForm.Kind.RECOMMENDATION:
        posts = []
        for p in c.get("posts", []):
            answer = answers.get(str(p["post"]), {})
            chosen = _chosen(answer)
            written = list(answer.get("write_ins", [])) if isinstance(answer, dict) else []
            lines = int(p.get("write_ins", 0))
            written = (written + [""] * lines)[:lines]
            posts.append({"key": f"m-{f}-{p['post']}", "wkey": f"w-{f}-{p['post']}", "code": p["code"],
                          "title": p["title"], "slots": p.get("slots"), "max_marks": p["max_marks"],
                          "write_ins": written,
                          "candidates": [{"value": str(c2["application"]), "name": c2["name"],
                                          "note": c2.get("note", ""), "checked": str(c2["application"]) in chosen}
                                         for c2 in p.get("candidates", [])]})
        view["posts"] = posts
    elif form.kind == BallotForm.Kind.EVALUATION:
        grades = list(c.get("grades", [])) + (["unknown"] if c.get("unknown", True) else [])
        subjects = []
        for s in c.get("subjects", []):
            given = answers.get(str(s["person"]))
            options = [{"value": g, "label": GRADE_NAMES.get(g, g), "checked": given == g} for g in grades]
            # "不填" (blank) is a choice too, so a wrong tap can be undone.
            options.append({"value": "", "label": _("不填"), "checked": given not in grades})
            subjects.append({"key": f"g-{f}-{s['person']}", "name": s["name"], "post": s.get("post", ""),
                             "options": options})
        view["subjects"] = subjects
    else:
        per = int(c.get("marks_per_element", 1))
        view["per"] = per
        view["elements"] = [{"key": f"e-{f}-{i}", "name": name, "max_marks": per,
                             "candidates": [{"value": str(c2["application"]), "name": c2["name"],
                                             "note": c2.get("post", ""),
                                             "checked": str(c2["application"]) in _chosen(answers.get(str(i)))}
                                            for c2 in c.get("candidates", [])]}
                            for i, name in enumerate(c.get("elements", []))]
    return view


def _summary(forms: list[BallotForm], clean: dict[str, Any]) -> list[dict[str, Any]]:
    """The review step: per form, each line and what the voter chose (or that it is left blank)."""
    out = []
    for form in forms:
        c, answers = form.content, clean.get(str(form.pk), {})
        lines: list[tuple[str, str]] = []
        if form.kind == BallotForm.Kind.RECOMMENDATION:
            for p in c.get("posts", []):
                a = answers.get(str(p["post"]), {})
                names = {x["application"]: x["name"] for x in p.get("candidates", [])}
                chosen = [names[pk] for pk in a.get("marks", [])] + [
                    _("另推：%(name)s") % {"name": n} for n in a.get("write_ins", [])]
                lines.append((f"{p['code']} {p['title']}", "、".join(chosen) or _("未推荐（空白）")))
        elif form.kind == BallotForm.Kind.EVALUATION:
            for s in c.get("subjects", []):
                g = answers.get(str(s["person"]))
                lines.append((s["name"], GRADE_NAMES.get(g, g) if g else _("未填")))
        else:
            names = {x["application"]: x["name"] for x in c.get("candidates", [])}
            for i, element in enumerate(c.get("elements", [])):
                chosen = [names[pk] for pk in answers.get(str(i), [])]
                lines.append((element, "、".join(chosen) or _("未推荐（空白）")))
        out.append({"title": form.title, "lines": lines})
    return out


def _hidden_answers(data: QueryDict) -> list[tuple[str, str]]:
    """The posted answers again, as hidden fields for the review page."""
    return [(k, v) for k in data if k.split("-")[0] in _ANSWER_PREFIXES and len(k.split("-")) == 3
            for v in data.getlist(k)]


# --- pages ----------------------------------------------------------------------------------------

def _page(template: str, context: dict[str, Any], status: int = 200) -> HttpResponse:
    """A voter page. Rendered without the request's context processors: a voter has no login, menu or
    messages, and asking for them would look up a session on every cast."""
    return HttpResponse(get_template(template).render(context), status=status)


# Pages that are the same for every voter of a session but for a code, a token or a receipt are rendered
# once per process with placeholders (a random marker, so no session name can contain one) and filled in
# per voter with the escaped values.
_MARK = secrets.token_hex(8)
_SHELLS: dict[tuple[Any, ...], str] = {}
_SHELLS_MAX = 256


def _shell(key: tuple[Any, ...], render_once: Any) -> str:
    html = _SHELLS.get(key)
    if html is None:
        html = render_once()
        if len(_SHELLS) >= _SHELLS_MAX:
            _SHELLS.clear()
        _SHELLS[key] = html
    return html


def _slot(name: str) -> str:
    return f"{_MARK}-{name}"


def _fill(html: str, **values: str) -> str:
    for name, value in values.items():
        html = html.replace(_slot(name), escape(value))
    return html


def _session_key(session: Any) -> tuple[Any, ...]:
    return (session.pk, session.opened_at, session.name, session.trial, get_language() or "")


def _entry(request: HttpRequest, error: CampaignError | None = None, code: str = "") -> HttpResponse:
    status = 200
    if error is not None:
        status = 429 if error.code.endswith("too_many_tries") else 400
    return _page("voting/vote_entry.html", {"error": str(error) if error else "", "code": code}, status=status)


@sensitive_variables("code", "data")
def _ballot(request: HttpRequest, ticket: Ticket, code: str, data: QueryDict,
            error: CampaignError | None = None) -> HttpResponse:
    answers = marks_from_post(data)
    context = {"session": ticket.session, "trial": ticket.trial, "group": ticket.group}
    if answers or error is not None or ticket.session.opened_at is None:
        return _page("voting/vote_ballot.html", {**context, "forms_html": _forms_html(ticket, answers), "code": code,
                                                 "submission": _token(data), "error": str(error) if error else ""},
                     status=400 if error else 200)
    html = _shell((*_session_key(ticket.session), "ballot", ticket.group.pk, ticket.group.name),
                  lambda: get_template("voting/vote_ballot.html").render({
                      **context, "forms_html": _forms_html(ticket, {}), "code": _slot("code"),
                      "submission": _slot("submission"), "error": ""}))
    return HttpResponse(_fill(html, code=code, submission=_token(data)))


def _receipt(receipt: Any) -> HttpResponse:
    html = _shell((*_session_key(receipt.session), "receipt"),
                  lambda: get_template("voting/vote_receipt.html").render({
                      "receipt": _slot("receipt"), "trial": receipt.trial, "session": receipt.session}))
    return HttpResponse(_fill(html, receipt=receipt.receipt))


def _forms_html(ticket: Ticket, answers: dict[str, Any]) -> str:
    """The ballot's forms as HTML, with ``answers`` ticked. The blank ballot of an open session is kept per
    process and language: every voter of the session sees the same forms (fixed once the session opens)."""
    if answers or ticket.session.opened_at is None:
        return _render_forms(ticket, answers)
    return _shell((*_session_key(ticket.session), "forms"), lambda: _render_forms(ticket, {}))


def _render_forms(ticket: Ticket, answers: dict[str, Any]) -> str:
    forms = [_form_view(f, answers.get(str(f.pk), {})) for f in ticket.forms]
    return render_to_string("voting/_vote_forms.html", {"forms": forms})


def _client(request: HttpRequest) -> str | None:
    return getattr(request, "voting_client", None)


@sensitive_variables("code", "data", "marks", "clean")
def _post(request: HttpRequest) -> HttpResponse:
    data = request.POST
    code = data.get("code", "")
    step = data.get("step", "open")
    client = _client(request)
    if step == "confirm":
        marks = marks_from_post(data)
        try:
            receipt = actions.ballot_cast(code=code, marks=marks, submission=data.get("submission", ""),
                                          client=client)
        except CampaignError as exc:
            if not exc.code.startswith("campaigns.voting.ballot."):
                return _entry(request, exc)
            try:
                ticket = actions.code_lookup(code, client=client)
            except CampaignError as again:
                return _entry(request, again)
            return _ballot(request, ticket, code, data, exc)
        return _receipt(receipt)
    try:
        ticket = actions.code_lookup(code, client=client)
    except CampaignError as exc:
        return _entry(request, exc, code="")
    if step == "review":
        try:
            clean = clean_marks(ticket.forms, marks_from_post(data))
        except CampaignError as exc:
            return _ballot(request, ticket, code, data, exc)
        return _page("voting/vote_review.html", {
            "session": ticket.session, "trial": ticket.trial, "summary": _summary(ticket.forms, clean),
            "code": code, "submission": _token(data), "hidden": _hidden_answers(data)})
    if step == "edit":
        return _ballot(request, ticket, code, data)
    return _ballot(request, ticket, code, QueryDict(mutable=True))


@public_page
@csrf_exempt
@never_cache
@sensitive_post_parameters(*SENSITIVE)
def vote(request: HttpRequest) -> HttpResponse:
    """``/vote/``: the code entry page (GET), and every step of voting (POST, see the module docstring)."""
    if request.method == "POST":
        return _post(request)
    return _entry(request)
