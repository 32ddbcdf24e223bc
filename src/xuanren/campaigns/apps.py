from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "xuanren.campaigns"
    label = "campaigns"
    verbose_name = _("竞聘批次")

    def ready(self) -> None:
        from xuanren.campaigns import access  # noqa: F401  (registers the object rules)
