from datetime import timedelta

import pytest
from django.utils import timezone

from voters import services
from voters.models import PetitionField, VoterContactRound


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def voter_round(province, today):
    return services.round_create(
        organiser=province.front, cooperating=province.standing, title="Tiếp xúc cử tri trước kỳ họp thứ ba",
        timing=VoterContactRound.Timing.BEFORE, kind=VoterContactRound.Kind.GENERAL,
        starts_on=today - timedelta(days=20), ends_on=today - timedelta(days=10),
    )


@pytest.fixture
def two_meetings(voter_round, province, today):
    return [
        services.meeting_create(
            round_=voter_round,
            held_on=today - timedelta(days=d),
            place_unit=province.unit,
            address=f"Nhà văn hóa thôn {d}",
            voters_attending=90 + d,
        )
        for d in (19, 15)
    ]


@pytest.fixture
def land():
    return PetitionField.objects.get(code="dat_dai")


@pytest.fixture
def routed_petition(two_meetings, province, land, today):
    opinion = services.opinion_record(
        meeting=two_meetings[0], content="Đề nghị cấp giấy chứng nhận quyền sử dụng đất"
    )
    petition = services.petition_create_from_opinion(opinion=opinion)
    return services.petition_route(
        petition=petition,
        field=land,
        competence="province",
        agency=province.agency,
        received_on=today - timedelta(days=5),
    )
