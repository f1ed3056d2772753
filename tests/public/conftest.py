import uuid

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from public_pages.throttle import rate_key
from tests.files import PDF
from tests.voters.conftest import land, routed_petition, today, two_meetings, voter_round  # noqa: F401
from voters import services
from voters.queries import PUBLIC_CACHE_VERSION_KEY

TEST_ADDRESSES = ("127.0.0.1", "10.0.0.9")  # the test client's, and the second client's of TestLimits


@pytest.fixture(autouse=True)
def fresh_cache():
    """Each test starts with no cached public page and no request counted, without flushing the cache that
    another xdist worker shares (Redis): a page cache version of its own, the test addresses' counters
    gone."""
    cache.set(PUBLIC_CACHE_VERSION_KEY, uuid.uuid4().int % 10**12, 3600)
    cache.delete_many([rate_key(address) for address in TEST_ADDRESSES])
    yield
    cache.delete_many([rate_key(address) for address in TEST_ADDRESSES])


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
