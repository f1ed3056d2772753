"""Loading the official list of administrative units (the `vietnam-provinces` package)."""

import json
from dataclasses import dataclass
from datetime import date

import vietnam_provinces
from django.db import transaction

from coordination.models import AdministrativeLevel, AdministrativeUnit
from coordination.reference import reference_data_ensure
from coordination.text import fold

REFORM_DATE = date(2025, 7, 1)
REFORM_ACT = "Nghị quyết số 202/2025/QH15 và các nghị quyết của UBTVQH về sắp xếp đơn vị hành chính năm 2025"

# vietnam-provinces division types -> our level codes (levels are rows seeded by migration 0002).
LEVEL_BY_DIVISION_TYPE = {
    "tỉnh": "province",
    "thành phố trung ương": "province",
    "xã": "commune",
    "phường": "ward",
    "đặc khu": "special_zone",
}


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


def _official_divisions() -> list[dict]:
    with open(vietnam_provinces.NESTED_DIVISIONS_JSON_PATH, encoding="utf-8") as handle:
        return json.load(handle)


@transaction.atomic
def units_load_official() -> LoadResult:
    """Create or update the 34 provinces and 3,321 communes; running it again changes nothing."""
    reference_data_ensure()
    levels = {level.code: level for level in AdministrativeLevel.objects.all()}
    existing = {u.code: u for u in AdministrativeUnit.objects.filter(valid_to__isnull=True)}
    result = LoadResult()
    to_create: list[AdministrativeUnit] = []
    to_update: list[AdministrativeUnit] = []

    def upsert(
        code: str, name: str, division_type: str, parent: AdministrativeUnit | None
    ) -> AdministrativeUnit:
        level = levels[LEVEL_BY_DIVISION_TYPE[division_type]]
        unit = existing.get(code)
        if unit is None:
            unit = AdministrativeUnit(
                code=code,
                name=name,
                level=level,
                parent=parent,
                valid_from=REFORM_DATE,
                change_act=REFORM_ACT,
                search_text=fold(f"{name} {code}"),
            )
            to_create.append(unit)
        elif (unit.name, unit.level_id, unit.parent_id) != (name, level.id, parent.id if parent else None):
            unit.name, unit.level, unit.parent = name, level, parent
            unit.search_text = fold(f"{name} {code}")
            to_update.append(unit)
        else:
            result.unchanged += 1
        return unit

    provinces = _official_divisions()
    for province in provinces:
        upsert(f"{province['code']:02d}", province["name"], province["division_type"], None)
    result.created += len(to_create)
    AdministrativeUnit.objects.bulk_create(to_create, batch_size=500)
    existing.update({u.code: u for u in to_create})
    to_create.clear()

    for province in provinces:
        parent = existing[f"{province['code']:02d}"]
        for ward in province["wards"]:
            upsert(f"{ward['code']:05d}", ward["name"], ward["division_type"], parent)
    result.created += len(to_create)
    AdministrativeUnit.objects.bulk_create(to_create, batch_size=500)
    result.updated = len(to_update)
    AdministrativeUnit.objects.bulk_update(
        to_update, ["name", "level", "parent", "search_text"], batch_size=500
    )
    return result
