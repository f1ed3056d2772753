"""The words regulations use: names of bodies, who is not a body, the events deadlines count from, the
statutory deadlines a phrase restates, the coordination areas an article's title suggests."""

import re

from coordination.models import BodyKind, DeadlineAnchor
from coordination.statutory_rules import DeadlineCode

# Short and long names of the bodies as regulations write them, folded; the longest match wins.
BODY_ALIASES: list[tuple[str, str]] = sorted(
    [
        ("doan dai bieu quoc hoi", BodyKind.NA_DELEGATION),
        ("doan dbqh", BodyKind.NA_DELEGATION),
        ("thuong truc hoi dong nhan dan", BodyKind.COUNCIL_STANDING),
        ("thuong truc hdnd", BodyKind.COUNCIL_STANDING),
        ("tt hdnd", BodyKind.COUNCIL_STANDING),
        ("ban thuong truc uy ban mat tran to quoc viet nam", BodyKind.FRONT_BOARD),
        ("ban thuong truc uy ban mat tran to quoc", BodyKind.FRONT_BOARD),
        ("ban thuong truc ubmttq viet nam", BodyKind.FRONT_BOARD),
        ("ban thuong truc ubmttq", BodyKind.FRONT_BOARD),
        ("ban thuong truc uy ban mttq viet nam", BodyKind.FRONT_BOARD),
        ("ban thuong truc uy ban mttq", BodyKind.FRONT_BOARD),
        ("ban thuong truc ubmttqvn", BodyKind.FRONT_BOARD),
        ("btt ubmttq", BodyKind.FRONT_BOARD),
        ("uy ban mat tran to quoc", BodyKind.FRONT_BOARD),
        ("uy ban mttq", BodyKind.FRONT_BOARD),
        ("ubmttqvn", BodyKind.FRONT_BOARD),
        ("ubmttq", BodyKind.FRONT_BOARD),
        ("mat tran to quoc", BodyKind.FRONT_BOARD),
        ("uy ban nhan dan", BodyKind.PEOPLES_COMMITTEE),
        ("ubnd", BodyKind.PEOPLES_COMMITTEE),
        ("chu tich uy ban nhan dan", BodyKind.PEOPLES_COMMITTEE),
        ("chu tich ubnd", BodyKind.PEOPLES_COMMITTEE),
        ("cac ban cua hoi dong nhan dan", BodyKind.COUNCIL_COMMITTEE),
        ("cac ban cua hdnd", BodyKind.COUNCIL_COMMITTEE),
        ("cac ban hdnd", BodyKind.COUNCIL_COMMITTEE),
        ("ban phap che", BodyKind.COUNCIL_COMMITTEE),
        ("ban kinh te - ngan sach", BodyKind.COUNCIL_COMMITTEE),
        ("ban kinh te – ngan sach", BodyKind.COUNCIL_COMMITTEE),
        ("ban kinh te ngan sach", BodyKind.COUNCIL_COMMITTEE),
        ("ban van hoa - xa hoi", BodyKind.COUNCIL_COMMITTEE),
        ("ban van hoa – xa hoi", BodyKind.COUNCIL_COMMITTEE),
        ("ban van hoa xa hoi", BodyKind.COUNCIL_COMMITTEE),
        ("ban dan toc", BodyKind.COUNCIL_COMMITTEE),
        ("ban do thi", BodyKind.COUNCIL_COMMITTEE),
        ("van phong doan dai bieu quoc hoi va hoi dong nhan dan", BodyKind.OFFICE),
        ("van phong doan dbqh va hdnd", BodyKind.OFFICE),
        ("van phong hoi dong nhan dan va uy ban nhan dan", BodyKind.OFFICE),
        ("van phong hdnd va ubnd", BodyKind.OFFICE),
        ("van phong uy ban nhan dan", BodyKind.OFFICE),
        ("van phong ubnd", BodyKind.OFFICE),
        ("van phong hoi dong nhan dan", BodyKind.OFFICE),
        ("van phong hdnd", BodyKind.OFFICE),
        ("van phong", BodyKind.OFFICE),
        ("to dai bieu hoi dong nhan dan", BodyKind.DEPUTY_GROUP),
        ("to dai bieu hdnd", BodyKind.DEPUTY_GROUP),
        ("to dai bieu", BodyKind.DEPUTY_GROUP),
        ("thanh tra tinh", BodyKind.AGENCY),
        ("thanh tra xa", BodyKind.AGENCY),
        ("cong an tinh", BodyKind.AGENCY),
        ("cong an xa", BodyKind.AGENCY),
    ],
    key=lambda pair: -len(pair[0]),
)
_BODY_RE = re.compile(r"\b(" + "|".join(re.escape(alias) for alias, _ in BODY_ALIASES) + r")\b")
_KIND_BY_ALIAS = dict(BODY_ALIASES)
# The four parties and the Council's committees as a group are the unit's own bodies, found by kind; the
# others (a named committee, the office, a Sở …) are found by the name the text gives.
KINDS_BY_KIND = {
    BodyKind.NA_DELEGATION,
    BodyKind.COUNCIL_STANDING,
    BodyKind.PEOPLES_COMMITTEE,
    BodyKind.FRONT_BOARD,
}

