import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.files import PDF
from tests.voters.conftest import land, routed_petition, today, two_meetings, voter_round  # noqa: F401
from voters import services


@pytest.fixture(autouse=True)
def fresh_cache():
    """The page cache and the rate counters start empty in each test (the locmem cache outlives tests)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def answered_petition(routed_petition, today):  # noqa: F811
    return services.petition_answer(
        petition=routed_petition, category="resolved", answer_text="Đã cấp giấy chứng nhận cho 214 hộ.",
        answered_on=today, answer_document="512/STNMT-QLĐĐ",
        answer_file=SimpleUploadedFile("tra-loi.pdf", PDF),
    )


@pytest.fixture
def published(answered_petition, staff_a):
    """The round of ``answered_petition``, published by the Standing Committee's staff."""
    return services.round_results_publish(round_=answered_petition.round, by=staff_a)
