"""PDF (and DOCX) rendering of a regulation: the 17-article sample and a generated 100-article one.

Prints seconds and peak Python memory (tracemalloc) per document, plus the process's peak RSS;
never asserts a time (tests/regulations/test_benches.py runs it tiny). Runs against a throwaway SQLite
database unless DATABASE_URL is set:

    .venv/bin/python bench/regulations_pdf.py [--repeat 3] [--articles 100]
"""

import argparse
import os
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from regulations.sources import roman_numeral  # noqa: E402 (after the path)


def generated_text(articles: int) -> str:
    chapters = []
    per_chapter = 10
    for c in range(articles // per_chapter):
        body = "".join(
            f"Điều {n}. Nội dung phối hợp số {n}\n"
            f"1. UBND gửi tờ trình, dự thảo nghị quyết đến Thường trực HĐND chậm nhất 20 ngày trước ngày "
            f"khai mạc kỳ họp.\n"
            f"2. Ban Thường trực UBMTTQ chủ trì, phối hợp với Thường trực HĐND tổng hợp ý kiến, kiến nghị "
            f"của cử tri:\n"
            f"a) tổng hợp theo lĩnh vực;\nb) phân loại theo thẩm quyền;\nc) chuyển đến cơ quan có thẩm "
            f"quyền.\n"
            for n in range(c * per_chapter + 1, (c + 1) * per_chapter + 1)
        )
        chapters.append(f"Chương {roman_numeral(c + 1)}\nNỘI DUNG PHỐI HỢP PHẦN {c + 1}\n{body}")
    return (
        "THƯỜNG TRỰC HĐND - UBND - BAN THƯỜNG TRỰC UBMTTQ\n-------\nSố: 100/QCPH-TTHĐND-UBND-BTTUBMTTQ\n"
        "Hòa Phong, ngày 06 tháng 5 năm 2026\n\nQUY CHẾ\nPHỐI HỢP CÔNG TÁC (BẢN THỬ 100 ĐIỀU)\n\n"
        + "\n".join(chapters)
        + "\nNơi nhận:\n- Lưu: VT.\n\nTM. THƯỜNG TRỰC HĐND TỈNH\nCHỦ TỊCH\nTrần Thị Bình\n\n"
        "TM. ỦY BAN NHÂN DÂN TỈNH\nCHỦ TỊCH\nLê Văn Cường\n\nTM. BAN THƯỜNG TRỰC UBMTTQ VIỆT NAM TỈNH\nCHỦ "
        "TỊCH\nPhạm Thị Dung\n"
    )



def measure(label: str, build, regulation, repeat: int) -> None:
    timings, size = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = len(build(regulation))
        timings.append(time.perf_counter() - started)
    # Memory in a separate traced run: tracemalloc slows the rendering several times over.
    tracemalloc.start()
    build(regulation)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"{label:<16} {min(timings):6.2f} s (best of {repeat})  peak Python memory {peak / 2**20:6.1f} MiB  "
        f"file {size / 1024:5.0f} KiB"
    )


def run(unit, *, articles: int = 100, repeat: int = 3, sample: bool = True) -> None:
    """Import the sample (unless not ``sample``) and a generated regulation of ``articles`` articles into
    ``unit``, then time each."""
    from regulations.models import Regulation
    from regulations.parsing import parse_regulation
    from regulations.reports import regulation_docx_bytes, regulation_pdf_bytes
    from regulations.services import regulation_import

    texts = [generated_text(articles)]
    if sample:
        texts.insert(
            0, (ROOT / "regulations" / "fixtures" / "quy-che-4-ben-hoa-phong.txt").read_text(encoding="utf-8")
        )
    documents = []
    for text in texts:
        parsed = parse_regulation(text)
        regulation = Regulation.objects.filter(unit=unit, number=parsed.number).first() or regulation_import(
            parsed=parsed, unit=unit, by=None
        )
        documents.append((f"{regulation.articles.count()} điều", regulation))
    for label, regulation in documents:
        measure(f"PDF  {label}", regulation_pdf_bytes, regulation, repeat)
        measure(f"DOCX {label}", regulation_docx_bytes, regulation, repeat)
    print(f"peak RSS of the process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument(
        "--articles", type=int, default=100, help="articles of the generated regulation (tens)"
    )
    args, _ = parser.parse_known_args(argv)

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    from coordination.demo import DemoContext
    from coordination.demo import build as build_province

    call_command("migrate", verbosity=0)
    ctx = DemoContext(today=timezone.localdate())
    build_province(ctx)
    run(ctx.province, articles=args.articles, repeat=args.repeat)
    return 0


if __name__ == "__main__":
    # Only as a script: inside the suite the test database is already chosen, and the environment is shared.
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp(prefix='phoihop-bench-')}/bench.sqlite3"
    sys.exit(main())
