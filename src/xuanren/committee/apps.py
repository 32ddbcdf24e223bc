from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "xuanren.committee"
    label = "committee"
    verbose_name = _("讨论决定")

    def ready(self) -> None:
        # The stage handler, finalist source, stage page and the object rule register on import.
        from xuanren.committee import access, handlers  # noqa: F401
