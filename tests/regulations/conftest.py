import pytest

from tests.regulations.factories import import_text, sample_text


@pytest.fixture
def sample(province):
    """The 17-article four-party sample, imported as a draft of the province (signatures from the text)."""
    return import_text(sample_text(), province.unit)
