"""A regulation import (docx, txt or pasted) is refused past ``IMPORT_MAX_ROWS`` lines before it is parsed, and a
docx whose archive would expand too far is refused before python-docx opens it (issue #10, finding 2)."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from regulations.models import Regulation
from tests.coordination.test_uploads import zip_bomb
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db


@covers("regulations:import")
@pytest.mark.parametrize("as_file", [True, False])
def test_a_text_past_the_line_limit_is_refused_at_once(login, province, staff_a, settings, as_file):
    settings.IMPORT_MAX_ROWS = 2000
    text = "\n".join(f"Điều {n}. Nội dung điều {n}" for n in range(1, 2002))
    data = {"unit": province.unit.pk, "action": "save"}
    data.update({"file": SimpleUploadedFile("quy-che.txt", text.encode())} if as_file else {"text": text})
    started = time.monotonic()
    page = login(staff_a).post(reverse("regulations:import"), data).content.decode()
    assert time.monotonic() - started < 10
    assert "Nội dung quy chế: văn bản có hơn 2000 dòng" in page and not Regulation.objects.exists()


def test_a_docx_bomb_is_refused_before_parsing(login, province, staff_a):
    bomb = SimpleUploadedFile("quy-che.docx", zip_bomb(member="word/document.xml", size=20 * 1024 * 1024))
    page = login(staff_a).post(reverse("regulations:import"), {"unit": province.unit.pk, "file": bomb, "action": "preview"})
    assert "nén quá mức" in page.content.decode() and not Regulation.objects.exists()
