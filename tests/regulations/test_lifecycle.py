"""A lifecycle only leaders move: an import records no signature, each party's leader records its own,
every move has its own button and a page stating its consequence, and one regulation at a time is in
force for a unit, a set of parties and a term."""

from datetime import date

import pytest
from django.urls import reverse

from coordination.models import Role
from regulations.models import Obligation, Regulation
from regulations.queries import regulation_in_force
from regulations.services import (
    RegulationError,
    article_update,
    party_sign,
    regulation_transition,
    regulation_transition_plan,
)
from tests.conftest import member
from tests.regulations.factories import OLD_SAMPLE, draft_text, import_text, in_force, sample_text, sign_all
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db

NEW = "12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ"
OLD = "794/QCPH-TTHĐND-UBND-BTTUBMTTQ"


@pytest.fixture
def leaders(province):
    """A leader of each of the four provincial bodies."""
    return {body: member(body, Role.LEADER) for body in
            (province.na_delegation, province.standing, province.committee, province.front)}


def test_an_import_records_no_signature_and_shows_the_text_s_signers_as_proposals(
    login, province, staff_a, sample
):
    assert not any(p.is_signed for p in sample.parties.all())
    assert (sample.signed_on, sample.dated_on) == (None, date(2026, 5, 6))
    page = login(staff_a).get(sample.get_absolute_url()).content.decode()
    assert page.count("Chưa ký") == 4 and "Đã ký" not in page
    assert "Theo văn bản: CHỦ TỊCH Trần Thị Bình" in page
    assert "ngày ghi trên văn bản: 06/05/2026" in page


def test_staff_see_no_status_button_and_cannot_open_one(login, province, staff_a, outsider, sample):
    page = login(staff_a).get(sample.get_absolute_url()).content.decode()
    assert "Lãnh đạo của một bên ký kết chuyển trạng thái" in page
    assert "Cho quy chế có hiệu lực" not in page and 'name="to_status"' not in page
    url = reverse("regulations:transition", args=[sample.pk, "in_force"])
    assert login(staff_a).get(url).status_code == 403
    assert login(staff_a).post(url).status_code == 403
    assert login(outsider).get(url).status_code == 404
    sample.refresh_from_db()
    assert sample.status == "draft"


def test_a_leader_sees_one_button_per_move_and_nothing_is_preselected(login, province, leader, sample):
    page = login(leader).get(sample.get_absolute_url()).content.decode()
    assert (
        'name="to_status"' not in page and "<option" not in page.split("<main")[1].split("Các bên ký kết")[0]
    )
    assert reverse("regulations:transition", args=[sample.pk, "negotiating"]) in page
    assert reverse("regulations:transition", args=[sample.pk, "in_force"]) in page
    assert reverse("regulations:transition", args=[sample.pk, "superseded"]) not in page


def test_the_leader_of_a_body_records_only_that_body_s_signature_prefilled_from_the_text(
    login, province, leaders, sample
):
    party = sample.parties.get(body=province.committee)
    url = reverse("regulations:party_sign", args=[party.pk])
    assert login(leaders[province.standing]).get(url).status_code == 403
    page = login(leaders[province.committee]).get(url).content.decode()
    assert 'value="Lê Văn Cường"' in page and 'value="CHỦ TỊCH"' in page
    assert "Theo văn bản đã nhập (chỉ là đề xuất, hãy kiểm tra)" in page
    response = login(leaders[province.committee]).post(
        url, {"signer_name": "Lê Văn Cường", "signer_title": "CHỦ TỊCH", "signed_on": "06/05/2026"})
    assert response.status_code == 302
    party.refresh_from_db()
    assert (party.is_signed, party.recorded_by) == (True, leaders[province.committee])
    page = login(leaders[province.committee]).get(sample.get_absolute_url()).content.decode()
    assert page.count("Chưa ký") == 3 and "Đã ký 06/05/2026" in page


