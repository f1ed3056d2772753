from smtplib import SMTPException

from django.core.mail.backends.base import BaseEmailBackend


class FailingBackend(BaseEmailBackend):
    """A mail server that refuses every message, as a real one does when it is down."""

    def send_messages(self, email_messages):
        raise SMTPException("SMTP server unavailable")
