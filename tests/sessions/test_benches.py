"""The Council's registers benchmark runs at a tiny size against the test database and must print its figures
(never a time asserted): a model change that breaks it fails here."""

import re

from tests.benches import assert_page_rows, postgresql_bench, run_bench

pytestmark = postgresql_bench


def test_the_registers_scale_bench_runs_tiny():
    out = run_bench(
        "sessions_scale.py", "--submissions", "40", "--recommendations", "40", "--moved", "3", "--repeat", "1"
    )
    assert "generated 40 submissions, 40 recommendations" in out
    registers = ["session_list", "submission_list", "mission_list", "recommendation_list"]
    assert_page_rows(
        out, with_admin=[f"{name} {what}" for name in registers for what in ("first page", "search")]
    )
    for name in registers:
        assert re.search(rf"{name} excel \(background\) \d+ ms: .*: \d+ dòng \(Excel\)", out), out
    assert re.search(r"session_move over \d+ submissions: \d+ ms, \d+ queries", out), out
