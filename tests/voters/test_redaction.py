"""What the redaction finds: the denouncer however the summary spells them, and nothing else."""

import pytest

from voters.redaction import PLACEHOLDER as X
from voters.redaction import identifying_strings, redact

SECRETS = identifying_strings(full_name="Phạm Văn Tố", address="Thôn 4, xã Phong Lạc", contact="0912 000 111",
                              other_details="Kế toán Công ty Hòa Bình\n38A-123.45; Lê")


@pytest.mark.parametrize("typed", ["Phạm Văn Tố", "PHẠM VĂN TỐ", "pham van to", "Phạm  Văn\nTố", "Phạm văn Tố"])
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
