app_name = "council_sessions"

urlpatterns: list = []
