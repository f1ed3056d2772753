"""Redact again every letter, its history and its follow-ups' outcomes with today's rules
(voters/redaction.py).

Idempotent: a text already redacted is left as it is. Run it after the rules grow (issue #10 added phone
numbers with +84/84, contact fields holding several details, ID card numbers and the given name after
"ông"/"bà"), so that what was saved under the narrower rules is caught too.
"""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _


class Command(BaseCommand):
    help = ("Che lại thông tin người tố cáo trong mọi đơn thư, lịch sử và kết quả việc cần theo dõi theo quy "
            "tắc hiện hành.")

    def handle(self, *args, **options):
        redact_existing = importlib.import_module(
            "voters.migrations.0005_redact_existing_letters"
        ).redact_existing
        with transaction.atomic():
            redact_existing(apps, None)
        self.stdout.write(self.style.SUCCESS(_("Đã che lại thông tin người tố cáo trong các đơn thư.")))
