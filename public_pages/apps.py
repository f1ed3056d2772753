from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "public_pages"
    verbose_name = "Trang công khai"
