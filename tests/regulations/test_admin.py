"""The admin edits drafts with their parties, chapters and articles; a signed regulation is read-only there."""

from datetime import date

import pytest
from django.urls import reverse

from tests.regulations.factories import draft_text, import_text, in_force

pytestmark = pytest.mark.django_db


def test_a_draft_is_editable_in_the_admin_with_its_inlines(client, superuser, province):
    regulation = import_text(draft_text(), province.unit)
    client.force_login(superuser)
    page = client.get(reverse("admin:regulations_regulation_change", args=[regulation.pk])).content.decode()
    assert 'name="title"' in page and "parties-TOTAL_FORMS" in page and "chapters-TOTAL_FORMS" in page
    chapter = regulation.chapters.get()
    page = client.get(reverse("admin:regulations_chapter_change", args=[chapter.pk])).content.decode()
    assert "articles-TOTAL_FORMS" in page and "Nội dung phối hợp số 2" in page


def test_a_signed_regulation_is_read_only_in_the_admin(client, superuser, province):
    regulation = in_force(import_text(draft_text(), province.unit), effective_from=date(2026, 3, 12))
    client.force_login(superuser)
    url = reverse("admin:regulations_regulation_change", args=[regulation.pk])
    page = client.get(url).content.decode()
    assert 'name="title"' not in page
    client.post(url, {"title": "Đổi tên", "number": regulation.number})
    regulation.refresh_from_db()
    assert regulation.title != "Đổi tên"
    article = regulation.articles.get(number="1")
    assert 'name="title"' not in client.get(reverse("admin:regulations_article_change", args=[article.pk])).content.decode()


def test_the_regulation_changelist_searches_and_filters(client, superuser, province):
    import_text(draft_text(), province.unit)
    client.force_login(superuser)
    page = client.get(reverse("admin:regulations_regulation_changelist"), {"q": "thu nghiem", "status__exact": "draft"})
    assert "5/QCPH-TTHĐND-UBND" in page.content.decode()
