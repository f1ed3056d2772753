from django.urls import path

from regulations import views

app_name = "regulations"

urlpatterns = [
    path("", views.regulation_list, name="list"),
    path("import/", views.regulation_import, name="import"),
    path("import/<int:pk>/", views.regulation_import_preview, name="import_preview"),
    path("<int:pk>/", views.regulation_detail, name="detail"),
    path("<int:pk>/edit/", views.regulation_edit, name="edit"),
    path("<int:pk>/transition/<slug:to_status>/", views.regulation_transition, name="transition"),
    path("<int:pk>/history/", views.regulation_history, name="history"),
    path("<int:pk>/compare/", views.regulation_compare, name="compare"),
    path("<int:pk>/consistency/", views.regulation_consistency_view, name="consistency"),
    path("<int:pk>/export/", views.regulation_export, name="export"),
    path("<int:pk>/scan/", views.regulation_scan, name="scan"),
    path("<int:pk>/obligations/confirm-all/", views.obligations_confirm_all, name="obligations_confirm_all"),
    path("obligations/<int:pk>/", views.obligation_edit, name="obligation_edit"),
    path("obligations/<int:pk>/decide/", views.obligation_decide, name="obligation_decide"),
    path("parties/<int:pk>/sign/", views.party_sign, name="party_sign"),
    path("articles/<int:pk>/edit/", views.article_edit, name="article_edit"),
]
