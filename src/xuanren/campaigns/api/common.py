"""What every area of the campaigns API shares: the router, the 400 for a refused action, lookups that refuse."""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from ninja import Field, Router, Schema, Status

from xuanren.campaigns.errors import CampaignError, refuse
from xuanren.campaigns.models import Campaign, Post
from xuanren.people.models import Unit

router = Router(tags=["campaigns"])

F = TypeVar("F", bound=Callable[..., Any])


class ErrorOut(Schema):
    detail: str = Field(description="拒绝的原因（中文）")
    detail_en: str = Field(description="the reason (English)")
    code: str = Field(description="拒绝的代码，如 campaigns.applications.closed")


def _error(exc: CampaignError) -> dict[str, str]:
    return {"detail": str(exc), "detail_en": exc.message.text("en"), "code": exc.code}


def refusals(view: F) -> F:
    """A :class:`CampaignError` raised by the view (or the action it calls) becomes a 400 with the reason."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return view(*args, **kwargs)
        except CampaignError as exc:
            return Status(400, _error(exc))

    return wrapper  # type: ignore[return-value]


def unit_by_id(pk: int, what: str = "单位") -> Unit:
    """The unit (or department) a request names; one that does not exist is a refusal, not a 404."""
    unit = Unit.objects.filter(pk=pk).first()
    if unit is None:
        raise refuse("api.unknown_unit", "{what}（编号{pk}）不存在", "unit {pk} does not exist", what=what, pk=pk)
    return unit


def post_of(campaign: Campaign, pk: int) -> Post:
    """A post the request names within ``campaign``; one not in it is a refusal, not a 404."""
    post = Post.objects.filter(campaign=campaign, pk=pk).first()
    if post is None:
        raise refuse("api.unknown_post", "本批次没有编号为{pk}的职位", "the campaign has no post {pk}", pk=pk)
    return post
