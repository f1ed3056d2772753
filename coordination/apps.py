from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Phối hợp chung")

    def ready(self):
        from coordination import checks  # noqa: F401 — registers the system checks
