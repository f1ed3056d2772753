"""A rate a person reads says what it is out of, in the one Vietnamese number format."""

from coordination.documents import vn_share


def test_a_share_shows_its_rate_and_its_denominator():
    assert vn_share(15, 23) == "65,2\xa0%\xa0(15/23)"
    assert vn_share(1, 1) == "100\xa0%\xa0(1/1)"  # reads as one thing, not as better than 15 of 23
    assert vn_share(1234, 2000) == "61,7\xa0%\xa0(1.234/2.000)"


def test_a_share_of_nothing_is_a_dash():
    assert vn_share(0, 0) == "—" and vn_share(None, 3) == "—"
