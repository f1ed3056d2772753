"""Demo data: the (fictional) province of Hòa Phong, its four bodies, committees, agencies and people.

``manage.py load_demo`` calls ``build(ctx)`` of this module first and then the ``demo.build`` of
every other app that has one, in INSTALLED_APPS order; each must be idempotent (get_or_create on
natural keys), so running load_demo twice changes nothing.
"""

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model

from coordination.models import (
    AdministrativeLevel,
    AdministrativeUnit,
    Body,
    BodyKind,
    Deputy,
    Membership,
    Person,
    Position,
    Role,
    Term,
)
from coordination.reference import reference_data_ensure
from coordination.statutory_rules import statutory_rules_ensure

DEMO_PASSWORD = "demo12345"


@dataclass
class DemoContext:
    today: date
    province: AdministrativeUnit | None = None
    commune: AdministrativeUnit | None = None
    na_term: Term | None = None
    term: Term | None = None
    previous_term: Term | None = None
    bodies: dict[str, Body] = field(
        default_factory=dict
    )  # key: BodyKind value for the four main bodies and "council"
    committees: dict[str, Body] = field(default_factory=dict)  # key: short code ("phap_che", …)
    agencies: dict[str, Body] = field(default_factory=dict)
    commune_bodies: dict[str, Body] = field(default_factory=dict)
    users: dict[str, object] = field(default_factory=dict)  # username -> User
    people: dict[str, Person] = field(default_factory=dict)  # username or key -> Person
    logins: list[tuple[str, str]] = field(default_factory=list)  # (username, who they are)
    notes: list[str] = field(
        default_factory=list
    )  # printed after the logins (the trial certificates' passphrase)


def _unit(code, name, level_code, parent=None) -> AdministrativeUnit:
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code=code,
        valid_to=None,
        defaults={"name": name, "level": AdministrativeLevel.objects.get(code=level_code), "parent": parent,
                  "valid_from": date(2025, 7, 1), "change_act": "Đơn vị minh họa (dữ liệu demo)"},
    )
    return unit


def _body(unit, kind, name, short_name, parent=None, email="") -> Body:
    body, _ = Body.objects.get_or_create(
        unit=unit, kind=kind, name=name, defaults={"short_name": short_name, "parent": parent, "email": email}
    )
    return body


def _person(full_name, email="") -> Person:
    person, _ = Person.objects.get_or_create(full_name=full_name, defaults={"email": email})
    return person


def _position(person, body, title, *, is_head=False, elected=False):
    Position.objects.get_or_create(
        person=person, body=body, title=title,
        defaults={"is_head": is_head, "elected_by_council": elected, "starts_on": date(2026, 4, 1)},
    )


