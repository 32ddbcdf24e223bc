from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InspectionConfig(AppConfig):
    name = "xuanren.inspection"
    label = "inspection"
    verbose_name = _("组织考察")

    def ready(self) -> None:
        # The inspection stage's handler, finalist and score sources and dashboard page register on import.
        from xuanren.campaigns.public_links import register_public_links
        from xuanren.inspection import handlers

        register_public_links(handlers.public_links)
