from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "xuanren.scoring"
    label = "scoring"
    verbose_name = _("成绩评定")

    def ready(self) -> None:
        # Stage handlers (exam, interview, shortlist), score sources and object rules register on import.
        from xuanren.scoring import access, handlers  # noqa: F401
