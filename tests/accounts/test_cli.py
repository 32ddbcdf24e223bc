from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from django.contrib.auth import get_user_model

from xuanren.accounts.access import roles_of
from xuanren.accounts.models import ApiToken
from xuanren.accounts.roles import Role
from xuanren.cli.main import main

pytestmark = pytest.mark.django_db


def test_createuser_with_roles_and_password_from_the_prompt() -> None:
    result = CliRunner().invoke(main, ["createuser", "zzb", "--name", "组织部", "--role", "organiser",
                                       "--role", "supervisor"], input="a-long-passphrase-77\na-long-passphrase-77\n")
    assert result.exit_code == 0, result.output
    assert "已创建用户 zzb" in result.output
    assert roles_of(get_user_model().objects.get(username="zzb")) == {Role.ORGANISER, Role.SUPERVISOR}


def test_createuser_refuses_an_unknown_role_and_changes_nothing() -> None:
    result = CliRunner().invoke(main, ["createuser", "x", "--role", "king", "--password", "a-long-passphrase-77"])
    assert result.exit_code == 1
    assert "未知角色" in result.output
    assert not get_user_model().objects.exists()


def test_token_is_printed_once_and_works(personas: dict[str, Any], client: Any) -> None:
    result = CliRunner().invoke(main, ["token", "supervisor", "--name", "纪检脚本", "--as", "organiser"])
    assert result.exit_code == 0, result.output
    token = result.output.strip()
    assert ApiToken.objects.get().name == "纪检脚本"
    assert client.get("/api/record/verify", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200


def test_acting_as_an_unknown_user_is_refused(personas: dict[str, Any]) -> None:
    result = CliRunner().invoke(main, ["token", "supervisor", "--as", "nobody"])
    assert result.exit_code == 1 and "没有用户" in result.output
