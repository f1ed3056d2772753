"""Import, the legal status path, signatures, obligations overriding the law, amendments and versions."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from coordination.deadline_rules import due_date_for, rule_for
from coordination.models import CoordinationArea, StatutoryRule
from regulations.models import (
    Article,
    Obligation,
    Party,
    Regulation,
    RegulationStatusChange,
    validate_document_number,
)
from regulations.parsing import parse_regulation
from regulations.queries import confirmed_obligations, obligation_rule_for, regulation_in_force
from regulations.services import (
    RegulationError,
    article_update,
    obligation_confirm,
    obligation_reject,
    party_sign,
    regulation_transition,
)
from regulations.versions import (
    compare_versions,
    regulation_changes,
    regulation_text,
    regulation_text_as_of,
    word_diff,
)
from tests.regulations.factories import OLD_SAMPLE, draft_text, import_text, in_force, sample_text, sign_all

pytestmark = pytest.mark.django_db


def test_the_sample_is_saved_with_its_structure_parties_and_proposals(sample, province):
    assert sample.status == Regulation.Status.DRAFT
    assert sample.articles.count() == 17 and sample.chapters.count() == 3
    assert [p.body for p in sample.parties.order_by("order")] == [
        province.na_delegation, province.standing, province.committee, province.front
    ]
    # The signers the text names are proposals; nobody's signature is recorded by the import.
    assert not any(p.is_signed for p in sample.parties.all()) and sample.signed_on is None
    assert sample.dated_on == date(2026, 5, 6)
    assert [p.proposed_signer_name for p in sample.parties.order_by("order")] == [
        "Nguyễn Văn An", "Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung"]
    submission = sample.obligations.get(deadline_code="submission_due")
    assert submission.lead_body == province.committee
    assert submission.status == Obligation.Status.PROPOSED
    assert submission.citation == "khoản 2 Điều 5 Quy chế số 12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ"
    assert set(sample.obligations.get(article__number="5", clause__number="1").cooperating_bodies.all()) == {
        province.committee, province.front
    }
    assert sample.obligations.get(deadline_code="review_report_due").lead_body == province.council_committee
    article5 = sample.articles.get(number="5")
    assert [a.code for a in article5.areas.all()] == ["council_sessions"]
    point = article5.regulation.articles.get(number="7").clauses.get(number="2").points.get(letter="b")
    assert point.citation == "điểm b khoản 2 Điều 7 Quy chế số 12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ"
    assert point.anchor == "dieu-7-khoan-2-diem-b"


def test_an_import_that_fails_saves_nothing(province, sample):
    before = (Regulation.objects.count(), Article.objects.count(), Party.objects.count())
    with pytest.raises(RegulationError, match="đã có quy chế số 12/QCPH"):
        import_text(sample_text(), province.unit)
    with pytest.raises(RegulationError, match="không đúng mẫu"):
        import_text(draft_text(), province.unit, number="số bảy")
    text = sample_text().replace("TM. ĐOÀN ĐẠI BIỂU QUỐC HỘI TỈNH", "TM. HỘI NÔNG DÂN TỈNH")
    with pytest.raises(
        RegulationError, match="Dòng 114: không tìm thấy cơ quan ký kết “TM. HỘI NÔNG DÂN TỈNH”"
    ):
        import_text(text.replace("12/QCPH", "13/QCPH"), province.unit)
    assert (Regulation.objects.count(), Article.objects.count(), Party.objects.count()) == before


def test_a_regulation_needs_two_to_four_parties(province):
    with pytest.raises(RegulationError, match="từ hai đến bốn bên"):
        import_text(draft_text().replace("THƯỜNG TRỰC HĐND - UBND", "UBND"), province.unit)


def test_a_fifth_signature_block_is_refused_naming_its_line(province):
    # A unit has one body of each of the four main kinds, so a fifth block repeats one of them.
    text = sample_text().rstrip() + "\n\nTM. ỦY BAN NHÂN DÂN TỈNH\nPHÓ CHỦ TỊCH\nNguyễn Văn Em\n"
    assert len(parse_regulation(text).parties) == 5
    with pytest.raises(RegulationError) as error:
        import_text(text, province.unit)
    assert (
        str(error.value)
        == f"Dòng 130: {province.committee} đã có khối chữ ký ở dòng 122; mỗi bên ký một lần."
    )
    assert not Regulation.objects.exists() and not Party.objects.exists()


@pytest.mark.parametrize("number", [
    "794/QCPH-TTHĐND-UBND-BTTUBMTTQ", "10/2016/NQ-HĐND", "06/QC-TT.HĐND-UBND", "01/QCPH/UBND-UBMTTQ",
    "12/QCPH-ĐĐBQH-TTHĐND-UBND-BTTUBMTTQ",
])
def test_the_number_validator_accepts_real_numbers(number):
    validate_document_number(number)


@pytest.mark.parametrize(
    "number", ["", "QCPH-UBND", "12/qcph-ubnd", "12/QCPH UBND", "12/2016/", "12/QCPH--UBND", "12/2016/2017"]
)
def test_the_number_validator_refuses_what_is_not_a_number(number):
    with pytest.raises(ValidationError, match="không đúng mẫu văn bản hành chính"):
        validate_document_number(number)


def test_only_legal_transitions_are_allowed_and_each_is_recorded(province, staff_a):
    regulation = import_text(draft_text(), province.unit)
    with pytest.raises(
        RegulationError, match="Không thể chuyển quy chế từ “Dự thảo” sang “Đã được thay thế”"
    ):
        regulation_transition(regulation=regulation, to_status="superseded", by=staff_a)
    regulation_transition(regulation=regulation, to_status="negotiating", by=staff_a)
    with pytest.raises(RegulationError, match="còn bên chưa ký"):
        regulation_transition(regulation=regulation, to_status="in_force", by=staff_a)
    assert list(
        RegulationStatusChange.objects.filter(regulation=regulation).values_list("to_status", "by")
    ) == [("draft", None), ("negotiating", staff_a.pk)]


def test_signing_then_in_force_then_superseded(province, leader):
    old = in_force(
        import_text(OLD_SAMPLE.read_text(encoding="utf-8"), province.unit), effective_from=date(2021, 10, 5)
    )
    new = sign_all(import_text(sample_text(), province.unit))
    assert new.supersedes == old and new.based_on == old
    regulation_transition(regulation=new, to_status="in_force", by=leader, effective_from=date(2026, 5, 6))
    old.refresh_from_db()
    assert (old.status, old.effective_to) == ("superseded", date(2026, 5, 5))
    assert regulation_in_force(unit=province.unit, on=date(2026, 5, 5)) == old
    assert regulation_in_force(unit=province.unit, on=date(2026, 5, 6)) == new


def test_party_sign_records_the_signature(province, leader):
    regulation = import_text(draft_text(), province.unit)
    party = regulation.parties.get(body=province.standing)
    party_sign(
        party=party,
        signer_name="Nguyễn Văn Thành",
        signer_title="CHỦ TỊCH",
        signed_on=date(2026, 3, 12),
        by=leader,
    )
    party.refresh_from_db()
    assert (party.signer_name, party.recorded_by, party.signed_on) == (
        "Nguyễn Văn Thành",
        leader,
        date(2026, 3, 12),
    )
    regulation.refresh_from_db()
    assert regulation.signed_on == date(2026, 3, 12)


def test_a_confirmed_obligation_overrides_the_law_while_its_regulation_is_in_force(province, staff_b):
    law = StatutoryRule.objects.get(code="submission_due")
    assert rule_for(unit=province.unit, code="submission_due", on=date(2026, 7, 1)) == law
    old = in_force(
        import_text(OLD_SAMPLE.read_text(encoding="utf-8"), province.unit), effective_from=date(2021, 10, 5)
    )
    opening = date(2025, 7, 10)
    # 794/… says 15 days before the opening; the law's default is 20.
    assert due_date_for(
        unit=province.unit, code="submission_due", anchor_date=opening
    ) == opening - timedelta(days=15)
    rule = obligation_rule_for(unit=province.unit, code="submission_due", on=opening)
    assert rule.regulation == old and rule.citation.startswith("khoản 2 Điều 3 Quy chế số 794/")
    assert obligation_rule_for(unit=province.unit, code="submission_due", on=date(2021, 1, 1)) is None
    # A proposed (not yet confirmed) obligation never overrides the law.
    Obligation.objects.filter(regulation=old, deadline_code="review_report_due").update(status="proposed")
    assert rule_for(unit=province.unit, code="review_report_due", on=opening) == StatutoryRule.objects.get(
        code="review_report_due"
    )


def test_confirmed_obligations_for_the_plan(province, django_assert_num_queries):
    regulation = in_force(import_text(sample_text(), province.unit), effective_from=date(2026, 5, 6))
    with django_assert_num_queries(2):
        rows = [
            (o.lead_body.short_name, o.article.number, o.area_id, [b.pk for b in o.cooperating_bodies.all()])
            for o in confirmed_obligations(regulation=regulation)
        ]
    assert len(rows) == regulation.obligations.filter(status="confirmed").count() > 10


def test_confirming_needs_a_lead_body(sample, staff_a):
    obligation = sample.obligations.filter(lead_body__isnull=True).first()
    with pytest.raises(RegulationError, match="hãy chọn cơ quan chủ trì"):
        obligation_confirm(obligation=obligation, by=staff_a)
    obligation.refresh_from_db()
    assert obligation.status == "proposed"


def test_a_signed_regulation_changes_only_through_a_recorded_amendment(province, staff_a):
    regulation = in_force(import_text(draft_text(), province.unit), effective_from=date(2026, 3, 12))
    article = regulation.articles.get(number="2")
    with pytest.raises(RegulationError, match="chỉ sửa được khi ghi nhận văn bản sửa đổi"):
        article_update(article=article, title="X", text="", clauses_text="1. Y", by=staff_a)
    before = timezone.now()
    article_update(
        article=article,
        title="Nội dung phối hợp số 2",
        text="",
        clauses_text="1. UBND gửi báo cáo đến Thường trực HĐND chậm nhất 10 ngày trước ngày khai mạc kỳ "
                     "họp.\n2. Khoản mới.",
        by=staff_a,
        amendment="Quy chế số 9/QCPH-TTHĐND-UBND",
        amendment_effective_from=date(2026, 6, 1),
    )
    assert list(article.clauses.values_list("number", flat=True)) == ["1", "2"]
    history = article.clauses.get(number="1").history.first()
    assert history.history_change_reason == "Sửa đổi theo Quy chế số 9/QCPH-TTHĐND-UBND"
    then = next(a for a in regulation_text_as_of(regulation=regulation, when=before) if a.number == "2")
    assert then.lines == [
        "1. UBND gửi báo cáo đến Thường trực HĐND chậm nhất 7 ngày trước ngày khai mạc kỳ họp."
    ]
    rows = compare_versions(
        regulation_text_as_of(regulation=regulation, when=before), regulation_text(regulation=regulation)
    )
    changed = [r for r in rows if r.status == "changed"]
    assert len(changed) == 1 and "<del>7</del> <ins>10</ins>" in changed[0].diff_html
    assert "<ins><br>2. Khoản mới.</ins>" in changed[0].diff_html


def _with_points(**kwargs) -> str:
    return draft_text(**kwargs).replace("QUY ĐỊNH CHUNG\n\n", "QUY ĐỊNH CHUNG\nMục 1 - PHẠM VI\n").replace(
        "kỳ họp.", "kỳ họp:\na) tờ trình;\nb) dự thảo nghị quyết.", 1)


def test_the_change_log_names_areas_cooperating_bodies_chapters_sections_and_points(province, staff_a):
    regulation = import_text(_with_points(), province.unit)
    article = regulation.articles.get(number="1")
    reception, supervision = CoordinationArea.objects.filter(
        code__in=["citizen_reception", "supervision"]
    ).order_by("code")
    article.areas.set([reception])
    article_update(
        article=article,
        title=article.title,
        text="",
        by=staff_a,
        areas=[supervision],
        clauses_text="1. UBND gửi báo cáo chậm nhất 6 ngày trước ngày khai mạc kỳ họp:\na) tờ trình;\nb) dự "
                     "thảo.",
    )
    obligation = regulation.obligations.first()
    obligation.cooperating_bodies.set([province.front])
    log = [c.what for c in regulation_changes(regulation=regulation)]
    # Django's set() removes, then adds: two recorded changes.
    assert log.count(f"Sửa Điều 1. {article.title} — lĩnh vực phối hợp: thêm {reception.name}") == 1
    assert f"Sửa Điều 1. {article.title} — lĩnh vực phối hợp: bỏ {reception.name}" in log
    assert f"Sửa Điều 1. {article.title} — lĩnh vực phối hợp: thêm {supervision.name}" in log
    assert (
        f"Sửa nghĩa vụ tại Điều 1 (Đề xuất, chờ xác nhận) — cơ quan phối hợp: thêm {province.front.name}"
        in log
    )
    assert "Thêm Chương I. QUY ĐỊNH CHUNG" in log and "Thêm Mục 1 Chương I. PHẠM VI" in log
    # Only the point that changed is logged; point a kept its row.
    assert log.count("Sửa điểm b khoản 1 Điều 1") == 1 and "Sửa điểm a khoản 1 Điều 1" not in log
    assert "Xóa điểm a khoản 1 Điều 1" not in log
    reasons = {
        c.reason
        for c in regulation_changes(regulation=regulation)
        if "Điều 1" in c.what and c.what.startswith("Sửa") and "nghĩa vụ" not in c.what
    }
    assert reasons == {"", "Sửa dự thảo"}  # the first areas change was made outside any service


def test_an_amendment_cannot_drop_a_clause_with_a_confirmed_obligation(province, staff_a):
    regulation = in_force(import_text(draft_text(), province.unit), effective_from=date(2026, 3, 12))
    article = regulation.articles.get(number="2")
    article_update(
        article=article,
        title=article.title,
        text="",
        by=staff_a,
        amendment="Quy chế số 9/QCPH-TTHĐND-UBND",
        amendment_effective_from=date(2026, 6, 1),
        clauses_text=f"{article.clauses.get().number}. {article.clauses.get().text}\n2. Khoản thêm.",
    )
    confirmed = article.obligations.get()
    assert confirmed.status == "confirmed" and confirmed.clause.number == "1"
    with pytest.raises(RegulationError) as error:
        article_update(
            article=article,
            title=article.title,
            text="Nội dung mới.",
            clauses_text="",
            by=staff_a,
            amendment="Quy chế số 10/QCPH-TTHĐND-UBND",
            amendment_effective_from=date(2026, 7, 1),
        )
    assert str(error.value) == ("Nội dung Điều 2: không bỏ được khoản 1 vì có nghĩa vụ đã xác nhận. "
                                "Hãy đánh dấu nghĩa vụ đó “Không áp dụng” trước, hoặc giữ lại khoản.")
    article.refresh_from_db()
    assert (
        article.text == ""
        and article.clauses.count() == 2
        and Obligation.objects.filter(pk=confirmed.pk).exists()
    )
    # Once the person marks it "not applicable", the clause can go, with its obligation and a history row
    # each.
    obligation_reject(obligation=confirmed, by=staff_a)
    article_update(article=article, title=article.title, text="Nội dung mới.", clauses_text="", by=staff_a,
                   amendment="Quy chế số 10/QCPH-TTHĐND-UBND", amendment_effective_from=date(2026, 7, 1))
    assert not Obligation.objects.filter(pk=confirmed.pk).exists()
    assert "Xóa nghĩa vụ tại Điều 2 (Không áp dụng)" in [
        c.what for c in regulation_changes(regulation=regulation)
    ]


def test_comparing_with_the_superseded_regulation_pairs_articles_by_title(province):
    old = import_text(OLD_SAMPLE.read_text(encoding="utf-8"), province.unit)
    new = import_text(sample_text(), province.unit)
    rows = {(r.old.number if r.old else None, r.new.number if r.new else None): r
            for r in compare_versions(regulation_text(regulation=old), regulation_text(regulation=new))}
    # "Chuẩn bị và tổ chức kỳ họp" was Điều 3 and is Điều 5 now, with new deadlines.
    assert rows[("3", "5")].status == "changed"
    assert "<del>25</del> <ins>30</ins>" in rows[("3", "5")].diff_html
    assert rows[(None, "4")].status == "added"
    assert rows[("1", "1")].status == "changed"


def test_word_diff_escapes_what_people_typed():
    html = word_diff("a <b> c", "a <i> c")
    assert html == "a <del>&lt;b&gt;</del> <ins>&lt;i&gt;</ins> c"
