from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from coordination.models import NotificationPreference
from coordination.services import digests_send


class Command(BaseCommand):
    help = "Gửi thư tổng hợp việc cần theo dõi (hằng ngày hoặc hằng tuần); mỗi người nhận một thư mỗi kỳ."

    def add_arguments(self, parser):
        parser.add_argument(
            "--frequency",
            choices=NotificationPreference.SENT_FREQUENCIES,
            required=True,
            help="daily: người chọn nhận hằng ngày; weekly: người chọn nhận hằng tuần (mặc định)",
        )

    def handle(self, *args, frequency, **options):
        queued = digests_send(frequency=frequency)
        self.stdout.write(self.style.SUCCESS(_("Đã xếp %(queued)s thư tổng hợp vào hàng đợi gửi.") % {
            "queued": queued}))
