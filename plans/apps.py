from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """The top floor: coordination plans tie a regulation to the events of sessions and voters."""

    name = "plans"
    verbose_name = _("Kế hoạch phối hợp")
