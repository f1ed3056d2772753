"""What the redaction finds: the denouncer however the summary spells them, and nothing else."""

import pytest

from voters.redaction import PLACEHOLDER as X
from voters.redaction import identifying_strings, redact

SECRETS = identifying_strings(full_name="Phạm Văn Tố", address="Thôn 4, xã Phong Lạc", contact="0912 000 111",
                              other_details="Kế toán Công ty Hòa Bình\n38A-123.45; Lê")


@pytest.mark.parametrize(
    "typed", ["Phạm Văn Tố", "PHẠM VĂN TỐ", "pham van to", "Phạm  Văn\nTố", "Phạm văn Tố"]
)
def test_a_name_is_found_in_any_case_with_or_without_diacritics(typed):
    assert redact(f"Ông {typed} tố cáo.", SECRETS) == f"Ông {X} tố cáo."


@pytest.mark.parametrize("typed", ["0912 000 111", "0912.000.111", "0912000111", "0912-000-111"])
def test_a_phone_number_is_found_however_its_digits_are_grouped(typed):
    assert redact(f"SĐT: {typed}.", SECRETS) == f"SĐT: {X}."


def test_the_address_and_each_other_detail_are_found():
    text = "Ở thôn 4 xã Phong Lạc, kế toán công ty Hòa Bình, xe 38A 123 45, bà Lê là vợ."
    assert redact(text, SECRETS) == f"Ở {X}, {X}, xe {X}, bà {X} là vợ."


def test_only_whole_words_match():
    # "Lê" (a two-letter detail) is redacted as a word of its own, never inside another word ("lệnh").
    assert redact("Phạm Văn Tốt làm theo lệnh", SECRETS) == "Phạm Văn Tốt làm theo lệnh"
    assert redact("Phạm Văn Tố, Lê", SECRETS) == f"{X}, {X}"


def test_text_without_the_identity_is_unchanged():
    assert redact("Tố cáo cán bộ địa chính", SECRETS) == "Tố cáo cán bộ địa chính"
    assert redact("Phạm Văn Tố", []) == "Phạm Văn Tố"
    assert identifying_strings(full_name=" ", other_details="\n;  \n") == []


# --- Issue #10: every form a person writes a detail in ------------------------------------------------------

import re  # noqa: E402
from datetime import timedelta  # noqa: E402

from django.urls import reverse  # noqa: E402
from hypothesis import HealthCheck, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from coordination.models import Role  # noqa: E402
from coordination.text import fold  # noqa: E402

PHONE_AND_MAIL = identifying_strings(full_name="Phạm Văn Tố", contact="0987 111 222, pvto.hoaphong@gmail.com",
                                     other_details="CCCD 038090001234\nCMND 123456789")


@pytest.mark.parametrize("typed", ["+84 987 111 222", "84987111222", "+84987111222", "(+84) 987-111-222",
                                   "0084 987 111 222", "+84 (0) 987 111 222", "0987 111 222", "0987.111.222",
                                   "098 7111 222", "987 111 222", "SĐT0987111222"])
def test_a_phone_number_is_found_with_or_without_its_country_or_trunk_prefix(typed):
    redacted = redact(f"Liên hệ {typed} để xác minh.", PHONE_AND_MAIL)
    assert "987" not in redacted and X in redacted, redacted


@pytest.mark.parametrize(
    "typed",
    [
        "pvto.hoaphong@gmail.com",
        "PVTO.HoaPhong@Gmail.COM",
        "pvto.hoaphong (at) gmail (dot) com",
        "pvto.hoaphong[at]gmail.com",
    ],
)
def test_an_email_is_found_in_a_contact_field_that_also_holds_a_phone(typed):
    redacted = redact(f"Thư gửi từ {typed}.", PHONE_AND_MAIL)
    assert "pvto" not in redacted.lower() and "gmail" not in redacted.lower(), redacted


@pytest.mark.parametrize(
    "typed", ["038090001234", "038 090 001 234", "038.090.001.234", "123456789", "123 456 789"]
)
def test_id_card_numbers_are_found_however_grouped(typed):
    assert re.sub(r"\D", "", redact(f"Số giấy tờ: {typed}.", PHONE_AND_MAIL)) == ""


@pytest.mark.parametrize("text, expected", [
    ("Ông Tố cho biết", f"Ông {X} cho biết"),
    ("theo lời bà TỐ", f"theo lời bà {X}"),
    ("anh to khai rang", f"anh {X} khai rang"),
    ("chú Văn Tố", f"chú {X}"),
    ("Em  Tố", f"Em  {X}"),
    # Not the given name: other diacritics ("có tổ chức"), or no form of address before it.
    ("Đơn vị có tổ chức họp", "Đơn vị có tổ chức họp"),
    ("ông Tổ trưởng", "ông Tổ trưởng"),
    ("Tố cáo của công dân", "Tố cáo của công dân"),
])
def test_the_given_name_after_a_form_of_address(text, expected):
    assert redact(text, PHONE_AND_MAIL) == expected


