"""The judge's pages under /judge/ (phone-sized)."""

from typing import Any

from django.urls import path

from xuanren.scoring.views import judge

app_name = "judge"
urlpatterns: list[Any] = [
    path("", judge.judge_home, name="home"),
    path("appearances/<int:appearance_pk>/", judge.judge_score, name="score"),
    path("appearances/<int:appearance_pk>/submit/", judge.judge_submit, name="submit"),
    path("appearances/<int:appearance_pk>/correct/", judge.judge_correct, name="correct"),
    path("appearances/<int:appearance_pk>/recuse/", judge.judge_recuse, name="recuse"),
]
