import pytest
from django.urls import reverse

from tests.regulations.factories import import_text, sample_text


@pytest.fixture
def sample(province):
    """The 17-article four-party sample, imported as a draft of the province (signatures from the text)."""
    return import_text(sample_text(), province.unit)


@pytest.fixture
def preview_import(committed):
    """Send the import form as the officer does and land where they land: the reading job runs as on a real
    commit (eagerly, like the embedded default) and the client follows the redirect to the job's page, the
    preview."""

    def _preview(client, data):
        with committed():
            response = client.post(reverse("regulations:import"), data)
        return client.get(response.url) if response.status_code == 302 else response

    return _preview