def test_each_detail_of_a_field_that_holds_several():
    secrets = identifying_strings(full_name="Lê Thị Hà", contact="ĐT: 0912 345 678 hoặc 024 3825 1234",
                                  other_details="Kế toán và thủ quỹ Công ty Hòa Bình / biển số 38A-123.45")
    redacted = redact(
        "Bà Hà, kế toán, gọi 02438251234 hoặc +84 912 345 678; xe 38A12345; thủ quỹ công ty Hòa Bình", secrets
    )
    assert redacted == f"Bà {X}, {X}, gọi {X} hoặc {X}; xe {X}; {X}"
    assert "dt" not in [fold(s) for s in secrets]  # a label alone is no detail


# Identities and the texts that mention them, as people write them.
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Hữu"]
GIVEN = ["Tố", "Hà", "Lộc", "Dũng", "Hạnh", "Quyết", "Nguyệt", "Khánh"]
FILLER = [
    "cán bộ",
    "địa chính",
    "nhận tiền",
    "của",
    "dự án",
    "tại",
    "trụ sở",
    "tháng trước",
    "đề nghị",
    "xác minh",
    "nội dung",
]
HONORIFIC_FORMS = ["ông", "bà", "anh", "chị", "cô", "chú", "em", "Ông", "BÀ", "ong", "chi"]

names = st.builds(
    lambda f, m, g: f"{f} {m} {g}", st.sampled_from(FAMILY), st.sampled_from(MIDDLE), st.sampled_from(GIVEN)
)
national_numbers = st.builds(lambda first, rest: first + rest, st.sampled_from("35789"),
                             st.text(alphabet="0123456789", min_size=8, max_size=8))
emails = st.builds(
    lambda user, host: f"{user}@{host}.vn",
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=10),
    st.sampled_from(["gmail", "hoaphong.gov", "yahoo", "mail"]),
)
cccds = st.builds(
    lambda p, rest: p + rest,
    st.sampled_from(["001", "038", "079"]),
    st.text(alphabet="0123456789", min_size=9, max_size=9),
)


@st.composite
def phone_as_typed(draw, national: str) -> str:
    prefix = draw(st.sampled_from(["0", "+84", "84", "+84 ", "(+84) ", "0084 ", "+84 (0) ", ""]))
    separator = draw(st.sampled_from([" ", ".", "-", "", "  "]))
    cuts = sorted(draw(st.sets(st.integers(1, len(national) - 1), max_size=4)))
    groups = [national[i:j] for i, j in zip([0, *cuts], [*cuts, len(national)], strict=True)]
    return prefix + separator.join(groups)


@st.composite
def name_as_typed(draw, name: str) -> str:
    form = draw(st.sampled_from(["as is", "upper", "lower", "folded", "folded upper", "given"]))
    if form == "given":
        given = name.split()[-1]
        return f"{draw(st.sampled_from(HONORIFIC_FORMS))} {draw(st.sampled_from([given, fold(given)]))}"
    return {"as is": name, "upper": name.upper(), "lower": name.lower(), "folded": fold(name),
            "folded upper": fold(name).upper()}[form]


@st.composite
def identity_and_text(draw):
    name, national, email, cccd = draw(names), draw(national_numbers), draw(emails), draw(cccds)
    joiner = draw(st.sampled_from(["; ", ", ", " / ", "\n", " và ", " hoặc "]))
    contact = joiner.join(draw(st.permutations([f"0{national}", email])))
    mentions = [
        draw(name_as_typed(name)),
        draw(phone_as_typed(national)),
        draw(st.sampled_from([email, email.upper()])),
        draw(
            st.sampled_from(
                [cccd, " ".join([cccd[:3], cccd[3:6], cccd[6:9], cccd[9:]]), ".".join([cccd[:6], cccd[6:]])]
            )
        ),
    ]
    words = draw(st.lists(st.sampled_from(FILLER), min_size=len(mentions), max_size=len(mentions) + 4))
    order = draw(st.permutations(mentions))
    pieces = [w for pair in zip(words, [*order, *[""] * len(words)], strict=False) for w in pair if w]
    text = draw(st.sampled_from([" ", ", ", "; "])).join(pieces)
    identity = {"full_name": name, "contact": contact, "other_details": f"CCCD {cccd}"}
    return identity, text, (name, national, email, cccd)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(identity_and_text())
