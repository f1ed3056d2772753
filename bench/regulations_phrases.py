"""How many of the deadline phrases a person finds the importer proposes, and how many of its proposals are
right: precision and recall of regulations.phrases over the labelled corpus in
tests/regulations/data/deadline_phrases.tsv (written by hand: phrase, deadlines, lead), plus the share of
found deadlines whose lead is the body the text names. Prints figures (and, with --verbose, every miss);
never asserts.

    .venv/bin/python bench/regulations_phrases.py [--verbose] [--limit N]
"""

import argparse
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
CORPUS = ROOT / "tests" / "regulations" / "data" / "deadline_phrases.tsv"
HELD_OUT = ROOT / "tests" / "regulations" / "data" / "deadline_phrases_heldout.tsv"


@dataclass
class Scores:
    phrases: int = 0
    expected: int = 0
    proposed: int = 0
    correct: int = 0
    leads_checked: int = 0
    leads_right: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.correct / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.expected if self.expected else 1.0

    @property
    def lead_accuracy(self) -> float:
        return self.leads_right / self.leads_checked if self.leads_checked else 1.0


def corpus(path: Path = CORPUS) -> list[tuple[str, list[str], list[str]]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        phrase, deadlines, leads = line.split("\t")
        rows.append((phrase, [] if deadlines == "-" else deadlines.split(";"), leads.split(";")))
    return rows


def run(*, limit: int | None = None, path: Path = CORPUS) -> Scores:
    import django

    django.setup()
    from coordination.text import fold
    from regulations.phrases import propose_obligations

    scores = Scores()
    for phrase, expected, leads in corpus(path)[:limit]:
        proposals = propose_obligations(phrase)
        got = [p.rule.label() for p in proposals]
        scores.phrases += 1
        scores.expected += len(expected)
        scores.proposed += len(got)
        remaining = list(expected)
        for index, label in enumerate(got):
            if label in remaining:
                remaining.remove(label)
                scores.correct += 1
                wanted = (
                    leads[expected.index(label)]
                    if len(leads) == len(expected) and len(leads) > 1
                    else leads[0]
                )
                scores.leads_checked += 1
                lead = proposals[index].lead_text
                if fold(lead or "-") == fold(wanted):
                    scores.leads_right += 1
                else:
                    scores.misses.append(f"lead  {phrase}\n      want {wanted!r}, got {lead!r}")
        if sorted(got) != sorted(expected):
            scores.misses.append(f"rule  {phrase}\n      want {expected}, got {got}")
    return scores


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--limit", type=int)
    args, _ = parser.parse_known_args(argv)
    total = Scores()
    for name, path in (("corpus", CORPUS), ("held out", HELD_OUT)):
        scores = run(limit=args.limit, path=path)
        if args.verbose:
            print("\n".join(scores.misses))
        report(name, scores)
        for attribute in ("phrases", "expected", "proposed", "correct", "leads_checked", "leads_right"):
            setattr(total, attribute, getattr(total, attribute) + getattr(scores, attribute))
    report("both", total)
    return 0


def report(name: str, scores: Scores) -> None:
    print(f"deadline phrases ({name}): {scores.phrases} phrases, {scores.expected} deadlines labelled, "
          f"{scores.proposed} proposed, {scores.correct} right: precision {scores.precision:.1%}, "
          f"recall {scores.recall:.1%}; lead right for {scores.lead_accuracy:.1%} of those found")


if __name__ == "__main__":
    sys.exit(main())
