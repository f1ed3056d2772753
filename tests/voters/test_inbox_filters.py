"""What the petition register's filters show and refuse, now that each select's options are read once (for the
choice and the select alike) and the "my agencies" buttons come from the same rows (issue #16)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import BodyFactory
from tests.url_coverage import covers
from tests.voters.factories import PetitionFactory
from voters.models import PetitionStatus

pytestmark = pytest.mark.django_db


@covers("voters:petition_list")
class TestInboxFilters:
    def test_an_agency_officer_has_a_button_for_their_agency_only(self, login, agency_officer, province):
        page = login(agency_officer).get(reverse("voters:petition_list")).content.decode()
        assert "Hộp kiến nghị của cơ quan tôi" in page
        assert f"?agency={province.agency.pk}&amp;owed=true" in page
        assert f"?agency={province.other_agency.pk}&amp;owed=true" not in page  # in the select, not theirs
        assert f'<option value="{province.other_agency.pk}">' in page

    def test_someone_of_no_agency_has_no_inbox_buttons(self, login, staff_a):
        page = login(staff_a).get(reverse("voters:petition_list")).content.decode()
        assert "Hộp kiến nghị của cơ quan tôi" not in page

    def test_an_agency_of_another_province_is_refused_under_the_select(
        self, login, agency_officer, province, other_province, voter_round
    ):
        PetitionFactory(round=voter_round, agency=province.agency, status=PetitionStatus.FORWARDED,
                        title="Sửa đường liên xã")
        client = login(agency_officer)
        url = reverse("voters:petition_list")
        page = client.get(url, {"agency": other_province.agency.pk}).content.decode()
        assert "Hãy chọn một lựa chọn hợp lệ" in page  # under the agency select, as Django words it
        assert f'<option value="{other_province.agency.pk}"' not in page  # never among the options
        assert "Sửa đường liên xã" in page  # the other filters still apply; this one is refused, not guessed

    def test_choosing_an_agency_costs_no_query_more(self, login, agency_officer, province, voter_round):
        PetitionFactory(round=voter_round, agency=province.agency, status=PetitionStatus.FORWARDED,
                        title="Sửa đường liên xã")
        client = login(agency_officer)
        url = reverse("voters:petition_list")
        client.get(url)
        with CaptureQueriesContext(connection) as unfiltered:
            client.get(url, {"owed": "true"})
        with CaptureQueriesContext(connection) as filtered:
            page = client.get(url, {"agency": province.agency.pk, "owed": "true"}).content.decode()
        assert "Sửa đường liên xã" in page
        assert f'<option value="{province.agency.pk}" selected>' in page
        assert len(filtered) <= len(unfiltered)
        assert not any("DECLARE" in q["sql"] for q in filtered.captured_queries)  # no server-side cursor

    def test_a_new_agency_appears_in_the_select_at_once(self, login, agency_officer, province):
        client = login(agency_officer)
        client.get(reverse("voters:petition_list"))
        new = BodyFactory(unit=province.unit, kind=province.agency.kind, name="Sở Y tế", short_name="Sở YT")
        page = client.get(reverse("voters:petition_list")).content.decode()
        assert f'<option value="{new.pk}">Sở YT</option>' in page
