from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "xuanren.notices"
    label = "notices"
    verbose_name = _("任前公示")

    def ready(self) -> None:
        # The notice stage's handler, finalist source and dashboard page register on import.
        from xuanren.campaigns.public_links import register_public_links
        from xuanren.notices import handlers

        register_public_links(handlers.public_links)