@covers("regulations:transition")
def test_in_force_needs_every_signature_and_its_page_states_what_it_supersedes(
    login, province, leader, leaders, staff_a
):
    old = in_force(
        import_text(OLD_SAMPLE.read_text(encoding="utf-8"), province.unit), effective_from=date(2021, 10, 5)
    )
    new = import_text(sample_text(), province.unit)
    url = reverse("regulations:transition", args=[new.pk, "in_force"])
    page = login(leader).get(url).content.decode()
    assert (
        "Chưa thể cho hiệu lực: còn bên chưa ký" in page
        and "Xác nhận" not in page.split("Chưa chuyển được")[1]
    )
    assert (
        "còn bên chưa ký"
        in login(leader).post(url, {"effective_from": "06/05/2026"}, follow=True).content.decode()
    )
    new.refresh_from_db()
    assert new.status == "draft"

    for body, user in leaders.items():
        party = new.parties.get(body=body)
        party_sign(
            party=party,
            signer_name=party.proposed_signer_name,
            signer_title=party.proposed_signer_title,
            signed_on=date(2026, 5, 6),
            by=user,
        )
    page = login(leader).get(url).content.decode()
    assert f"Quy chế {NEW} có hiệu lực từ 06/05/2026." in page
    assert (
        f"Quy chế {OLD} chuyển sang “Đã được thay thế”, hết hiệu lực từ 06/05/2026 (hiệu lực đến 05/05/2026)."
        in page
    )
    assert "Ngày có hiệu lực đã qua" in page  # 06/05/2026 is before today, and the page says so
    assert 'name="effective_from" value="06/05/2026"' in page
    # Choosing another day shows its consequences before anything happens.
    page = login(leader).get(url, {"effective_from": "01/06/2026"}).content.decode()
    assert f"Quy chế {NEW} có hiệu lực từ 01/06/2026." in page
    new.refresh_from_db()
    assert new.status == "draft"

    response = login(leader).post(url, {"effective_from": "06/05/2026", "note": "Ký kết"})
    assert response.status_code == 302
    new.refresh_from_db()
    old.refresh_from_db()
    assert (new.status, new.effective_from) == ("in_force", date(2026, 5, 6))
    assert (old.status, old.effective_to) == ("superseded", date(2026, 5, 5))
    assert list(new.status_changes.values_list("to_status", "by", "note")) == [
        ("draft", None, "Nhập từ văn bản"), ("in_force", leader.pk, "Ký kết")]


def test_a_second_regulation_with_the_same_parties_and_term_is_refused_while_one_is_in_force(
    login, province, leader
):
    first = in_force(
        import_text(draft_text(number="5/QCPH-TTHĐND-UBND"), province.unit), effective_from=date(2026, 3, 12)
    )
    Regulation.objects.filter(pk=first.pk).update(term=province.term)
    second = sign_all(
        import_text(draft_text(number="6/QCPH-TTHĐND-UBND"), province.unit), on=date(2026, 4, 1)
    )
    Regulation.objects.filter(pk=second.pk).update(term=province.term)
    second.refresh_from_db()
    plan = regulation_transition_plan(regulation=second, to_status="in_force")
    assert (
        plan.problems and "Quy chế 5/QCPH-TTHĐND-UBND đang có hiệu lực cho cùng các bên" in plan.problems[0]
    )
    page = login(leader).get(reverse("regulations:transition", args=[second.pk, "in_force"])).content.decode()
    assert "Mỗi đơn vị, nhóm bên ký và nhiệm kỳ chỉ có một quy chế có hiệu lực" in page
    with pytest.raises(RegulationError, match="đang có hiệu lực cho cùng các bên"):
        regulation_transition(regulation=second, to_status="in_force", by=leader)
    second.refresh_from_db()
    assert second.status == "draft"
    # Naming the one it replaces (the header's "Thay thế quy chế") lets it in, superseding the first.
    Regulation.objects.filter(pk=second.pk).update(supersedes=first)
    second.refresh_from_db()
    regulation_transition(regulation=second, to_status="in_force", by=leader)
    first.refresh_from_db()
    assert first.status == "superseded"
    assert Regulation.objects.filter(unit=province.unit, status="in_force").count() == 1


