from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteeConfig(AppConfig):
    name = "xuanren.committee"
    label = "committee"
    verbose_name = _("讨论决定")

    def ready(self) -> None:
        # The stage handler, finalist source, stage page and the object rule register on import.
        from xuanren.committee import access, handlers  # noqa: F401
        from xuanren.web.context import NAVIGATION

        # Committee members find their meetings from the menu (beside the judges' 评分).
        names = [name for _label, name, _cap in NAVIGATION]
        if "committee:my" not in names:
            at = names.index("judge:home") + 1 if "judge:home" in names else len(NAVIGATION)
            NAVIGATION.insert(at, (_("表决"), "committee:my", "committee.vote"))
