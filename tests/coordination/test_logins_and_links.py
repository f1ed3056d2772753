"""Logins and links (issue #10, finding 3): the lockout is per account and address, the address is the
client's behind the proxy, and the digest-preferences link expires."""

from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from coordination.clientip import client_ip
from coordination.tokens import preferences_token
from tests.url_coverage import covers

pytestmark = pytest.mark.django_db
PASSWORD = "mat-khau-dung-42"


@pytest.fixture
def accounts(db):
    User = get_user_model()
    return [User.objects.create_user(name, f"{name}@example.vn", PASSWORD) for name in ("an", "binh", "chi")]


def _login(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def _locked(response) -> bool:
    return "Tài khoản tạm thời bị khóa" in response.content.decode()


@covers("login")
def test_five_failures_lock_that_account_from_that_address_only(accounts):
    office = {"REMOTE_ADDR": "203.0.113.7"}
    attacker = Client()
    for _ in range(5):
        _login(attacker, "an", "sai", **office)
    assert _locked(_login(attacker, "an", PASSWORD, **office))  # the account tried, from that address: locked
    colleague = Client()  # same office address, another account: not locked (it was, for 15 minutes, before)
    response = _login(colleague, "binh", PASSWORD, **office)
    assert response.status_code == 302 and not _locked(response)
    elsewhere = Client()  # the owner, from home: not locked by someone else's failures at the office
    assert _login(elsewhere, "an", PASSWORD, REMOTE_ADDR="198.51.100.20").status_code == 302


@covers("login")
def test_behind_the_proxy_the_client_address_is_read_from_the_proxys_header(accounts, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for _ in range(5):
        # The attacker puts a different address of their own left of the one the proxy wrote: it is ignored.
        _login(Client(), "chi", "sai", REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{_}, 203.0.113.9")
    assert _locked(_login(Client(), "chi", PASSWORD, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9"))
    other = _login(Client(), "chi", PASSWORD, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR="198.51.100.4")
    assert other.status_code == 302  # another client behind the same proxy is not the attacker


@pytest.mark.parametrize("count, header, expected", [
    (0, "1.1.1.1", "10.0.0.2"),  # no proxy configured: the header is not trusted at all
    (1, "1.1.1.1", "1.1.1.1"),
    (1, "6.6.6.6, 1.1.1.1", "1.1.1.1"),  # a spoofed entry left of the proxy's
    (2, "6.6.6.6, 1.1.1.1, 10.0.0.1", "1.1.1.1"),
    (2, "1.1.1.1", "10.0.0.2"),  # fewer entries than proxies: misconfigured, fall back to the peer
])
def test_client_ip_counts_trusted_proxies_from_the_right(settings, count, header, expected):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=header)
    assert client_ip(request) == expected


@covers("followups:preferences")
def test_the_preferences_link_expires_and_each_digest_carries_a_fresh_one(client, accounts, settings):
    settings.PREFERENCES_LINK_MAX_AGE_DAYS = 30
    user = accounts[0]
    link = preferences_token(user=user)
    assert client.get(link).status_code == 200
    with time_machine.travel(timezone.now() + timedelta(days=31), tick=False):
        expired = client.get(link)
        assert expired.status_code == 404 and "hết hạn" in expired.content.decode()
        fresh = preferences_token(user=user)  # what a digest written today carries
        assert fresh != link and client.get(fresh).status_code == 200
