"""Applications: entered, imported, listed and withdrawn by the staff; made, followed and withdrawn by the
applicant (who also sees the campaigns open for applications).
"""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import File, Status
from ninja.files import UploadedFile

from xuanren.accounts.access import require
from xuanren.campaigns import actions, importing, selectors
from xuanren.campaigns.api.common import ErrorOut, post_of, refusals, router
from xuanren.campaigns.api.schemas import (
    ApplicationOut,
    ApplicationsImportOut,
    ApplyIn,
    EnterIn,
    MyApplicationsOut,
    OpenCampaignOut,
    WithdrawIn,
    application_out,
    campaign_out,
    fresh_application,
    local_time,
    post_out,
    public_publication,
)
from xuanren.campaigns.errors import refuse
from xuanren.campaigns.models import Application, Campaign, Review
from xuanren.campaigns.views import applicant
from xuanren.people.actions import ImportRejected, check_size
from xuanren.people.api import RejectedOut
from xuanren.people.models import Person

# --- the staff's side -----------------------------------------------------------------------------

@router.get("/{int:campaign_id}/applications", response=list[ApplicationOut],
            summary="本批次的全部报名及资格审查（post 筛选职位，status 筛选状态）")
def list_applications(request: HttpRequest, campaign_id: int, post: int | None = None,
                      status: str = "") -> list[dict[str, Any]]:
    require(request.user, "applications.view")
    c = get_object_or_404(Campaign, pk=campaign_id)
    qs = (Application.objects.filter(campaign=c).select_related("campaign", "post", "person", "nominator", "review",
                                                                 "review__reviewer").order_by("post__order", "id"))
    if post is not None:
        qs = qs.filter(post_id=post)
    if status:
        qs = qs.filter(status=status)
    return [application_out(a) for a in qs]


@router.post("/{int:campaign_id}/applications", response={201: ApplicationOut, 400: ErrorOut},
             summary="代录报名或推荐（按身份证号；推荐须写明推荐人）")
@refusals
def enter_application(request: HttpRequest, campaign_id: int, payload: EnterIn) -> Status[dict[str, Any]]:
    require(request.user, "applications.enter")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    person = actions.resolve_person(payload.id_number)
    nominator = actions.resolve_person(payload.nominator_id_number) if payload.nominator_id_number else None
    app = actions.application_submit(actor=request.user, campaign=campaign, post=post_of(campaign, payload.post_id),
                                     person=person, source=payload.source, nominator=nominator,
                                     nominator_note=payload.nominator_note, preference=payload.preference)
    return Status(201, fresh_application(app.pk))


@router.post("/applications/{int:application_id}/withdraw", response={200: ApplicationOut, 400: ErrorOut},
             summary="代为撤回报名（撤回截止前）")
@refusals
def withdraw_application(request: HttpRequest, application_id: int,
                         payload: WithdrawIn | None = None) -> Status[dict[str, Any]]:
    require(request.user, "applications.enter")
    app = get_object_or_404(Application.objects.select_related("campaign", "person"), pk=application_id)
    actions.application_withdraw(actor=request.user, application=app, reason=payload.reason if payload else "")
    return Status(200, fresh_application(app.pk))


@router.post("/{int:campaign_id}/applications/import", response={200: ApplicationsImportOut, 400: RejectedOut},
             summary="导入报名（.xlsx 或 .csv，multipart 字段 file；全有或全无，400 时列出全部问题）")
def import_applications(request: HttpRequest, campaign_id: int, file: File[UploadedFile]) -> Status[dict[str, Any]]:
    require(request.user, "applications.enter")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    try:
        check_size(file.size or 0, filename=file.name or "")
        result = importing.applications_import(actor=request.user, campaign=campaign, data=file.read(),
                                               filename=file.name or "")
    except ImportRejected as exc:
        return Status(400, exc.as_dict())
    return Status(200, {"rows": result.rows, "created": result.created, "reactivated": result.reactivated,
                        "sha256": result.sha256, "event_seq": result.event_seq, "summary": result.lines()})


# --- the applicant's side -------------------------------------------------------------------------

@router.get("/open", response=list[OpenCampaignOut],
            summary="正在报名的竞聘批次及职位、资格条件和本人资格预检（仅供参考，以资格审查结论为准）")
