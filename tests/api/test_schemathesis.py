"""Schemathesis against the API's own schema, as two roles: an officer with a read-write token and a viewer
with a read-only one. No answer is a 5xx; every answer (status, content type, body) is the schema's.

It runs with the normal suite (SQLite, then PostgreSQL in .ci/run); few examples per operation keep it short.
"""

import pytest
import schemathesis
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from coordination import services
from coordination.models import ApiToken
from tests.factories import FollowUpFactory

EXAMPLES_PER_OPERATION = 6
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _schema():
    from config.wsgi import application

    loaded = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True))
    loaded.app = application  # calls go through Django's WSGI handler, in the test's transaction
    return loaded


schema = _schema()


@pytest.fixture(autouse=True)
def schemathesis_host(settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]


@pytest.fixture(autouse=True)
def keep_the_test_connection():
    """Django's WSGI handler closes the database connection around each request (``close_old_connections``),
    which on PostgreSQL would close the test's transaction; Django's own test client disconnects it too."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def story(routed_petition, province, person_of, agency_officer, viewer):
    """Rows the generated calls can reach (ids 1, 2… exist): a routed petition, follow-ups of both."""
    FollowUpFactory(lead_body=province.agency, responsible=person_of(agency_officer))
    FollowUpFactory(lead_body=province.standing)
    return routed_petition


def _run(case, user, scope):
    _token, secret = services.api_token_create(user=user, name="schemathesis", scope=scope)
    case.call_and_validate(headers={"Authorization": f"Bearer {secret}"}, checks=CHECKS)


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_api_as_an_officer_with_a_read_write_token(case, story, agency_officer):
    _run(case, agency_officer, ApiToken.Scope.READ_WRITE)


@schema.parametrize()
@settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_the_api_as_a_viewer_with_a_read_token(case, story, viewer):
    _run(case, viewer, ApiToken.Scope.READ)
