"""The regulation benches run at a tiny size inside the suite, so they cannot rot (figures: bench/, README)."""

import pytest

from bench import regulations_parse, regulations_phrases

# The clock plays no part here: .ci/run's runs at difficult instants skip this file.
pytestmark = pytest.mark.clock_free


def test_the_parse_bench_runs(capsys):
    assert regulations_parse.main(["--articles", "5", "--repeat", "1"]) == 0
    assert "parse 5 articles" in capsys.readouterr().out
    figures = regulations_parse.run(articles=25, repeat=1)
    assert figures["articles"] == 25 and figures["lines"]["warned"] == 0


def test_the_phrases_bench_runs(capsys):
    assert regulations_phrases.main(["--limit", "5"]) == 0
    out = capsys.readouterr().out
    assert "deadline phrases (corpus): 5 phrases" in out and "precision" in out and "recall" in out
