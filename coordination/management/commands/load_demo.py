from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from coordination.demo import DEMO_PASSWORD, DemoContext

# Each step is a module with build(ctx); a step whose module does not exist (yet) is skipped.
# Plans come last: they are generated from the regulation and the events the other apps created.
# The trial certificates go to the leaders every step has made.
DEMO_STEPS = [
    "coordination.demo",
    "regulations.demo",
    "sessions.demo",
    "voters.demo",
    "coordination.demo_signing",
    "plans.demo",
]


class Command(BaseCommand):
    help = ("Tạo dữ liệu minh họa (tỉnh Hòa Phong); chạy lại không thay đổi gì. Không chạy được với cấu hình "
            "production.")

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError(_("load_demo: không được nạp dữ liệu minh họa khi DJANGO_ENV=production."))
        ctx = DemoContext(today=timezone.localdate())
        with transaction.atomic():
            for step in DEMO_STEPS:
                try:
                    module = import_module(step)
                except ModuleNotFoundError as exc:
                    if exc.name != step:
                        raise
                    continue
                module.build(ctx)
        self.stdout.write(self.style.SUCCESS(_("Dữ liệu minh họa đã sẵn sàng. Tài khoản (mật khẩu chung: "
                                               "%(password)s):") % {"password": DEMO_PASSWORD}))
        for username, description in ctx.logins:
            self.stdout.write(f"  {username:<12} {description}")
        for note in ctx.notes:
            self.stdout.write(note)
