from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordConfig(AppConfig):
    name = "xuanren.record"
    label = "record"
    verbose_name = _("全程记实")
