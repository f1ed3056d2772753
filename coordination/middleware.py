from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Vietnamese unless the user picked another language with the switch.

    Django's LocaleMiddleware follows the browser's Accept-Language, which would show English to an
    officer whose browser happens to be English; here only the language cookie counts.
    """

    def process_request(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in dict(settings.LANGUAGES):
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class HealthCheckMiddleware:
    """/healthz, /readyz and /metrics answer here, first in the chain: a load balancer or docker's healthcheck
    calls them by IP over plain HTTP, which host validation and the HTTPS redirect would refuse, and they need
    no session, language or login. Their URL patterns (config/urls.py) name the same views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from coordination.views import health

        view = {"/healthz": health.healthz, "/readyz": health.readyz, "/metrics": health.metrics}.get(
            request.path_info
        )
        return view(request) if view is not None else self.get_response(request)
