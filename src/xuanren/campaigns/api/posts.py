"""A campaign's posts: added, changed and deleted in the draft; cancelled, extended or merged once published."""

from typing import Any

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Status

from xuanren.accounts.access import require
from xuanren.campaigns import actions
from xuanren.campaigns.api.common import ErrorOut, post_of, refusals, router, unit_by_id
from xuanren.campaigns.api.schemas import (
    ExtendIn,
    MergeIn,
    PostIn,
    PostOut,
    PostPatch,
    ReasonIn,
    aware,
    post_out,
)
from xuanren.campaigns.models import Campaign, Post


def _post(pk: int) -> Post:
    return get_object_or_404(Post.objects.select_related("campaign", "department"), pk=pk)


def _post_reply(pk: int) -> dict[str, Any]:
    post = Post.objects.select_related("campaign", "department").get(pk=pk)
    return post_out(post, post.campaign)


@router.post("/{int:campaign_id}/posts", response={201: PostOut, 400: ErrorOut}, summary="新增职位（草稿批次）")
@refusals
def create_post(request: HttpRequest, campaign_id: int, payload: PostIn) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    campaign = get_object_or_404(Campaign, pk=campaign_id)
    post = actions.post_create(
        actor=request.user, campaign=campaign, code=payload.code, department=unit_by_id(payload.department_id, "部门"),
        title=payload.title, level=payload.level, slots=payload.slots,
        conditions=payload.conditions.as_json() if payload.conditions else None, duties=payload.duties,
        order=payload.order)
    return Status(201, _post_reply(post.pk))


@router.patch("/posts/{int:post_id}", response={200: PostOut, 400: ErrorOut},
              summary="修改职位（草稿批次；只改给出的字段，conditions 整体替换）")
@refusals
def update_post(request: HttpRequest, post_id: int, payload: PostPatch) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    post = _post(post_id)
    changes = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    if "department_id" in changes:
        changes["department"] = unit_by_id(changes.pop("department_id"), "部门")
    if payload.conditions is not None:
        changes["conditions"] = payload.conditions.as_json()
    actions.post_update(actor=request.user, post=post, **changes)
    return Status(200, _post_reply(post.pk))


@router.delete("/posts/{int:post_id}", response={204: None, 400: ErrorOut}, summary="删除职位（草稿批次）")
@refusals
def delete_post(request: HttpRequest, post_id: int) -> Status[None]:
    require(request.user, "campaigns.change")
    actions.post_delete(actor=request.user, post=_post(post_id))
    return Status(204, None)


@router.post("/posts/{int:post_id}/cancel", response={200: PostOut, 400: ErrorOut},
             summary="取消职位（已发布的批次；须写明理由）")
@refusals
def cancel_post(request: HttpRequest, post_id: int, payload: ReasonIn) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    post = actions.post_cancel(actor=request.user, post=_post(post_id), reason=payload.reason)
    return Status(200, _post_reply(post.pk))


@router.post("/posts/{int:post_id}/extend", response={200: PostOut, 400: ErrorOut},
             summary="延长职位的报名截止时间（须写明理由）")
@refusals
def extend_post(request: HttpRequest, post_id: int, payload: ExtendIn) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    deadline = aware(payload.new_deadline, "新的报名截止时间")
    assert deadline is not None
    post = actions.post_extend(actor=request.user, post=_post(post_id), new_deadline=deadline,
                               reason=payload.reason)
    return Status(200, _post_reply(post.pk))


@router.post("/posts/{int:post_id}/merge", response={200: PostOut, 400: ErrorOut},
             summary="将职位并入同批次另一职位（报名随之转入；须写明理由）；返回并入后的职位")
@refusals
def merge_post(request: HttpRequest, post_id: int, payload: MergeIn) -> Status[dict[str, Any]]:
    require(request.user, "campaigns.change")
    post = _post(post_id)
    into = post_of(post.campaign, payload.into_post_id)
    target = actions.post_merge(actor=request.user, post=post, into=into, reason=payload.reason)
    return Status(200, _post_reply(target.pk))
