from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from voters.services import petitions_reopen_overdue


class Command(BaseCommand):
    help = (
        "Mở lại các kiến nghị cử tri đã quá thời hạn giải quyết mà cơ quan đã hứa (chạy lại không gây trùng)."
    )

    def handle(self, *args, **options):
        count = petitions_reopen_overdue()
        self.stdout.write(_("Đã mở lại %(count)s kiến nghị quá hạn.") % {"count": count})