def test_another_term_with_the_same_parties_is_allowed_but_said(province, leader):
    first = in_force(
        import_text(draft_text(number="5/QCPH-TTHĐND-UBND"), province.unit), effective_from=date(2026, 3, 12)
    )
    second = sign_all(
        import_text(draft_text(number="6/QCPH-TTHĐND-UBND"), province.unit), on=date(2026, 4, 1)
    )
    Regulation.objects.filter(pk=second.pk).update(term=province.term)
    second.refresh_from_db()
    plan = regulation_transition_plan(regulation=second, to_status="in_force")
    assert not plan.problems
    assert any(
        f"Quy chế {first.number}" in line and "không ghi thay thế nó" in line for line in plan.consequences
    )


def test_superseded_is_never_a_button(login, province, leader):
    regulation = in_force(import_text(draft_text(), province.unit), effective_from=date(2026, 3, 12))
    page = (
        login(leader)
        .get(reverse("regulations:transition", args=[regulation.pk, "superseded"]))
        .content.decode()
    )
    assert "khi quy chế thay thế nó có hiệu lực" in page
    login(leader).post(reverse("regulations:transition", args=[regulation.pk, "superseded"]))
    regulation.refresh_from_db()
    assert regulation.status == "in_force"
    assert (
        login(leader).get(reverse("regulations:transition", args=[regulation.pk, "nonsense"])).status_code
        == 404
    )


def test_expiry_states_its_day_and_refuses_one_before_the_start(login, province, leader):
    regulation = in_force(import_text(draft_text(), province.unit), effective_from=date(2026, 3, 12))
    url = reverse("regulations:transition", args=[regulation.pk, "expired"])
    page = login(leader).get(url, {"effective_from": "01/03/2026"}).content.decode()
    assert "ngày chấm dứt phải sau ngày đó" in page
    page = login(leader).get(url, {"effective_from": "32/13/2026"}).content.decode()
    assert "Chấm dứt hiệu lực từ ngày (ngày/tháng/năm): ghi ngày/tháng/năm, ví dụ 20/01/2027." in page
    login(leader).post(url, {"effective_from": "01/07/2026"})
    regulation.refresh_from_db()
    assert (regulation.status, regulation.effective_to) == ("expired", date(2026, 6, 30))


def test_negotiation_and_back_are_leader_moves_too(login, province, leader, staff_a):
    regulation = import_text(draft_text(), province.unit)
    url = reverse("regulations:transition", args=[regulation.pk, "negotiating"])
    assert login(staff_a).post(url).status_code == 403
    page = login(leader).get(url).content.decode()
    assert "chuyển sang “Đang thống nhất”" in page
    login(leader).post(url)
    regulation.refresh_from_db()
    assert regulation.status == "negotiating"


def test_the_regulation_in_force_is_never_an_amending_act_and_the_widest_one_wins(province):
    three = in_force(import_text(draft_text(number="5/QCPH-TTHĐND-UBND").replace(
        "THƯỜNG TRỰC HĐND - UBND", "THƯỜNG TRỰC HĐND - UBND - BAN THƯỜNG TRỰC UBMTTQ"), province.unit),
        effective_from=date(2026, 3, 1))
    two = in_force(
        import_text(draft_text(number="6/QCPH-TTHĐND-UBND"), province.unit), effective_from=date(2026, 4, 1)
    )
    assert two.parties.count() == 2 and three.parties.count() == 3
    assert regulation_in_force(unit=province.unit, on=date(2026, 5, 1)) == three
    Regulation.objects.filter(pk=three.pk).update(kind=Regulation.Kind.AMENDMENT)
    assert regulation_in_force(unit=province.unit, on=date(2026, 5, 1)) == two


