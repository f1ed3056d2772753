from django.urls import path

from voters import views

app_name = "voters"

urlpatterns = [
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("rounds/<int:pk>/compile/", views.compile_round, name="compile"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("meetings/<int:pk>/import/", views.opinion_import, name="opinion_import"),
    path("meetings/<int:pk>/held/", views.meeting_held, name="meeting_held"),
    path("opinions/template.xlsx", views.opinion_template, name="opinion_template"),
    path("opinions/<int:pk>/petition/", views.petition_from_opinion, name="petition_from_opinion"),
    path("proposals/<int:pk>/decide/", views.proposal_decide, name="proposal_decide"),
    path("", views.petition_list, name="petition_list"),
    path("petitions/<int:pk>/", views.petition_detail, name="petition_detail"),
    path("petitions/<int:pk>/route/", views.petition_route, name="petition_route"),
    path("petitions/<int:pk>/answer/", views.petition_answer, name="petition_answer"),
    path("petitions/<int:pk>/answer/file/", views.petition_answer_file, name="petition_answer_file"),
    path("petitions/<int:pk>/verify/", views.petition_verify, name="petition_verify"),
    path("petitions/<int:pk>/merge/", views.petition_merge, name="petition_merge"),
    path("petitions/<int:pk>/recurring/", views.petition_recurring, name="petition_recurring"),
    path("results/", views.results, name="results"),
    path("results/pdf/", views.results_pdf, name="results_pdf"),
    path("reception/", views.reception_list, name="reception_list"),
    path("reception/new/", views.reception_create, name="reception_create"),
    path("reception/schedule/", views.reception_schedule, name="reception_schedule"),
    path("reception/visits/", views.visit_list, name="visit_list"),
    path("reception/<int:pk>/", views.reception_detail, name="reception_detail"),
    path("reception/visits/<int:pk>/reply/", views.visit_reply, name="visit_reply"),
    path("letters/", views.letter_list, name="letter_list"),
    path("letters/new/", views.letter_create, name="letter_create"),
    path("letters/<int:pk>/", views.letter_detail, name="letter_detail"),
    path("letters/<int:pk>/action/", views.letter_action, name="letter_action"),
    path("letters/<int:pk>/grant/", views.letter_grant, name="letter_grant"),
    path("letters/<int:pk>/handler/", views.letter_handler, name="letter_handler"),
    path("letters/<int:pk>/revoke/", views.letter_revoke, name="letter_revoke"),
    path("letters/<int:pk>/copy/", views.letter_copy, name="letter_copy"),
]
