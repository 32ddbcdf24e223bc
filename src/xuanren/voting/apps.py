from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "xuanren.voting"
    label = "voting"
    verbose_name = _("民主推荐与测评")

    def ready(self) -> None:
        # Stage handlers (recommendation, evaluation), score sources and object rules register on import.
        # stage_pages: the campaign dashboard's link from those stages to their sessions.
        from xuanren.voting import access, handlers, stage_pages  # noqa: F401
