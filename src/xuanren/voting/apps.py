from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "xuanren.voting"
    label = "voting"
    verbose_name = _("民主推荐与测评")

    def ready(self) -> None:
        # Stage handlers (recommendation, evaluation), score sources and object rules register on import.
        from xuanren.voting import access, handlers  # noqa: F401
