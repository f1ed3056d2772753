from django.urls import path

from coordination import views

urlpatterns = [
    path("", views.home, name="home"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("bodies/", views.body_list, name="bodies"),
    path("bodies/<int:pk>/", views.body_detail, name="body_detail"),
    path("units/", views.unit_list, name="units"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("reports/<int:pk>/status/", views.report_status, name="report_status"),
    path("reports/<int:pk>/download/", views.report_download, name="report_download"),
    path("reports/<int:pk>/sign/", views.report_sign, name="report_sign"),
    path("my-signature/", views.my_signature, name="my_signature"),
    path("api-tokens/", views.api_tokens, name="api_tokens"),
    path("api-tokens/<int:pk>/rename/", views.api_token_rename, name="api_token_rename"),
    path("api-tokens/<int:pk>/rotate/", views.api_token_rotate, name="api_token_rotate"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
