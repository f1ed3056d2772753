from django.urls import path

from sessions import views

app_name = "council_sessions"

urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("new/", views.session_create, name="session_create"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/move/", views.session_move, name="session_move"),
    path("<int:pk>/status/", views.session_status, name="session_status"),
    path("<int:pk>/dossier/", views.session_dossier, name="session_dossier"),
    path("<int:pk>/history/", views.session_history, name="session_history"),
    path("<int:pk>/agenda/new/", views.agenda_item_create, name="agenda_item_create"),
    path("<int:pk>/submissions/new/", views.submission_create, name="submission_create"),
    path("<int:pk>/resolutions/new/", views.resolution_create, name="resolution_create"),
    path("<int:pk>/questions/new/", views.question_create, name="question_create"),
    path("<int:pk>/ratings/new/", views.rating_create, name="rating_create"),
    path("submissions/", views.submission_list, name="submission_list"),
    path("submissions/<int:pk>/history/", views.submission_history, name="submission_history"),
    path("submissions/<int:pk>/record/", views.submission_record, name="submission_record"),
    path("submissions/<int:pk>/review/", views.submission_review_record, name="submission_review_record"),
    path(
        "submissions/<int:pk>/documents/new/", views.submission_document_add, name="submission_document_add"
    ),
    path("documents/<int:pk>/", views.submission_document_file, name="submission_document_file"),
    path("resolutions/", views.resolution_list, name="resolution_list"),
    path("resolutions/<int:pk>/", views.resolution_detail, name="resolution_detail"),
    path("resolutions/<int:pk>/file/", views.resolution_file, name="resolution_file"),
    path("questions/", views.question_list, name="question_list"),
    path("questions/<int:pk>/answer/", views.question_answer, name="question_answer"),
    path("ratings/", views.rating_list, name="rating_list"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/new/", views.meeting_create, name="meeting_create"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/items/new/", views.meeting_item_create, name="meeting_item_create"),
    path("meetings/<int:pk>/dates/", views.meeting_dates, name="meeting_dates"),
    path("meetings/<int:pk>/conclude/", views.meeting_conclude, name="meeting_conclude"),
    path("meetings/<int:pk>/questions/new/", views.meeting_question_create, name="meeting_question_create"),
    path("supervision/", views.mission_list, name="mission_list"),
    path("supervision/new/", views.mission_create, name="mission_create"),
    path("supervision/<int:pk>/", views.mission_detail, name="mission_detail"),
    path("supervision/<int:pk>/step/", views.mission_step, name="mission_step"),
    path("supervision/<int:pk>/team/", views.mission_team, name="mission_team"),
    path(
        "supervision/<int:pk>/recommendations/new/", views.recommendation_create, name="recommendation_create"
    ),
    path("recommendations/", views.recommendation_list, name="recommendation_list"),
    path("recommendations/<int:pk>/answer/", views.recommendation_answer, name="recommendation_answer"),
    path("recommendations/<int:pk>/verify/", views.recommendation_verify, name="recommendation_verify"),
]
