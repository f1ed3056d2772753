"""Who sees which regulation: the unit's members see drafts; the units below see only enacted ones."""

from datetime import date

import pytest

from regulations.permissions import units_for_import, visible_regulations
from tests.conftest import member
from tests.factories import BodyFactory, CommuneFactory
from tests.regulations.factories import OLD_SAMPLE, import_text, in_force, sample_text

pytestmark = pytest.mark.django_db


def test_a_commune_sees_the_province_regulation_in_force_but_not_its_drafts(province):
    enacted = in_force(
        import_text(OLD_SAMPLE.read_text(encoding="utf-8"), province.unit), effective_from=date(2021, 10, 5)
    )
    draft = import_text(sample_text(), province.unit)
    commune = CommuneFactory(parent=province.unit)
    commune_staff = member(BodyFactory(unit=commune, kind="council_standing", name="TT HĐND xã"))
    assert list(visible_regulations(commune_staff)) == [enacted]
    assert set(visible_regulations(member(province.standing, "viewer"))) == {enacted, draft}
    assert list(units_for_import(commune_staff)) == [commune]


def test_viewers_and_agency_staff_import_nowhere(province, viewer, agency_officer, superuser):
    assert not units_for_import(viewer).exists()
    assert not units_for_import(agency_officer).exists()
    assert province.unit in units_for_import(superuser)
