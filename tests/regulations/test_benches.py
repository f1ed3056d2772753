"""The regulation benches run at a tiny size inside the suite, so they cannot rot (figures: bench/,
README)."""

import re

import pytest

from bench import regulations_parse, regulations_pdf, regulations_phrases

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


def test_the_pdf_bench_runs(province, capsys):
    regulations_pdf.run(
        province.unit, articles=10, repeat=1, sample=False
    )  # the 17-article sample would double it
    out = capsys.readouterr().out
    for document in ("PDF  10 điều", "DOCX 10 điều"):
        assert re.search(
            rf"{document}\s+\d+\.\d\d s \(best of 1\)\s+peak Python memory\s+\d+\.\d MiB\s+file\s+\d+ KiB",
            out,
        ), out
    assert re.search(r"peak RSS of the process: \d+ MiB", out)
