"""Read-side queries on regulations, reused by other apps."""

from datetime import date


def obligation_rule_for(*, unit, code: str, on: date):
    """The confirmed obligation carrying ``code`` in the regulation of ``unit`` in force on ``on``, or None.

    Until the regulations app models obligations, no regulation states a rule and the law applies.
    """
    return None
