from django.core.management.base import BaseCommand

from voters.services import petitions_reopen_overdue


class Command(BaseCommand):
    help = "Mở lại các kiến nghị cử tri đã quá thời hạn giải quyết mà cơ quan đã hứa (chạy lại không gây trùng)."

    def handle(self, *args, **options):
        count = petitions_reopen_overdue()
        self.stdout.write(f"Đã mở lại {count} kiến nghị quá hạn.")
