import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from coordination import monitoring


class Command(BaseCommand):
    help = ("Kiểm tra sẵn sàng như /readyz (cơ sở dữ liệu, Redis, worker, beat, hàng đợi thư, thư gửi lỗi); "
            "in kết quả JSON, mã thoát 1 khi có mục không đạt. Dùng cho healthcheck của docker compose.")

    def add_arguments(self, parser):
        parser.add_argument(
            "--only", default="", help=f"comma-separated checks among {', '.join(monitoring.CHECKS)}"
        )

    def handle(self, *args, only="", **options):
        names = [n.strip() for n in only.split(",") if n.strip()]
        unknown = sorted(set(names) - set(monitoring.CHECKS))
        if unknown:
            raise CommandError(_("Không có mục kiểm tra %(unknown)s (chọn trong %(checks)s).") % {
                "unknown": ", ".join(unknown), "checks": ", ".join(monitoring.CHECKS)})
        ok, checks = monitoring.readiness(only=names or None)
        self.stdout.write(json.dumps({"status": "ok" if ok else "fail", "checks": checks}, indent=1))
        if not ok:
            raise SystemExit(1)
