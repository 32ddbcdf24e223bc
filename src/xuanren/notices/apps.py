from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NoticesConfig(AppConfig):
    name = "xuanren.notices"
    label = "notices"
    verbose_name = _("任前公示")
