"""The applicant's pages under /my/: per role, applying with preferences, limits, deadlines, withdrawing,
own results only, the review's result with its reasons once decided, and published results."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.campaigns.world import AFTER, BEFORE, World, nothing_changes, one_event, sh
from tests.conftest import make_user
from xuanren.campaigns import actions
from xuanren.campaigns.models import Application
from xuanren.people.models import Person

pytestmark = pytest.mark.django_db

NO_PERSON = "您的账号尚未关联干部名册中的人员，请联系组织人事部门"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Callable[[dt.datetime], None]:
    """``clock(instant)`` sets what ``timezone.now()`` answers for the pages and the actions they call."""

    def set_to(instant: dt.datetime) -> None:
        monkeypatch.setattr(timezone, "now", lambda: instant)

    set_to(BEFORE)
    return set_to


@pytest.fixture
def me(world: World) -> Person:
    """The applicant persona, linked to a person of the register."""
    person = world.people[0]
    person.user = world.users["applicant"]
    person.save()
    return person


def login(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def applicant(world: World, me: Person) -> Client:
    return login(world.users["applicant"])


@pytest.fixture
def announced(world: World) -> World:
    world.publish()
    return world


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


# --- who sees what --------------------------------------------------------------------------------

@pytest.mark.parametrize("role", ["organiser", "reviewer", "judge", "voter", "committee", "supervisor", "applicant"])
def test_my_page_opens_for_every_role_and_explains_a_missing_link(world: World, role: str) -> None:
    html = page(login(world.users[role]), reverse("my:home"))
    assert NO_PERSON in html


def test_a_user_without_a_role_is_refused(world: World) -> None:
    assert login(world.users["outsider"]).get(reverse("my:home")).status_code == 403


@pytest.mark.parametrize("role", ["organiser", "reviewer", "voter", "supervisor", "outsider"])
def test_applying_and_withdrawing_are_for_applicants_only(announced: World, role: str) -> None:
    client = login(announced.users[role])
    for url in (reverse("my:apply"), reverse("my:apply", args=[announced.campaign.pk]), reverse("my:withdraw")):
        assert client.get(url).status_code == 403
    with nothing_changes():
        r = client.post(reverse("my:apply", args=[announced.campaign.pk]), {f"post_{announced.posts['P01'].pk}": "1"})
    assert r.status_code == 403


def test_navigation_shows_my_applications_to_applicants_only(world: World) -> None:
    assert "我的报名" in page(login(world.users["applicant"]), "/")
    assert "我的报名" not in page(login(world.users["organiser"]), "/")


def test_anonymous_is_sent_to_log_in(world: World) -> None:
    r = Client().get(reverse("my:home"))
    assert r.status_code == 302 and "/login/" in r["Location"]


# --- applying -------------------------------------------------------------------------------------

def test_home_lists_open_campaigns_with_their_deadline_in_the_campaign_time_zone(
        announced: World, applicant: Client, clock: Any) -> None:
    html = page(applicant, reverse("my:home"))
    assert announced.campaign.name in html
    assert "17:00" in html  # 09:00 UTC, shown in Asia/Shanghai
    assert reverse("my:apply", args=[announced.campaign.pk]) in html


def test_a_draft_is_not_offered(world: World, applicant: Client, clock: Any) -> None:
    assert world.campaign.name not in page(applicant, reverse("my:home"))
    assert applicant.get(reverse("my:apply", args=[world.campaign.pk])).status_code == 404


def test_apply_form_shows_conditions_in_words_and_an_advisory_precheck(
        announced: World, applicant: Client, clock: Any) -> None:
    html = page(applicant, reverse("my:apply", args=[announced.campaign.pk]))
    assert "年龄不超过45周岁" in html and "大学本科及以上学历" in html
    assert "仅供参考，以资格审查结论为准" in html
    assert "符合可自动核对的条件" in html


def test_precheck_names_the_failed_condition(announced: World, clock: Any) -> None:
    old = announced.too_old
    old.user = make_user("applicant-old", "applicant")
    old.save()
    html = page(login(old.user), reverse("my:apply", args=[announced.campaign.pk]))
    assert "可能不符合" in html and "要求不超过45岁" in html


def test_applying_for_two_posts_with_an_order_of_preference(
        announced: World, applicant: Client, me: Person, clock: Any) -> None:
    w = announced
    r = applicant.post(reverse("my:apply", args=[w.campaign.pk]),
                       {f"post_{w.posts['P01'].pk}": "2", f"post_{w.posts['P02'].pk}": "1"})
    assert r.status_code == 302 and r["Location"] == reverse("my:home")
    mine = {a.post.code: a.preference for a in Application.objects.filter(person=me)}
    assert mine == {"P01": 2, "P02": 1}
    html = page(applicant, reverse("my:home"))
    assert "已报名：P02（政策法规科副科长）第1志愿、P01（办公室副主任）第2志愿" in html
    assert "第1志愿" in html and "撤回报名" in html


def test_applying_without_an_order(announced: World, applicant: Client, me: Person, clock: Any) -> None:
    w = announced
    with one_event("applications.submit"):
        applicant.post(reverse("my:apply", args=[w.campaign.pk]), {f"post_{w.posts['P01'].pk}": "0"})
    assert Application.objects.get(person=me).preference is None


def test_more_posts_than_allowed_is_refused_and_nothing_is_written(
        announced: World, applicant: Client, clock: Any) -> None:
    w = announced
    with nothing_changes():
        r = applicant.post(reverse("my:apply", args=[w.campaign.pk]),
                           {f"post_{w.posts['P01'].pk}": "1", f"post_{w.posts['P02'].pk}": "2",
                            f"post_{w.posts['P03'].pk}": "0"})
    assert r.status_code == 400
    assert "每人最多报名2个职位" in r.content.decode()


def test_applying_twice_for_a_post_is_refused_with_the_action_message(
        announced: World, applicant: Client, me: Person, clock: Any) -> None:
    w = announced
    w.apply(me, "P01")
    with nothing_changes():
        r = applicant.post(reverse("my:apply", args=[w.campaign.pk]), {f"post_{w.posts['P01'].pk}": "1"})
    assert r.status_code == 400
    assert "不能重复报名" in r.content.decode()


def test_choosing_nothing_is_refused(announced: World, applicant: Client, clock: Any) -> None:
    with nothing_changes():
        r = applicant.post(reverse("my:apply", args=[announced.campaign.pk]), {})
    assert r.status_code == 400 and "请至少选择一个职位" in r.content.decode()


def test_the_deadline_is_kept_in_the_campaign_time_zone(
        announced: World, applicant: Client, me: Person, clock: Any) -> None:
    w = announced
    url = reverse("my:apply", args=[w.campaign.pk])
    clock(dt.datetime(2026, 12, 1, 9, 1, tzinfo=dt.UTC))  # 17:01 in Shanghai
    with nothing_changes():
        r = applicant.post(url, {f"post_{w.posts['P01'].pk}": "1"})
    assert r.status_code == 400 and "报名已于2026年12月1日17:00截止" in r.content.decode()
    clock(sh(2026, 12, 1, 16, 59))
    assert applicant.post(url, {f"post_{w.posts['P01'].pk}": "1"}).status_code == 302
    assert Application.objects.filter(person=me).count() == 1


def test_a_user_without_a_person_cannot_apply(announced: World, clock: Any) -> None:
    client = login(make_user("applicant-unlinked", "applicant"))
    url = reverse("my:apply", args=[announced.campaign.pk])
    assert NO_PERSON in page(client, url)
    with nothing_changes():
        client.post(url, {f"post_{announced.posts['P01'].pk}": "1"})


# --- withdrawing ----------------------------------------------------------------------------------

def test_withdraw_asks_for_confirmation_then_withdraws(announced: World, applicant: Client, me: Person,
                                                        clock: Any) -> None:
    app = announced.apply(me, "P01", preference=1)
    url = reverse("my:withdraw", args=[app.pk])
    assert "确认撤回" in page(applicant, url)
    assert app.post.code in page(applicant, reverse("my:withdraw"))
    assert Application.objects.get(pk=app.pk).status == "submitted"
    with one_event("applications.withdraw"):
        r = applicant.post(url, {"reason": "工作安排"})
    assert r.status_code == 302
    assert Application.objects.get(pk=app.pk).status == "withdrawn"
    assert "已撤回" in page(applicant, reverse("my:home"))


def test_withdraw_after_the_deadline_is_refused(announced: World, applicant: Client, me: Person, clock: Any) -> None:
    app = announced.apply(me, "P01")
    clock(AFTER)
    assert "撤回报名" not in page(applicant, reverse("my:home")).split("我的报名记录")[1]
    with nothing_changes():
        r = applicant.post(reverse("my:withdraw", args=[app.pk]))
    assert r.status_code == 400 and "撤回报名已于2026年12月1日17:00截止" in r.content.decode()


def test_another_applicants_application_is_not_found(announced: World, applicant: Client, clock: Any) -> None:
    other = announced.people[1]
    other.user = make_user("applicant-2", "applicant")
    other.save()
    app = announced.apply(other, "P01")
    with nothing_changes():
        assert applicant.get(reverse("my:withdraw", args=[app.pk])).status_code == 404
        assert applicant.post(reverse("my:withdraw", args=[app.pk])).status_code == 404
    assert "人员2" not in page(applicant, reverse("my:home"))
    # Not even an organiser opens someone's application on the applicant's pages.
    announced.users["organiser"].role_grants.create(role="applicant")
    assert login(announced.users["organiser"]).get(reverse("my:withdraw", args=[app.pk])).status_code == 404


# --- results --------------------------------------------------------------------------------------

def test_the_review_result_and_its_reasons_show_once_decided(world: World, applicant: Client, me: Person,
                                                              clock: Any) -> None:
    w = world
    w.publish()
    app = w.apply(me, "P01")
    w.open_eligibility()
    actions.review_run(actor=w.reviewer, campaign=w.campaign, now=AFTER)
    clock(AFTER)
    html = page(applicant, reverse("my:home"))
    assert "资格审查结论尚未作出" in html and "符合要求" not in html
    actions.review_decide(actor=w.reviewer, application=app, decision="ineligible", reason="经核实，学历证书未经认证",
                          now=AFTER)
    html = page(applicant, reverse("my:home"))
    assert "资格审查不合格" in html
    assert "经核实，学历证书未经认证" in html
    assert "年龄41岁（按2026年12月1日计算）" in html  # a finding of the automatic check, as the rules worded it


def test_published_results_are_linked(world: World, applicant: Client, me: Person, clock: Any) -> None:
    w = world
    w.full_eligibility()
    actions.stage_seal(actor=w.organiser, stage=w.stage("eligibility"), now=AFTER)
    clock(AFTER)
    html = page(applicant, reverse("my:home"))
    assert reverse("public:stage_results", args=[w.campaign.pk, "eligibility"]) in html
    assert "已公布的结果" in html
    assert "报名" in html and "撤回报名</a>" not in html


def test_a_nomination_shows_its_nominator(announced: World, applicant: Client, me: Person, clock: Any) -> None:
    actions.application_submit(actor=announced.organiser, campaign=announced.campaign, post=announced.posts["P02"],
                               person=me, source="organisation", nominator_note="局党组", now=BEFORE)
    html = page(applicant, reverse("my:home"))
    assert "组织推荐" in html and "局党组" in html

