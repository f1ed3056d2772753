"""Reference rows every installation needs: administrative levels and the 15 coordination areas.

Seeded by migration 0002 and ensured again by load_units/load_demo (a test database flushed
between browser tests loses migration data).
"""

LEVELS = [
    ("province", "Tỉnh, thành phố trực thuộc trung ương", 1, True),
    ("district", "Huyện, quận, thị xã, thành phố thuộc tỉnh (đã bãi bỏ từ 01/7/2025)", 2, False),
    ("commune", "Xã", 3, False),
    ("ward", "Phường", 3, False),
    ("special_zone", "Đặc khu", 3, False),
]

AREAS = [
    ("law_making", "Tham gia xây dựng pháp luật, văn bản quy phạm pháp luật của địa phương"),
    ("voter_contact", "Tiếp xúc cử tri; giải quyết và giám sát việc giải quyết kiến nghị của cử tri"),
    ("post_supervision", "Giải quyết kiến nghị sau giám sát, chất vấn, giải trình"),
    ("supervision", "Giám sát, khảo sát; tái giám sát"),
    ("social_criticism", "Phản biện xã hội của Mặt trận Tổ quốc"),
    ("citizen_reception", "Tiếp công dân"),
    ("letters", "Đơn thư khiếu nại, tố cáo, kiến nghị, phản ánh của công dân"),
    ("council_sessions", "Tổ chức kỳ họp Hội đồng nhân dân"),
    ("between_sessions", "Giải quyết những vấn đề phát sinh giữa hai kỳ họp"),
    ("questioning", "Giải trình, chất vấn tại phiên họp Thường trực HĐND"),
    ("resolution_drafting", "Xây dựng nghị quyết của Hội đồng nhân dân"),
    ("implementation", "Tổ chức thực hiện luật, nghị quyết"),
    ("confidence_votes", "Lấy phiếu, bỏ phiếu tín nhiệm"),
    ("elections", "Bầu cử đại biểu Quốc hội, đại biểu HĐND, Hội thẩm nhân dân"),
    ("information", "Chế độ thông tin, báo cáo và quan hệ công tác"),
]


def reference_data_ensure(Level=None, Area=None) -> None:
    if Level is None or Area is None:
        from coordination.models import AdministrativeLevel as Level
        from coordination.models import CoordinationArea as Area
    for code, name, rank, has_na in LEVELS:
        Level.objects.update_or_create(
            code=code, defaults={"name": name, "rank": rank, "has_na_delegation": has_na}
        )
    for number, (code, name) in enumerate(AREAS, start=1):
        Area.objects.update_or_create(code=code, defaults={"name": name, "number": number})
