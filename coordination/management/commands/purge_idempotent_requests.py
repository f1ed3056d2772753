from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coordination.services import idempotent_requests_purge


class Command(BaseCommand):
    help = "Xóa các câu trả lời lưu cho yêu cầu API có khóa chống lặp đã quá 30 ngày (beat chạy mỗi giờ)."

    def handle(self, *args, **options):
        count = idempotent_requests_purge()
        self.stdout.write(_("Đã xóa %(count)s yêu cầu chống lặp quá hạn lưu.") % {"count": count})
