from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# The main navigation; an entry whose URL does not exist yet is left out rather than broken.
NAVIGATION = [
    ("home", _("Trang chủ")),
    ("dashboard", _("Bảng điều hành")),
    ("followups:list", _("Việc cần theo dõi")),
    ("regulations:list", _("Quy chế phối hợp")),
    ("council_sessions:session_list", _("Kỳ họp, giám sát")),
    ("voters:petition_list", _("Cử tri, công dân")),
    ("bodies", _("Cơ quan")),
]


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"navigation": []}
    items = []
    for name, label in NAVIGATION:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        active = request.path == url if url == "/" else request.path.startswith(url)
        items.append({"url": url, "label": label, "active": active})
    from coordination.permissions import access_for

    # A leader keeps their own signing certificate ("Chữ ký số của tôi"); access_for is cached per request
    # user.
    return {"navigation": items, "signs_documents": bool(access_for(request.user).leader_body_ids)}
