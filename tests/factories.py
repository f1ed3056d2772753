"""factory_boy factories for the foundation models; app-specific ones live in tests/<app>/factories.py."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from coordination.models import (
    AdministrativeLevel,
    AdministrativeUnit,
    Body,
    BodyKind,
    Deputy,
    FollowUp,
    Membership,
    Person,
    Position,
    Role,
    Term,
)

PASSWORD = "mat-khau-thu-nghiem-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoidung{n}")
    first_name = "An"
    last_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.vn")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdministrativeUnit

    code = factory.Sequence(lambda n: f"T{n:04d}")
    name = factory.Sequence(lambda n: f"Tỉnh Thử Nghiệm {n}")
    level = factory.LazyFunction(lambda: AdministrativeLevel.objects.get(code="province"))


class CommuneFactory(UnitFactory):
    name = factory.Sequence(lambda n: f"Xã Thử Nghiệm {n}")
    level = factory.LazyFunction(lambda: AdministrativeLevel.objects.get(code="commune"))
    parent = factory.SubFactory(UnitFactory)


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ["unit", "start_year"]

    unit = factory.SubFactory(UnitFactory)
    start_year = 2026
    end_year = 2031
    legislature = 11


class BodyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Body

    kind = BodyKind.AGENCY
    name = factory.Sequence(lambda n: f"Cơ quan thử nghiệm {n}")
    short_name = factory.Sequence(lambda n: f"CQ{n}")
    unit = factory.SubFactory(UnitFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Trần Thị Thử {n}")


class PositionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    body = factory.SubFactory(BodyFactory)
    title = "Chuyên viên"


class DeputyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deputy

    person = factory.SubFactory(PersonFactory)
    kind = Deputy.Kind.COUNCIL
    term = factory.SubFactory(TermFactory)
    unit = factory.SelfAttribute("term.unit")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    body = factory.SubFactory(BodyFactory)
    role = Role.STAFF


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    title = factory.Sequence(lambda n: f"Việc cần làm số {n}")
    lead_body = factory.SubFactory(BodyFactory)
    unit = factory.SelfAttribute("lead_body.unit")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=10))
