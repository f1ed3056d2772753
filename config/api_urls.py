"""The REST API (issue 17): /api/v1/ routes each app's viewsets; /api/schema/ and /api/docs/ describe it."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from coordination.api.resources import BodyViewSet, CalendarViewSet, FollowUpViewSet, UnitViewSet
from regulations.api import RegulationViewSet
from sessions.api import SessionViewSet, SubmissionViewSet
from voters.api import PetitionViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("units", UnitViewSet, basename="unit")
router.register("bodies", BodyViewSet, basename="body")
router.register("followups", FollowUpViewSet, basename="followup")
router.register("calendar", CalendarViewSet, basename="calendar")
router.register("petitions", PetitionViewSet, basename="petition")
router.register("regulations", RegulationViewSet, basename="regulation")
router.register("sessions", SessionViewSet, basename="session")
router.register("submissions", SubmissionViewSet, basename="submission")

app_name = "api"

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api:schema"), name="redoc"),
]