@example(
    (
        {"full_name": "Phạm Văn Tố", "contact": "0987111222, pvto@gmail.com", "other_details": ""},
        "ĐT +84 987 111 222 hoặc 84987111222, thư pvto@gmail.com, ông Tố",
        ("Phạm Văn Tố", "987111222", "pvto@gmail.com", ""),
    )
)
def test_no_detail_survives_in_any_form_it_is_written(case):
    identity, text, (name, national, email, cccd) = case
    redacted = redact(text, identifying_strings(**identity))
    digits = re.sub(r"\D", "", redacted)
    assert national not in digits and (not cccd or cccd not in digits), (text, redacted)
    assert email not in redacted.lower(), (text, redacted)
    assert fold(name) not in fold(redacted), (text, redacted)
    given_name = fold(name.split()[-1])
    assert not re.search(
        rf"\b(?:{'|'.join(fold(h) for h in HONORIFIC_FORMS)})\s+{given_name}\b", fold(redacted)
    ), (text, redacted)


@settings(max_examples=100, deadline=None)
@given(names, national_numbers, emails, st.lists(st.sampled_from(FILLER), min_size=1, max_size=12))
def test_a_text_that_does_not_mention_the_identity_is_unchanged(name, national, email, words):
    text = " ".join(words)
    assert redact(text, identifying_strings(full_name=name, contact=f"0{national}; {email}")) == text


@pytest.mark.django_db
def test_a_viewer_of_the_handling_body_reads_none_of_it(login, province, today):
    """The finding: xemtin read "+84 987 111 222" and "84987111222", and nothing of a contact holding two
    details was redacted."""
    from tests.conftest import member
    from voters import services

    handler = member(province.standing, Role.STAFF, "tiepdan")
    viewer = member(province.standing, Role.VIEWER, "xemtin")
    letter = services.letter_register(
        handling_body=province.standing,
        number="02/ĐT",
        received_on=today - timedelta(days=2),
        channel="post",
        kind="denunciation",
        identity={"full_name": "Phạm Văn Tố", "contact": "0987 111 222, pvto@gmail.com"},
        content="Ông Tố (ĐT +84 987 111 222, Zalo 84987111222, thư PVTO@gmail.com) tố cáo cán bộ địa chính",
        handler=handler,
    )
    page = login(viewer).get(reverse("voters:letter_detail", args=[letter.pk])).content.decode()
    assert "tố cáo cán bộ địa chính" in page
    assert "987" not in page and "pvto" not in page.lower() and "Tố (" not in page



@pytest.mark.django_db
def test_redact_letters_catches_what_the_narrower_rules_let_through(province, today):
    from io import StringIO

    from django.core.management import call_command

    from voters.models import DenouncerIdentity, HistoricalLetter, Letter

    letter = Letter.objects.create(
        handling_body=province.standing,
        number="OLD/2",
        received_on=today,
        channel="post",
        kind="denunciation",
        content="Ông Tố, ĐT +84 987 111 222, thư pvto@gmail.com",
    )
    DenouncerIdentity.objects.create(
        letter=letter, full_name="Phạm Văn Tố", contact="0987 111 222, pvto@gmail.com"
    )
    call_command("redact_letters", stdout=StringIO())
    letter.refresh_from_db()
    assert letter.content == f"Ông {X}, ĐT {X}, thư {X}"
    assert all(
        "987" not in v.content and "pvto" not in v.content
        for v in HistoricalLetter.objects.filter(id=letter.pk)
    )
    call_command("redact_letters", stdout=StringIO())  # twice: nothing more changes
    letter.refresh_from_db()
    assert letter.content == f"Ông {X}, ĐT {X}, thư {X}"


@pytest.mark.django_db
def test_the_migration_redacts_letters_saved_under_the_narrower_rules(province, today):
    import importlib

    from django.apps import apps

    from voters.models import DenouncerIdentity, Letter

    letter = Letter.objects.create(
        handling_body=province.standing,
        number="OLD/3",
        received_on=today,
        channel="post",
        kind="denunciation",
        content="Bà Tố gọi 84987111222 hoặc viết pvto@gmail.com",
    )
    DenouncerIdentity.objects.create(
        letter=letter, full_name="Phạm Thị Tố", contact="0987111222 và pvto@gmail.com"
    )
    migration = importlib.import_module("voters.migrations.0013_redact_letters_again")
    migration.redact_existing(apps, None)
    letter.refresh_from_db()
    assert "987" not in letter.content and "pvto" not in letter.content and "Tố" not in letter.content