def list_open(request: HttpRequest) -> list[dict[str, Any]]:
    now = timezone.now()
    person = applicant.linked_person(request.user)
    out = []
    for c in applicant.open_campaigns(now):
        posts = []
        for choice in applicant.campaign_posts(c, person, now, language="zh-hans"):
            pre = choice.precheck
            posts.append(post_out(choice.post, c) | {
                "open": choice.open, "applied": choice.mine is not None,
                "precheck": None if pre is None else {"eligible": pre.eligible, "failures": pre.failures,
                                                      "passes": pre.passes, "for_reviewer": pre.for_reviewer,
                                                      "on": pre.on, "note": pre.note}})
        out.append(campaign_out(c) | {"posts": posts})
    return out


def _own_review(own: selectors.OwnApplication, campaign: Campaign) -> dict[str, Any] | None:
    r = own.review
    if r is None:
        return None
    decided = r.decision != Review.Decision.PENDING
    return {"decision": r.decision, "decision_label": str(r.get_decision_display()),
            "reason": r.reason if decided else "", "findings": own.findings,
            "decided_at": local_time(campaign, r.decided_at) if decided else None}


@router.get("/my/applications", response=MyApplicationsOut,
            summary="本人的报名、资格审查结论及理由、所在批次已公布的结果")
def my_applications(request: HttpRequest) -> dict[str, Any]:
    now = timezone.now()
    if applicant.linked_person(request.user) is None:
        return {"linked": False, "detail": applicant.NO_PERSON, "campaigns": []}
    groups = []
    for g in applicant.own_campaigns(request.user, now):
        c = g.campaign
        groups.append({
            "campaign_id": c.pk, "campaign_name": c.name, "campaign_status": c.status, "time_zone": c.time_zone,
            "applications": [{
                "id": r.application.pk, "post_id": r.application.post_id, "post_code": r.application.post.code,
                "post_title": r.application.post.title, "post_status": r.application.post.status,
                "source": r.application.source, "source_label": str(r.application.get_source_display()),
                "nominator_name": r.application.nominator.name if r.application.nominator else "",
                "nominator_note": r.application.nominator_note, "preference": r.application.preference,
                "status": r.application.status, "status_label": str(r.application.get_status_display()),
                "submitted_at": local_time(c, r.application.submitted_at),
                "withdrawn_at": local_time(c, r.application.withdrawn_at), "can_withdraw": r.can_withdraw,
                "withdraw_until": local_time(c, r.withdraw_until), "review": _own_review(r.own, c),
            } for r in g.rows],
            "published": [public_publication(p, c) for p in g.published],
        })
    return {"linked": True, "detail": "", "campaigns": groups}


def _me(request: HttpRequest) -> Person:
    person = applicant.linked_person(request.user)
    if person is None:
        raise refuse("api.no_person", applicant.NO_PERSON, applicant.NO_PERSON_EN)
    return person


@router.post("/{int:campaign_id}/apply", response={201: ApplicationOut, 400: ErrorOut},
             summary="本人报名一个职位（可填志愿顺序）")
@refusals
def apply(request: HttpRequest, campaign_id: int, payload: ApplyIn) -> Status[dict[str, Any]]:
    require(request.user, "applications.apply")
    person = _me(request)
    campaign = get_object_or_404(Campaign, pk=campaign_id, status__in=[Campaign.Status.ANNOUNCED,
                                                                       Campaign.Status.CLOSED])
    app = actions.application_submit(actor=request.user, campaign=campaign, post=post_of(campaign, payload.post_id),
                                     person=person, preference=payload.preference)
    return Status(201, fresh_application(app.pk))


@router.post("/my/applications/{int:application_id}/withdraw", response={200: ApplicationOut, 400: ErrorOut},
             summary="撤回本人的报名（撤回截止前；他人的报名为404）")
@refusals
def withdraw_own(request: HttpRequest, application_id: int,
                 payload: WithdrawIn | None = None) -> Status[dict[str, Any]]:
    require(request.user, "applications.apply")
    app = applicant.own_application(request.user, application_id)
    actions.application_withdraw(actor=request.user, application=app, reason=payload.reason if payload else "")
    return Status(200, fresh_application(app.pk))
