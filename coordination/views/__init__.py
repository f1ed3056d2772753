"""The coordination pages, one module per subject; the URL confs name them as ``views.<name>``.

``home`` (front page, favicon), ``reference`` (bodies, units), ``followups``, ``dashboard`` (and the
implementation report), ``notifications`` (digest preferences, calendar feed), ``reports`` (generated
documents, digital signatures), ``health`` (healthz, readyz, metrics). Modules import each other directly,
never from here."""

from .api_tokens import api_token_rename, api_token_revoke, api_token_rotate, api_tokens
from .dashboard import dashboard, implementation_report_request
from .followups import (
    followup_comment,
    followup_complete,
    followup_detail,
    followup_evidence,
    followup_extend,
    followup_history,
    followup_list,
    followup_nudge,
    followup_reassign,
)
from .health import healthz, metrics, readyz
from .home import favicon, home
from .notifications import feed, feed_rotate, my_notifications, preferences
from .reference import body_detail, body_list, unit_list
from .reports import my_signature, report_detail, report_download, report_sign, report_status

__all__ = [
    "home", "favicon",
    "body_list", "body_detail", "unit_list",
    "followup_list", "followup_detail", "followup_complete", "followup_evidence", "followup_nudge",
    "followup_comment", "followup_reassign", "followup_extend",
    "followup_history",
    "dashboard", "implementation_report_request",
    "preferences", "my_notifications", "feed_rotate", "feed",
    "report_detail", "report_status", "report_sign", "report_download", "my_signature",
    "healthz", "readyz", "metrics",
    "api_tokens", "api_token_rename", "api_token_rotate", "api_token_revoke",
]