# Subjects that are bodies the text names without our knowing them: kept as text for a person to map.
_OTHER_SUBJECT_RE = re.compile(
    r"\b(so (?!lieu|tay)[a-z]+(?: [a-z]+){0,3}?(?:, [a-z]+(?: [a-z]+){0,3}?)+ va [a-z]+(?: [a-z]+){0,2}?|"
    r"so (?!lieu|tay)[a-z]+(?: [a-z]+){0,5}?|doan (?:giam sat|khao sat|cong tac)|cac so, nganh|cac so nganh|"
    r"co quan (?:trinh|chu tri soan thao|soan thao)|co quan(?: [a-z]+){0,6}?|cac co quan|to (?:cong tac|giup "
    r"viec)(?: [a-z]+){0,3}?)"
    r"(?=,| (?:phai |se |can |duoc )?(?:chu tri|phoi hop|gui|co trach nhiem|to chuc|tong hop|bao cao|thong "
    r"bao|chuan bi|xay dung|cung cap|tra loi|"
    r"giai quyet|thuc hien|huong dan|tham muu|cap nhat|ra soat|lap|theo doi|kiem tra|dang ky|de "
    r"xuat|chuyen|tiep nhan|"
    r"phan loai|tham dinh|xem xet|co y kien|trinh|phan hoi|nop|dong gop)\b)"
)
# Who is not a body: a person, the electorate, "the parties" together.
_PERSON_RE = re.compile(r"^(nguoi|dai bieu|cu tri|cong dan|cac ben|ca nhan|thu truong)\b")
_VERBS = (
    "chu tri",
    "phoi hop",
    "gui",
    "co trach nhiem",
    "to chuc",
    "tong hop",
    "bao cao",
    "thong bao",
    "chuan bi",
    "xay dung",
    "cung cap",
    "tra loi",
    "giai quyet",
    "thuc hien",
    "huong dan",
    "tham muu",
    "cap nhat",
    "ra soat",
    "lap",
    "theo doi",
    "kiem tra",
    "dang ky",
    "de xuat",
    "chuyen",
    "tiep nhan",
    "phan loai",
    "tham dinh",
    "xem xet",
    "co y kien",
    "phan hoi",
    "nop",
    "hop",
    "trinh",
    "chi dao",
    "ky",
    "so ket",
    "tong ket",
    "khao sat",
    "giam sat",
)
_VERB_AFTER_RE = re.compile(r"^(?:[a-z]+ ){0,2}?(?:" + "|".join(_VERBS) + r")\b")
_ADMIN_WORDS = ("tinh", "xa", "huyen", "phuong", "thanh pho", "dac khu", "thi tran")

