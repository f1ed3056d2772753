from django.contrib import admin
from django.urls import include, path

from coordination.views import favicon, healthz, metrics, readyz

admin.site.site_header = "Phối hợp — Quản trị"
admin.site.site_title = "Phối hợp"
admin.site.index_title = "Quản trị dữ liệu"

# Uploaded files are never served from a public /media/ URL: each app serves its files through a
# view that authorizes the request first (a scanned denunciation must not leak by URL guessing).
urlpatterns = [
    path("", include("coordination.urls")),
    path("followups/", include("coordination.urls_followups")),
    path("followups/", include("plans.urls")),
    path("regulations/", include("regulations.urls")),
    path("sessions/", include("sessions.urls")),
    path("voters/", include("voters.urls")),
    path("cong-khai/", include("public_pages.urls")),
    path("api/", include("config.api_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages (the admin's) that do not name an icon.
    path("favicon.ico", favicon),
    # Answered by coordination.middleware.HealthCheckMiddleware before the rest of the chain.
    path("healthz", healthz, name="healthz"),
    path("readyz", readyz, name="readyz"),
    path("metrics", metrics, name="metrics"),
]

handler404 = "coordination.api.views.page_not_found"
