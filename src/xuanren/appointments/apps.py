from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "xuanren.appointments"
    label = "appointments"
    verbose_name = _("任职与后备干部")
