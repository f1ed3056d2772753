from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilSessionsConfig(AppConfig):
    # django.contrib.sessions owns the label "sessions"; ours is council_sessions everywhere.
    name = "sessions"
    label = "council_sessions"
    verbose_name = _("Kỳ họp và giám sát")
