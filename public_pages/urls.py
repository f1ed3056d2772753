from django.urls import path

from public_pages import feeds, views
from public_pages.throttle import public_view

app_name = "public"

urlpatterns = [
    path("", views.index, name="index"),
    path("don-vi/<int:pk>/", views.unit, name="unit"),
    path("dot/<int:pk>/", views.round_, name="round"),
    path("kien-nghi/", views.petitions, name="petitions"),
    path("kien-nghi/<int:round_id>-<int:number>/", views.petition, name="petition"),
    path("kien-nghi/<int:round_id>-<int:number>/van-ban-tra-loi/", views.petition_answer_file,
         name="petition_answer_file"),
    path("tra-cuu/", views.lookup, name="lookup"),
    path("lich-tiep-cong-dan/", views.reception, name="reception"),
    path("quy-che/", views.regulations, name="regulations"),
    path("quy-che/<int:pk>/", views.regulation, name="regulation"),
    path("quy-che/<int:pk>/ban-ky.pdf", views.regulation_pdf, name="regulation_pdf"),
    path("kien-nghi-da-tra-loi.rss", public_view(feeds.AnsweredPetitionsFeed()), name="feed_rss"),
    path("kien-nghi-da-tra-loi.atom", public_view(feeds.AnsweredPetitionsAtom()), name="feed_atom"),
    path("du-lieu/kien-nghi.csv", views.data_csv, name="data_csv"),
    path("du-lieu/kien-nghi.json", views.data_json, name="data_json"),
]
