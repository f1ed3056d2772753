from django.urls import path

from coordination import views

app_name = "followups"

urlpatterns = [
    path("", views.followup_list, name="list"),
    path("<int:pk>/", views.followup_detail, name="detail"),
    path("<int:pk>/complete/", views.followup_complete, name="complete"),
    path("<int:pk>/evidence/", views.followup_evidence, name="evidence"),
    path("<int:pk>/nudge/", views.followup_nudge, name="nudge"),
    path("<int:pk>/comment/", views.followup_comment, name="comment"),
    path("<int:pk>/reassign/", views.followup_reassign, name="reassign"),
    path("<int:pk>/extend/", views.followup_extend, name="extend"),
    path("<int:pk>/history/", views.followup_history, name="history"),
    path("implementation-report/", views.implementation_report_request, name="implementation_report"),
    path("notifications/", views.my_notifications, name="notifications"),
    path("notifications/calendar/rotate/", views.feed_rotate, name="feed_rotate"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
