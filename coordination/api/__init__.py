"""The REST API's shared machinery (issue 17 §2): token authentication, scope, cursor pagination,
idempotent POSTs and the log of every token's use. Each app's serializers and viewsets are in
``<app>/api.py``; config/api_urls.py routes them under /api/v1/."""
