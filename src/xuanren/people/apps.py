from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "xuanren.people"
    label = "people"
    verbose_name = _("干部名册")

    def ready(self) -> None:
        from xuanren.people import access  # noqa: F401  (registers the object rules)
