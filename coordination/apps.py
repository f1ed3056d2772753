from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoordinationConfig(AppConfig):
    name = "coordination"
    verbose_name = _("Phối hợp chung")

    def ready(self):
        from django.utils.module_loading import autodiscover_modules

        from coordination import checks, confidential, lookups  # noqa: F401 — system checks; the integer ``in`` lookup

        # Each app's reports.py registers document renderers; providers.py dashboard figures and calendar
        # events.
        autodiscover_modules("reports", "providers")

        from coordination.monitoring import connect_signals

        connect_signals()  # task heartbeats for /readyz and /metrics, in the workers and the beat

        from coordination import dashboard_cache

        dashboard_cache.connect_signals()  # a follow-up saved or deleted drops its unit's cached dashboard

        from django.db.models.signals import pre_delete

        pre_delete.connect(
            _report_withdrawn, sender="coordination.GeneratedReport", dispatch_uid="report-withdrawn"
        )


def _report_withdrawn(sender, instance, **kwargs):
    """A deleted document is owed no signature: its signing follow-ups are cancelled, not left open."""
    from django.utils.translation import gettext

    from coordination.services import document_signing_withdraw

    document_signing_withdraw(report=instance, reason=gettext("Tài liệu đã bị xóa"))