def demo_user(ctx: DemoContext, username: str, full_name: str, *, body: Body | None, role: str, title: str,
              description: str, is_superuser: bool = False):
    """A demo login with its Person and Membership; the password is set only when the user is created."""
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=username,
        # Vietnamese names read family name first; get_full_name() joins first + last, so all goes in
        # first_name.
        defaults={
            "first_name": full_name,
            "last_name": "",
            "email": f"{username}@hoaphong.demo.vn",
            "is_staff": is_superuser,
            "is_superuser": is_superuser,
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    person, _ = Person.objects.get_or_create(
        full_name=full_name, defaults={"email": user.email, "user": user}
    )
    if person.user_id is None:
        person.user = user
        person.save(update_fields=["user"])
    if body is not None:
        Membership.objects.get_or_create(user=user, body=body, defaults={"role": role})
        _position(person, body, title, is_head=role == Role.LEADER)
    ctx.users[username] = user
    ctx.people[username] = person
    ctx.logins.append((username, description))
    return user


def build(ctx: DemoContext) -> None:
    reference_data_ensure()
    statutory_rules_ensure()  # a flushed test database has lost what the migrations seeded
    province = ctx.province = _unit("HP", "Tỉnh Hòa Phong", "province")
    commune = ctx.commune = _unit("HP001", "Xã Phong Lạc", "commune", parent=province)
    _unit("HP002", "Phường Hòa An", "ward", parent=province)

    ctx.na_term, _ = Term.objects.get_or_create(
        unit=None,
        start_year=2026,
        defaults={"end_year": 2031, "legislature": 16, "elected_on": date(2026, 3, 15)},
    )
    ctx.previous_term, _ = Term.objects.get_or_create(
        unit=province,
        start_year=2021,
        defaults={"end_year": 2026, "legislature": 10, "elected_on": date(2021, 5, 23)},
    )
    ctx.term, _ = Term.objects.get_or_create(
        unit=province,
        start_year=2026,
        defaults={"end_year": 2031, "legislature": 11, "elected_on": date(2026, 3, 15)},
    )

    b = ctx.bodies
    b[BodyKind.NA_DELEGATION] = _body(
        province, BodyKind.NA_DELEGATION, "Đoàn đại biểu Quốc hội tỉnh Hòa Phong", "Đoàn ĐBQH"
    )
    b[BodyKind.COUNCIL] = _body(province, BodyKind.COUNCIL, "Hội đồng nhân dân tỉnh Hòa Phong", "HĐND tỉnh")
    b[BodyKind.COUNCIL_STANDING] = _body(
        province,
        BodyKind.COUNCIL_STANDING,
        "Thường trực Hội đồng nhân dân tỉnh Hòa Phong",
        "Thường trực HĐND",
        parent=b[BodyKind.COUNCIL],
        email="thuongtruc@hoaphong.demo.vn",
    )
    b[BodyKind.PEOPLES_COMMITTEE] = _body(
        province,
        BodyKind.PEOPLES_COMMITTEE,
        "Ủy ban nhân dân tỉnh Hòa Phong",
        "UBND tỉnh",
        email="ubnd@hoaphong.demo.vn",
    )
    b[BodyKind.FRONT_BOARD] = _body(
        province, BodyKind.FRONT_BOARD, "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Hòa Phong",
        "Ban Thường trực UBMTTQ", email="mattran@hoaphong.demo.vn",
    )
    _body(
        province, BodyKind.OFFICE, "Văn phòng Đoàn ĐBQH và HĐND tỉnh Hòa Phong", "Văn phòng Đoàn ĐBQH và HĐND"
    )
    for code, name, short in [
        ("phap_che", "Ban Pháp chế HĐND tỉnh", "Ban Pháp chế"),
        ("kinh_te", "Ban Kinh tế – Ngân sách HĐND tỉnh", "Ban KT-NS"),
        ("van_hoa", "Ban Văn hóa – Xã hội HĐND tỉnh", "Ban VH-XH"),
        ("dan_toc", "Ban Dân tộc HĐND tỉnh", "Ban Dân tộc"),
    ]:
        ctx.committees[code] = _body(
            province, BodyKind.COUNCIL_COMMITTEE, name, short, parent=b[BodyKind.COUNCIL]
        )
    for code, name, short in [
        ("nong_nghiep", "Sở Nông nghiệp và Môi trường", "Sở NN&MT"),
        ("xay_dung", "Sở Xây dựng", "Sở XD"),
        ("y_te", "Sở Y tế", "Sở YT"),
        ("giao_duc", "Sở Giáo dục và Đào tạo", "Sở GD&ĐT"),
        ("tai_chinh", "Sở Tài chính", "Sở TC"),
        ("thanh_tra", "Thanh tra tỉnh", "Thanh tra"),
    ]:
        ctx.agencies[code] = _body(
            province, BodyKind.AGENCY, f"{name} tỉnh Hòa Phong", short, parent=b[BodyKind.PEOPLES_COMMITTEE]
        )
    for kind, name, short in [
        (BodyKind.COUNCIL_STANDING, "Thường trực HĐND xã Phong Lạc", "TT HĐND xã"),
        (BodyKind.PEOPLES_COMMITTEE, "Ủy ban nhân dân xã Phong Lạc", "UBND xã"),
        (BodyKind.FRONT_BOARD, "Ban Thường trực UBMTTQ Việt Nam xã Phong Lạc", "BTT UBMTTQ xã"),
    ]:
        ctx.commune_bodies[kind] = _body(commune, kind, name, short)

    # Officials elected by the Council (subject to confidence ratings) and other office holders.
    for full_name, body, title, head in [
        ("Nguyễn Văn Thành", b[BodyKind.COUNCIL_STANDING], "Chủ tịch HĐND tỉnh", True),
        ("Trần Thị Mai", b[BodyKind.COUNCIL_STANDING], "Phó Chủ tịch HĐND tỉnh", False),
        ("Lê Quang Minh", b[BodyKind.PEOPLES_COMMITTEE], "Chủ tịch UBND tỉnh", True),
        ("Phạm Thu Hà", b[BodyKind.PEOPLES_COMMITTEE], "Phó Chủ tịch UBND tỉnh", False),
        ("Hoàng Đức Long", b[BodyKind.PEOPLES_COMMITTEE], "Phó Chủ tịch UBND tỉnh", False),
        ("Vũ Thị Lan", ctx.committees["phap_che"], "Trưởng Ban Pháp chế", True),
        ("Đặng Văn Hùng", ctx.committees["kinh_te"], "Trưởng Ban Kinh tế – Ngân sách", True),
        ("Bùi Thị Hạnh", ctx.committees["van_hoa"], "Trưởng Ban Văn hóa – Xã hội", True),
    ]:
        person = ctx.people[full_name] = _person(full_name)
        _position(person, body, title, is_head=head, elected=True)
    for full_name, body, title in [
        ("Đỗ Minh Tuấn", b[BodyKind.NA_DELEGATION], "Phó Trưởng Đoàn ĐBQH chuyên trách"),
        ("Ngô Thị Hoa", b[BodyKind.FRONT_BOARD], "Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"),
        ("Lý Văn Sơn", ctx.agencies["nong_nghiep"], "Giám đốc Sở Nông nghiệp và Môi trường"),
        ("Mai Xuân Trường", ctx.agencies["xay_dung"], "Giám đốc Sở Xây dựng"),
        # every body that the demo's follow-ups name has someone to answer for them ("Rõ người")
        ("Hà Văn Quý", ctx.committees["dan_toc"], "Trưởng Ban Dân tộc"),
        ("Lương Thị Thu", ctx.agencies["y_te"], "Giám đốc Sở Y tế"),
        ("Quách Văn Hải", ctx.agencies["giao_duc"], "Giám đốc Sở Giáo dục và Đào tạo"),
        ("Tô Thị Bích", ctx.agencies["tai_chinh"], "Giám đốc Sở Tài chính"),
        ("Khổng Minh Đạt", ctx.agencies["thanh_tra"], "Chánh Thanh tra tỉnh"),
    ]:
        person = ctx.people[full_name] = _person(full_name)
        _position(person, body, title, is_head=True)

    for full_name, constituency in [
        ("Đỗ Minh Tuấn", "Đơn vị bầu cử số 1"),
        ("Trịnh Văn Khải", "Đơn vị bầu cử số 2"),
    ]:
        person = ctx.people.get(full_name) or _person(full_name)
        ctx.people[full_name] = person
        Deputy.objects.get_or_create(
            person=person, kind=Deputy.Kind.NATIONAL_ASSEMBLY, term=ctx.na_term,
            defaults={"unit": province, "constituency": constituency, "group": b[BodyKind.NA_DELEGATION]},
        )
    group = _body(
        province,
        BodyKind.DEPUTY_GROUP,
        "Tổ đại biểu HĐND tỉnh đơn vị Phong Lạc",
        "Tổ ĐB Phong Lạc",
        parent=b[BodyKind.COUNCIL],
    )
    for full_name in ["Nguyễn Văn Thành", "Trần Thị Mai", "Vũ Thị Lan", "Đặng Văn Hùng", "Cao Thị Ngọc"]:
        person = ctx.people.get(full_name) or _person(full_name)
        ctx.people[full_name] = person
        Deputy.objects.get_or_create(
            person=person, kind=Deputy.Kind.COUNCIL, term=ctx.term,
            defaults={"unit": province, "constituency": "Đơn vị bầu cử số 3 (xã Phong Lạc)", "group": group},
        )

    demo_user(ctx, "admin", "Quản Trị Viên", body=None, role=Role.STAFF, title="",
              description="Quản trị hệ thống (Django admin)", is_superuser=True)
    demo_user(
        ctx,
        "thuongtruc",
        "Nguyễn Thị Thu",
        body=b[BodyKind.COUNCIL_STANDING],
        role=Role.STAFF,
        title="Chuyên viên Văn phòng Đoàn ĐBQH và HĐND",
        description="Chuyên viên giúp việc Thường trực HĐND tỉnh",
    )
    demo_user(ctx, "ubnd", "Phan Văn Đức", body=b[BodyKind.PEOPLES_COMMITTEE], role=Role.STAFF,
              title="Chuyên viên Văn phòng UBND tỉnh", description="Chuyên viên Văn phòng UBND tỉnh")
    demo_user(
        ctx,
        "mattran",
        "Lương Thị Hương",
        body=b[BodyKind.FRONT_BOARD],
        role=Role.STAFF,
        title="Chuyên viên Ban Thường trực UBMTTQ",
        description="Chuyên viên Ban Thường trực UBMTTQ tỉnh",
    )
    demo_user(ctx, "doanqh", "Tạ Văn Bình", body=b[BodyKind.NA_DELEGATION], role=Role.STAFF,
              title="Chuyên viên phục vụ Đoàn ĐBQH", description="Chuyên viên phục vụ Đoàn ĐBQH tỉnh")
    demo_user(ctx, "lanhdao", "Trần Thị Mai", body=b[BodyKind.COUNCIL_STANDING], role=Role.LEADER,
              title="Phó Chủ tịch HĐND tỉnh", description="Lãnh đạo: Phó Chủ tịch HĐND tỉnh")
    demo_user(ctx, "songanh", "Lý Thị Nga", body=ctx.agencies["nong_nghiep"], role=Role.STAFF,
              title="Chuyên viên Sở Nông nghiệp và Môi trường", description="Cán bộ sở, ngành (Sở NN&MT)")
    demo_user(ctx, "banphapche", "Kiều Văn Tâm", body=ctx.committees["phap_che"], role=Role.STAFF,
              title="Chuyên viên Ban Pháp chế", description="Cán bộ Ban Pháp chế HĐND (thẩm tra, xác minh)")
    demo_user(ctx, "xemtin", "Đinh Thị Yến", body=b[BodyKind.COUNCIL_STANDING], role=Role.VIEWER,
              title="Đại biểu HĐND", description="Chỉ xem")
