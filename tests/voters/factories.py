from datetime import timedelta

import factory
from django.utils import timezone

from tests.factories import BodyFactory
from voters.models import (
    Letter,
    LetterKind,
    Opinion,
    Petition,
    ReceptionDay,
    ReceptionVisit,
    VoterContactRound,
    VoterMeeting,
)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoterContactRound

    organiser = factory.SubFactory(BodyFactory, kind="front_board")
    unit = factory.SelfAttribute("organiser.unit")
    title = factory.Sequence(lambda n: f"Đợt tiếp xúc cử tri số {n}")
    timing = VoterContactRound.Timing.BEFORE
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=20))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=10))
    session_label = "Kỳ họp thứ ba"


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VoterMeeting

    round = factory.SubFactory(RoundFactory)
    held_on = factory.LazyAttribute(lambda m: m.round.starts_on)
    place_unit = factory.SelfAttribute("round.unit")
    address = factory.Sequence(lambda n: f"Nhà văn hóa thôn {n}")
    voters_attending = 100


class OpinionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Opinion

    meeting = factory.SubFactory(MeetingFactory)
    content = "Đề nghị sửa chữa đường liên xã"


class PetitionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Petition

    round = factory.SubFactory(RoundFactory)
    unit = factory.SelfAttribute("round.unit")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Kiến nghị về đất đai số {n}")


class ReceptionDayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReceptionDay

    host_body = factory.SubFactory(BodyFactory)
    receiver = "Chủ tịch UBND tỉnh"
    day = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
    place = "Trụ sở tiếp công dân"


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReceptionVisit

    reception = factory.SubFactory(ReceptionDayFactory)
    citizens = factory.Sequence(lambda n: f"Ông Nguyễn Văn {n}")
    content = "Khiếu nại về giá đền bù giải phóng mặt bằng"
    due_on = factory.LazyAttribute(lambda v: v.reception.day + timedelta(days=14))


class LetterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Letter

    handling_body = factory.SubFactory(BodyFactory)
    number = factory.Sequence(lambda n: f"{n}/ĐT")
    received_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=2))
    channel = Letter.Channel.POST
    kind = LetterKind.RECOMMENDATION
    content = "Kiến nghị lắp đèn chiếu sáng"
