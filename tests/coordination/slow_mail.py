import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    """The file backend with the latency of a real SMTP server: the message is written after the wait."""

    def send_messages(self, email_messages):
        time.sleep(0.3)
        return super().send_messages(email_messages)