# The event a relative deadline counts from: the keyword found earliest after "trước"/"kể từ" wins
# (the longest at the same place).
ANCHOR_WORDS: list[tuple[str, str]] = [
    ("khai mac", DeadlineAnchor.SESSION_OPENING),
    ("ky hop", DeadlineAnchor.SESSION_OPENING),
    ("be mac", DeadlineAnchor.SESSION_CLOSING),
    ("ket thuc dot tiep xuc", DeadlineAnchor.ROUND_END),
    ("ket thuc tiep xuc", DeadlineAnchor.ROUND_END),
    ("ket thuc", DeadlineAnchor.ACTIVITY_END),
    ("ban hanh", DeadlineAnchor.DECISION),
    ("quyet dinh", DeadlineAnchor.DECISION),
    ("tiep nhan", DeadlineAnchor.RECEIPT),
    ("nhan", DeadlineAnchor.RECEIPT),
    ("ngay trinh", DeadlineAnchor.SUBMISSION),
    ("trinh", DeadlineAnchor.SUBMISSION),
    ("lam viec truc tiep", DeadlineAnchor.VISIT),
    ("giam sat truc tiep", DeadlineAnchor.VISIT),
    ("truc tiep", DeadlineAnchor.VISIT),
    ("hoi nghi", DeadlineAnchor.MEETING),
    ("phien", DeadlineAnchor.MEETING),
    ("cuoc hop", DeadlineAnchor.MEETING),
    ("ngay hop", DeadlineAnchor.MEETING),
    ("buoi hop", DeadlineAnchor.MEETING),
]

# Which statutory deadline a phrase restates: (code, anchor it needs, words that must all occur).
# Checked in order, the most specific first; the words are searched in the article title + clause.
DEADLINE_CODES: list[tuple[str, str, tuple[str, ...]]] = [
    (DeadlineCode.JOINT_MEETING, DeadlineAnchor.SESSION_OPENING, ("lien tich",)),
    (DeadlineCode.REVIEW_REPORT_DUE, DeadlineAnchor.SESSION_OPENING, ("bao cao tham tra",)),
    (DeadlineCode.SUBMISSION_DUE, DeadlineAnchor.SESSION_OPENING, ("to trinh",)),
    (DeadlineCode.PETITION_RESULT_REPORT, DeadlineAnchor.SESSION_OPENING, ("ket qua giai quyet kien nghi",)),
    (DeadlineCode.FRONT_PETITION_REPORT, DeadlineAnchor.SESSION_OPENING, ("kien nghi cua cu tri",)),
    (DeadlineCode.PETITION_COMPILE, DeadlineAnchor.ROUND_END, ("tong hop",)),
    (DeadlineCode.PETITION_ANSWER, DeadlineAnchor.RECEIPT, ("tra loi kien nghi",)),
    (DeadlineCode.RECOMMENDATION_ANSWER, DeadlineAnchor.RECEIPT, ("kien nghi sau giam sat",)),
    (DeadlineCode.SUPERVISION_NOTIFY, DeadlineAnchor.DECISION, ("giam sat",)),
    (DeadlineCode.SUPERVISION_PROGRAMME, DeadlineAnchor.VISIT, ("giam sat",)),
    (DeadlineCode.SUPERVISION_REPORT, DeadlineAnchor.ACTIVITY_END, ("giam sat",)),
    (DeadlineCode.SOCIAL_CRITICISM, DeadlineAnchor.RECEIPT, ("phan bien",)),
    (DeadlineCode.WRITTEN_ANSWER, DeadlineAnchor.RECEIPT, ("chat van",)),
    (DeadlineCode.BETWEEN_SESSIONS_REPLY, DeadlineAnchor.RECEIPT, ("giua hai ky hop",)),
    (DeadlineCode.EXPLANATION_NOTICE, DeadlineAnchor.MEETING, ("giai trinh",)),
]

# Coordination areas (CoordinationArea.code) suggested from an article's title.
AREA_WORDS: list[tuple[str, str]] = [
    ("xay dung phap luat", "law_making"),
    ("ky hop hoi dong", "council_sessions"),
    ("giua hai ky hop", "between_sessions"),
    ("kien nghi cua cu tri", "voter_contact"),
    ("tiep xuc cu tri", "voter_contact"),
    ("giam sat", "supervision"),
    ("phan bien", "social_criticism"),
    ("tiep cong dan", "citizen_reception"),
    ("don, thu", "letters"),
    ("khieu nai", "letters"),
    ("chat van", "questioning"),
    ("giai trinh", "questioning"),
    ("tin nhiem", "confidence_votes"),
    ("bau cu", "elections"),
    ("thong tin, bao cao", "information"),
    ("nghi quyet", "resolution_drafting"),
    ("to chuc thuc hien", "implementation"),
]
