"""Factories for the Council's work; due dates are filled the way the services compute them in tests that need
it."""

from datetime import date, timedelta

import factory

from sessions.models import (
    Recommendation,
    Resolution,
    Session,
    StandingMeeting,
    Submission,
    SupervisionMission,
)


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    number = factory.Sequence(lambda n: n + 1)
    kind = Session.Kind.REGULAR
    planned_open = date(2026, 12, 8)
    planned_close = factory.LazyAttribute(lambda s: s.planned_open + timedelta(days=2))
    place = "Hội trường HĐND tỉnh"


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    title = factory.Sequence(lambda n: f"Tờ trình số {n} về đất đai")
    due_on = factory.LazyAttribute(lambda s: s.session.planned_open - timedelta(days=20))


class ResolutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resolution

    number = factory.Sequence(lambda n: f"{n + 1}/NQ-HĐND")
    title = factory.Sequence(lambda n: f"Nghị quyết về chính sách đất đai số {n}")
    adopted_on = date(2026, 7, 10)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StandingMeeting

    title = factory.Sequence(lambda n: f"Phiên họp thường kỳ số {n}")
    held_on = date(2026, 5, 12)


class MissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionMission

    decision_number = factory.Sequence(lambda n: f"{n}/QĐ-TTHĐND")
    decision_date = date(2026, 5, 4)
    subject = factory.Sequence(lambda n: f"Giám sát giải quyết khiếu nại đất đai đợt {n}")
    visit_start = date(2026, 6, 1)
    visit_end = date(2026, 6, 5)


class RecommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recommendation

    content = factory.Sequence(lambda n: f"Kiến nghị giải quyết dứt điểm vụ việc số {n}")
    due_on = date(2026, 9, 30)
