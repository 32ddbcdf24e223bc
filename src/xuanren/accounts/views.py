"""Login (throttled), and the organiser's pages for users and roles."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xuanren.accounts import actions, throttle
from xuanren.accounts.access import capability_required, roles_of
from xuanren.accounts.roles import Role


class ThrottledLoginView(LoginView):
    """Django's login, refusing a user name that failed too often within the window."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = request.POST.get("username", "")
        if username and throttle.is_locked(username):
            form = self.get_form()
            form.add_error(None, _("登录失败次数过多，请稍后再试。"))
            return self.form_invalid(form)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: Any) -> HttpResponse:
        username = self.request.POST.get("username", "")
        if username and self.request.method == "POST" and not throttle.is_locked(username):
            throttle.note_failure(username)
        return super().form_invalid(form)

    def form_valid(self, form: Any) -> HttpResponse:
        throttle.clear(form.get_user().get_username())
        return super().form_valid(form)


class UserCreateForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("用户名"), max_length=150)
    full_name = forms.CharField(label=gettext_lazy("姓名"), max_length=150, required=False)
    password = forms.CharField(label=gettext_lazy("初始密码"), widget=forms.PasswordInput, min_length=8)
    roles = forms.MultipleChoiceField(label=gettext_lazy("角色"), choices=Role.choices,
                                      widget=forms.CheckboxSelectMultiple, required=False)


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(label=gettext_lazy("角色"), choices=Role.choices,
                                      widget=forms.CheckboxSelectMultiple, required=False)
    id_number = forms.CharField(label=gettext_lazy("关联干部名册人员（身份证号）"), max_length=20, required=False,
                                help_text=gettext_lazy("报名人须关联名册中的本人，才能在网上报名、查看本人信息；留空表示不关联。"))


@capability_required("users.view")
def user_list(request: HttpRequest) -> HttpResponse:
    users = get_user_model().objects.order_by("username").prefetch_related("role_grants")
    rows = [{"user": u, "roles": [Role(g.role).label for g in u.role_grants.all()]} for u in users]
    from xuanren.accounts.access import has

    return render(request, "accounts/user_list.html", {
        "rows": rows, "can_change": has(request.user, "users.change"), "form": UserCreateForm(),
    })


@capability_required("users.change")
def user_create(request: HttpRequest) -> HttpResponse:
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.user_create(actor=request.user, username=form.cleaned_data["username"],
                                       password=form.cleaned_data["password"],
                                       full_name=form.cleaned_data["full_name"], roles=form.cleaned_data["roles"])
        except actions.UserError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已创建用户 %(name)s") % {"name": user.username})
            return redirect("accounts:users")
    return render(request, "accounts/user_form.html", {"form": form})


@capability_required("users.change")
def user_roles(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(get_user_model(), pk=pk)
    from xuanren.people.models import Person

    linked = Person.objects.filter(user=user).first()
    form = RolesForm(request.POST or None, initial={"roles": [str(r) for r in roles_of(user)],
                                                    "id_number": linked.id_number if linked else ""})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                actions.user_set_roles(actor=request.user, user=user, roles=form.cleaned_data["roles"])
                actions.user_link_person(actor=request.user, user=user, id_number=form.cleaned_data["id_number"])
        except actions.UserError as exc:
            form.add_error("id_number", str(exc))
        else:
            messages.success(request, _("已更新 %(name)s 的角色") % {"name": user.username})
            return redirect("accounts:users")
    return render(request, "accounts/user_roles.html", {"form": form, "target": user})
