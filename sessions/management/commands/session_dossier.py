from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sessions.models import Session
from sessions.reports import session_dossier_pdf


class Command(BaseCommand):
    help = "Tạo hồ sơ kỳ họp (PDF): manage.py session_dossier SESSION_PK -o ho-so.pdf"

    def add_arguments(self, parser):
        parser.add_argument("session_pk", type=int)
        parser.add_argument("-o", "--output", required=True, help="Tệp PDF sẽ ghi ra")

    def handle(self, *args, session_pk, output, **options):
        try:
            session = Session.objects.select_related("council__unit", "term").get(pk=session_pk)
        except Session.DoesNotExist:
            raise CommandError(_("Không có kỳ họp số %(pk)s.") % {"pk": session_pk}) from None
        Path(output).write_bytes(session_dossier_pdf(session))
        self.stdout.write(self.style.SUCCESS(_("Đã ghi hồ sơ %(session)s vào %(output)s") % {
            "session": session, "output": output}))
