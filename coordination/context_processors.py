from django.urls import NoReverseMatch
from django.utils.translation import gettext_lazy as _

from coordination.urlcache import page_url

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


def _navigation_urls():
    for name, label in NAVIGATION:
        try:
            yield page_url(name), label  # reversed once (coordination.urlcache)
        except NoReverseMatch:
            continue


def navigation(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {"navigation": []}
    path = request.path
    items = [
        {"url": url, "label": label, "active": path == url if url == "/" else path.startswith(url)}
        for url, label in _navigation_urls()
    ]
    user = request.user

    def signs_documents() -> bool:
        # A leader keeps their own signing certificate ("Chữ ký số của tôi"). Asked only by the template that
        # shows the link (the admin's pages never read the memberships for it); access_for is cached per
        # request user.
        from coordination.permissions import access_for

        return bool(access_for(user).leader_body_ids)

    return {"navigation": items, "signs_documents": signs_documents}
