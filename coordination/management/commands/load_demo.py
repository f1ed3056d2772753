from importlib import import_module

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from coordination.demo import DEMO_PASSWORD, DemoContext

DEMO_APPS = ["coordination", "regulations", "sessions", "voters"]


class Command(BaseCommand):
    help = "Tạo dữ liệu minh họa (tỉnh Hòa Phong); chạy lại không thay đổi gì. Không chạy được với cấu hình production."

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("load_demo: không được nạp dữ liệu minh họa khi DJANGO_ENV=production.")
        ctx = DemoContext(today=timezone.localdate())
        with transaction.atomic():
            for app_name in DEMO_APPS:
                if not apps.is_installed(app_name):
                    continue
                try:
                    module = import_module(f"{app_name}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app_name}.demo":
                        raise
                    continue
                module.build(ctx)
        self.stdout.write(self.style.SUCCESS(f"Dữ liệu minh họa đã sẵn sàng. Tài khoản (mật khẩu chung: {DEMO_PASSWORD}):"))
        for username, description in ctx.logins:
            self.stdout.write(f"  {username:<12} {description}")
