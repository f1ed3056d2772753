from django.urls import path

from plans import views

app_name = "plans"

# Under /followups/ (config/urls.py), where the plans' pages were before they had an app of their own.
urlpatterns = [
    path("plans/", views.plan_list, name="list"),
    path("plans/new/", views.plan_create, name="create"),
    path("plans/<int:pk>/", views.plan_detail, name="detail"),
    path("plans/<int:pk>/history/", views.plan_history, name="history"),
    path("plans/<int:pk>/generate/", views.plan_generate, name="generate"),
    path("plans/<int:pk>/tasks/", views.task_create, name="task_create"),
    path("plans/<int:pk>/conferences/", views.conference_create, name="conference_create"),
    path("tasks/<int:pk>/reassign/", views.task_reassign, name="task_reassign"),
    path("tasks/<int:pk>/extend/", views.task_extend, name="task_extend"),
]
