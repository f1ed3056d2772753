"""API tests: a client that speaks with a personal token (``bearer(user, scope)``), and the voters' story."""

import pytest

from coordination import services
from coordination.models import ApiToken
from tests.voters.conftest import land, routed_petition, today, two_meetings, voter_round  # noqa: F401


class TokenClient:
    """The Django test client, every request carrying ``Authorization: Bearer <secret>``."""

    def __init__(self, client, secret: str, token: ApiToken):
        self.client, self.secret, self.token = client, secret, token

    def _headers(self, headers):
        return {"Authorization": f"Bearer {self.secret}", **(headers or {})}

    def get(self, url, data=None, headers=None):
        return self.client.get(url, data, headers=self._headers(headers))

    def post(self, url, data=None, headers=None, json=False):
        if json:
            return self.client.post(
                url, data, content_type="application/json", headers=self._headers(headers)
            )
        return self.client.post(url, data or {}, headers=self._headers(headers))


@pytest.fixture
def bearer(client):
    """``bearer(user)`` a read-write token's client; ``bearer(user, ApiToken.Scope.READ)`` a read-only one."""

    def _bearer(user, scope=ApiToken.Scope.READ_WRITE, **kwargs):
        token, secret = services.api_token_create(user=user, name="Phần mềm văn bản", scope=scope, **kwargs)
        return TokenClient(client, secret, token)

    return _bearer
