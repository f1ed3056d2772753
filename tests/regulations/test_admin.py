"""The admin edits drafts with their parties, chapters and articles; a signed regulation is read-only
there."""

from datetime import date

import lxml.html
import pytest
from django.urls import reverse

from regulations.models import Clause, Point, Section
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


def _form_data(page: str, form_id: str) -> dict:
    """What the browser would post back from the admin change form, unchanged."""
    form = next(f for f in lxml.html.fromstring(page).forms if f.get("id") == form_id)
    data: dict = {}
    for name, value in form.form_values():
        if "__prefix__" not in name:
            data.setdefault(name, []).append(value)
    return data


@pytest.mark.parametrize("signed", [False, True], ids=["draft", "signed"])
def test_the_admin_saves_a_complete_form_of_a_draft_and_refuses_it_once_signed(
    client, superuser, province, signed
):
    regulation = import_text(draft_text(), province.unit)
    client.force_login(superuser)
    url = reverse("admin:regulations_regulation_change", args=[regulation.pk])
    data = {**_form_data(client.get(url).content.decode(), "regulation_form"), "title": ["Đổi tên"]}
    if signed:
        in_force(regulation, effective_from=date(2026, 3, 12))
        assert 'name="title"' not in client.get(url).content.decode()
    response = client.post(url, data)
    regulation.refresh_from_db()
    assert (response.status_code, regulation.title == "Đổi tên") == ((403, False) if signed else (302, True))


@pytest.mark.parametrize("name, part", [
    ("article", lambda r: r.articles.get(number="1")),
    ("clause", lambda r: Clause.objects.filter(article__regulation=r).first()),
    ("point", lambda r: Point.objects.filter(clause__article__regulation=r).first()),
    ("section", lambda r: Section.objects.filter(chapter__regulation=r).first()),
    ("party", lambda r: r.parties.first()),
    ("obligation", lambda r: r.obligations.first()),
])
def test_every_part_of_a_signed_regulation_is_read_only_in_its_own_admin(
    client, superuser, province, name, part
):
    text = draft_text().replace("QUY ĐỊNH CHUNG\n\n", "QUY ĐỊNH CHUNG\nMục 1 - PHẠM VI\n").replace(
        "kỳ họp.", "kỳ họp:\na) gửi tờ trình;\nb) gửi dự thảo.", 1)
    regulation = in_force(import_text(text, province.unit), effective_from=date(2026, 3, 12))
    client.force_login(superuser)
    obj = part(regulation)
    url = reverse(f"admin:regulations_{name}_change", args=[obj.pk])
    assert 'name="_save"' not in client.get(url).content.decode()
    assert client.post(url, {}).status_code == 403
    assert (
        client.post(reverse(f"admin:regulations_{name}_delete", args=[obj.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert type(obj).objects.filter(pk=obj.pk).exists()


def test_a_part_can_be_added_only_to_a_draft(client, superuser, province):
    signed = in_force(import_text(draft_text(), province.unit), effective_from=date(2026, 3, 12))
    draft = import_text(draft_text(number="6/QCPH-TTHĐND-UBND"), province.unit)
    client.force_login(superuser)
    page = client.get(reverse("admin:regulations_section_add")).content.decode()
    assert f'value="{draft.chapters.get().pk}"' in page and f'value="{signed.chapters.get().pk}"' not in page
    response = client.post(
        reverse("admin:regulations_section_add"),
        {"chapter": signed.chapters.get().pk, "number": "1", "title": "Lén thêm", "order": 1},
    )
    assert (
        "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
        or "Select a valid choice" in response.content.decode()
    )
    assert not Section.objects.exists()


def _party_rows(regulation, bodies):
    """The admin change form of ``regulation`` with its parties replaced by ``bodies``."""
    data = {
        "number": regulation.number,
        "title": regulation.title,
        "unit": regulation.unit_id,
        "kind": regulation.kind,
        "chapters-TOTAL_FORMS": 0,
        "chapters-INITIAL_FORMS": 0,
        "parties-INITIAL_FORMS": 0,
        "parties-TOTAL_FORMS": len(bodies),
    }
    for n, body in enumerate(bodies):
        data.update({f"parties-{n}-body": body.pk, f"parties-{n}-order": n})
    return data


def test_the_admin_keeps_two_to_four_parties_from_the_main_bodies(
    client, superuser, province, other_province
):
    regulation = import_text(draft_text(), province.unit)
    regulation.parties.all().delete()
    client.force_login(superuser)
    url = reverse("admin:regulations_regulation_change", args=[regulation.pk])
    main = [province.na_delegation, province.standing, province.committee, province.front]
    page = client.post(url, _party_rows(regulation, [province.standing])).content.decode()
    assert "Bên ký kết: quy chế phải có từ hai đến bốn bên ký kết; đang có 1 bên." in page
    page = client.post(url, _party_rows(regulation, [*main, province.council_committee])).content.decode()
    assert "đang có 5 bên" in page
    page = client.post(url, _party_rows(regulation, [province.standing, province.agency])).content.decode()
    assert "bên ký kết phải là một trong các cơ quan chủ chốt của" in page
    page = client.post(
        url, _party_rows(regulation, [province.standing, other_province.committee])
    ).content.decode()
    assert "bên ký kết phải là một trong các cơ quan chủ chốt của" in page
    assert not regulation.parties.exists()
    assert client.post(url, _party_rows(regulation, main)).status_code == 302
    assert set(regulation.parties.values_list("body", flat=True)) == {b.pk for b in main}


def test_the_party_admin_adds_no_fifth_party_and_removes_none_of_two(client, superuser, province):
    four = import_text(
        draft_text().replace(
            "THƯỜNG TRỰC HĐND - UBND", "ĐOÀN ĐBQH - THƯỜNG TRỰC HĐND - UBND - BAN THƯỜNG TRỰC UBMTTQ"
        ),
        province.unit,
    )
    two = import_text(draft_text(number="6/QCPH-TTHĐND-UBND"), province.unit)
    assert (four.parties.count(), two.parties.count()) == (4, 2)
    client.force_login(superuser)
    page = client.post(
        reverse("admin:regulations_party_add"),
        {"regulation": four.pk, "body": province.council_committee.pk, "order": 5},
    ).content.decode()
    assert "Quy chế: đã đủ bốn bên ký kết; không thêm được bên nữa." in page
    assert four.parties.count() == 4
    party = two.parties.first()
    assert (
        client.post(reverse("admin:regulations_party_delete", args=[party.pk]), {"post": "yes"}).status_code
        == 403
    )
    assert two.parties.count() == 2


def test_the_regulation_changelist_searches_and_filters(client, superuser, province):
    import_text(draft_text(), province.unit)
    client.force_login(superuser)
    page = client.get(
        reverse("admin:regulations_regulation_changelist"), {"q": "thu nghiem", "status__exact": "draft"}
    )
    assert "5/QCPH-TTHĐND-UBND" in page.content.decode()
