from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "xuanren.appointments"
    label = "appointments"
    verbose_name = _("任职与后备干部")

    def ready(self) -> None:
        # The appointment stage's handler and its page on the dashboard register on import.
        from xuanren.appointments import handlers  # noqa: F401
