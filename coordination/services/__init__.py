"""Workflows that change state: follow-ups (the only code that creates or closes one, rule 4),
background documents, and the outbox of outgoing mail (rule 6).

One module per workflow; the names callers use are re-exported here, so ``from coordination.services import
followup_open`` keeps working. Modules of the package import each other directly, never from this file."""

from .api_tokens import (
    IDEMPOTENT_ANSWERS_KEPT,
    api_token_create,
    api_token_rename,
    api_token_revoke,
    api_token_rotate,
    idempotent_requests_purge,
)
from .digests import (
    DIGEST_CATCH_UP,
    digest_owed_day,
    digest_period_key,
    digests_send,
    feed_token_rotate,
    notification_preference_save,
)
from .followup_actions import followup_comment, followup_extend, followup_reassign
from .followups import (
    followup_cancel,
    followup_complete,
    followup_open,
    followup_reopen,
    followup_reschedule,
    followups_of,
    followups_reschedule,
)
from .outbox import (
    SEND_CHUNK,
    mail_server_is_down,
    mail_server_waiting,
    outbox_alerts_raise,
    outbox_dispatch,
    outbox_enqueue,
    outbox_enqueue_many,
    outbox_flush,
    outbox_message_id,
    outbox_retry,
    outbox_retry_delay,
    outbox_send,
    outbox_send_many,
    stale_claim,
)
from .reminders import followup_nudge, reminder_step_for, reminders_sweep
from .reports import (
    MAX_REPORT_ATTEMPTS,
    report_in_progress,
    report_render,
    report_request,
    reports_redispatch,
)
from .signatures import (
    SIGNATURE_SOURCE,
    SignatureRefused,
    credential_store,
    document_sign,
    document_sign_request,
    document_signing_withdraw,
    next_party,
    signature_check,
    signing_leader,
    signing_state,
)

__all__ = [
    # personal API tokens
    "api_token_create", "api_token_rename", "api_token_rotate", "api_token_revoke",
    # the answers kept for keyed POSTs
    "IDEMPOTENT_ANSWERS_KEPT", "idempotent_requests_purge",
    # follow-ups
    "followup_open", "followups_of", "followup_complete", "followup_reopen", "followup_reschedule",
    "followups_reschedule", "followup_cancel", "followup_comment", "followup_reassign", "followup_extend",
    # generated documents
    "report_request", "report_in_progress", "report_render", "MAX_REPORT_ATTEMPTS", "reports_redispatch",
    # outgoing mail
    "stale_claim", "outbox_retry_delay", "outbox_enqueue", "outbox_message_id", "mail_server_is_down",
    "mail_server_waiting", "outbox_send_many", "outbox_send", "outbox_flush", "outbox_retry",
    "outbox_alerts_raise", "outbox_enqueue_many", "SEND_CHUNK", "outbox_dispatch",
    # reminders and escalation
    "reminder_step_for", "followup_nudge", "reminders_sweep",
    # email digests and notification settings
    "digest_period_key", "DIGEST_CATCH_UP", "digest_owed_day", "digests_send", "notification_preference_save",
    "feed_token_rotate",
    # digital signatures
    "SIGNATURE_SOURCE", "SignatureRefused", "credential_store", "signing_state", "next_party",
    "document_sign_request", "document_sign", "signing_leader", "document_signing_withdraw",
    "signature_check",
]
