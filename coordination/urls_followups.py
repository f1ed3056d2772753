from django.urls import path

from coordination import views_followups as views

app_name = "followups"

urlpatterns = [
    path("", views.followup_list, name="list"),
    path("<int:pk>/", views.followup_detail, name="detail"),
    path("<int:pk>/complete/", views.followup_complete, name="complete"),
    path("<int:pk>/evidence/", views.followup_evidence, name="evidence"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/generate/", views.plan_generate, name="plan_generate"),
    path("plans/<int:pk>/tasks/", views.task_create, name="task_create"),
    path("plans/<int:pk>/conferences/", views.conference_create, name="conference_create"),
    path("tasks/<int:pk>/reassign/", views.task_reassign, name="task_reassign"),
    path("tasks/<int:pk>/extend/", views.task_extend, name="task_extend"),
    path("implementation-report/", views.implementation_report_request, name="implementation_report"),
    path("notifications/", views.my_notifications, name="notifications"),
    path("notifications/calendar/rotate/", views.feed_rotate, name="feed_rotate"),
    path("preferences/<str:token>/", views.preferences, name="preferences"),
    path("calendar/<str:token>.ics", views.feed, name="feed"),
]