def test_removing_clause_2_of_3_keeps_clause_3_its_text_and_its_obligation(province, staff_a):
    text = draft_text(articles=1).replace(
        "kỳ họp.\n",
        "kỳ họp.\n2. Thường trực HĐND tổ chức giao ban định kỳ 06 tháng.\n"
        "3. UBND trả lời kiến nghị của cử tri trong thời hạn 30 ngày kể từ ngày nhận được kiến nghị.\n", 1)
    regulation = in_force(import_text(text, province.unit), effective_from=date(2026, 3, 12))
    article = regulation.articles.get(number="1")
    first, second, third = article.clauses.order_by("order")
    on_third = Obligation.objects.get(clause=third)
    on_second = Obligation.objects.get(clause=second)
    Obligation.objects.filter(pk=on_second.pk).update(status=Obligation.Status.REJECTED)
    article_update(
        article=article, title=article.title, text="", by=staff_a, amendment="Quy chế số 9/QCPH-TTHĐND-UBND",
        amendment_effective_from=date(2026, 6, 1),
        clauses_text=f"1. {first.text}\n2. {third.text}",
    )
    clauses = list(article.clauses.order_by("order"))
    assert [(c.pk, c.number) for c in clauses] == [(first.pk, "1"), (third.pk, "2")]
    assert clauses[1].text == third.text
    on_third.refresh_from_db()
    assert on_third.clause_id == third.pk and on_third.citation.startswith("khoản 2 Điều 1")
    assert not Obligation.objects.filter(pk=on_second.pk).exists()


def test_an_edited_clause_keeps_its_row_and_a_new_one_is_added(province, staff_a):
    regulation = import_text(draft_text(articles=1), province.unit)
    article = regulation.articles.get()
    clause = article.clauses.get()
    obligation = clause.obligations.get()
    article_update(
        article=article,
        title=article.title,
        text="",
        by=staff_a,
        clauses_text="1. Khoản mới đầu tiên về tiếp công dân.\n"
        "2. UBND gửi báo cáo đến Thường trực HĐND chậm nhất 9 ngày trước ngày khai mạc kỳ họp.",
    )
    kept = article.clauses.get(number="2")
    assert kept.pk == clause.pk and "9 ngày" in kept.text
    obligation.refresh_from_db()
    assert obligation.clause_id == clause.pk


@covers("regulations:consistency")
def test_the_consistency_page_names_the_rule_not_its_code_and_is_a_click_away(login, province):
    from tests.factories import BodyFactory, CommuneFactory

    in_force(import_text(sample_text(), province.unit), effective_from=date(2026, 5, 6))
    commune = CommuneFactory(parent=province.unit)
    standing = BodyFactory(
        unit=commune, kind="council_standing", name="Thường trực HĐND xã", short_name="TT HĐND xã"
    )
    BodyFactory(unit=commune, kind="peoples_committee", name="UBND xã", short_name="UBND xã")
    officer = member(standing)
    text = draft_text(number="3/QCPH-TTHĐND-UBND", articles=1).replace(
        "Nội dung phối hợp số 1\n1. UBND gửi báo cáo",
        "Chuẩn bị kỳ họp Hội đồng nhân dân xã\n1. UBND gửi tờ trình",
    )
    commune_regulation = import_text(text, commune)
    detail = login(officer).get(commune_regulation.get_absolute_url()).content.decode()
    url = reverse("regulations:consistency", args=[commune_regulation.pk])
    assert f'href="{url}"' in detail and "Đối chiếu cấp trên" in detail
    page = login(officer).get(url).content.decode()
    assert "<td>UBND gửi tờ trình, dự thảo nghị quyết để thẩm tra</td>" in page
    assert "submission_due" not in page


def test_drafts_imported_before_keep_their_text_s_signers_only_as_proposals(province, leader):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("regulations.migrations.0007_import_report_proposals_amending_provisions")
    regulation = import_text(draft_text(), province.unit)
    imported, signed = regulation.parties.order_by("order")
    # As the importer used to save it: signed by nobody in particular, one history row.
    from regulations.models import Party

    Party.objects.filter(pk=imported.pk).update(
        signer_name="Trần Thị Bình", signer_title="CHỦ TỊCH", signed_on=date(2026, 3, 10)
    )
    party_sign(
        party=signed,
        signer_name="Lê Văn Cường",
        signer_title="CHỦ TỊCH",
        signed_on=date(2026, 3, 11),
        by=leader,
    )
    migration.signatures_back_to_proposals(apps, None)
    imported.refresh_from_db()
    signed.refresh_from_db()
    assert (imported.is_signed, imported.proposed_signer_name, imported.signer_name) == (
        False,
        "Trần Thị Bình",
        "",
    )
    assert (signed.is_signed, signed.signer_name) == (True, "Lê Văn Cường")
