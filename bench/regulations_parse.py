"""Reading a long regulation: a generated text of N articles (chapters, sections, clauses, points, a table,
deadline phrases, signatures) parsed in memory, outline and obligations included. Prints seconds
(best and median of --repeat runs), lines and what was found; never asserts a time.

    .venv/bin/python bench/regulations_parse.py [--articles 500] [--repeat 5]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from regulations.sources import roman_numeral  # noqa: E402 (after the path)


def generated_text(articles: int, per_chapter: int = 20) -> str:
    parts = []
    number = 0
    chapters = max(1, -(-articles // per_chapter))
    for c in range(1, chapters + 1):
        parts.append(f"Chương {roman_numeral(c)}\nNỘI DUNG PHỐI HỢP PHẦN {c}")
        for s in (1, 2):
            parts.append(f"Mục {s}. NHÓM VIỆC {s}")
            for _ in range(per_chapter // 2):
                number += 1
                if number > articles:
                    break
                parts.append(
                    f"Điều {number}. Nội dung phối hợp số {number}\n"
                    "1. UBND gửi tờ trình, dự thảo nghị quyết đến Thường trực HĐND chậm nhất 20 ngày trước "
                    "ngày khai mạc kỳ họp.\n"
                    "2. Ban Thường trực UBMTTQ chủ trì, phối hợp với Thường trực HĐND tổng hợp ý kiến, kiến "
                    "nghị của cử tri:\n"
                    "a) tổng hợp theo lĩnh vực trong thời hạn 15 ngày kể từ ngày kết thúc đợt tiếp xúc cử "
                    "tri;\n"
                    "b) phân loại theo thẩm quyền;\nc) chuyển đến cơ quan có thẩm quyền.\n"
                    "Việc chuyển được ghi vào sổ theo dõi.\n"
                    "3. Hằng tháng, Văn phòng HĐND và UBND báo cáo tiến độ trước ngày 05:\n| Việc | Chủ trì "
                    "|\n| Báo cáo | Văn phòng |"
                )
            if number >= articles:
                break
    return (
        "THƯỜNG TRỰC HĐND - UBND - BAN THƯỜNG TRỰC UBMTTQ\nTỈNH HÒA PHONG\n-------\nSố: "
        "500/QCPH-TTHĐND-UBND-BTTUBMTTQ\n"
        "Hòa Phong, ngày 06 tháng 5 năm 2026\n\nQUY CHẾ\nPHỐI HỢP CÔNG TÁC (BẢN THỬ)\n\nCăn cứ Luật Tổ chức "
        "chính quyền địa phương;\n\n"
        + "\n\n".join(parts)
        + "\n\nNơi nhận:\n- Lưu: VT.\n\nTM. THƯỜNG TRỰC HĐND TỈNH\nCHỦ TỊCH\nTrần Thị Bình\n\n"
        "TM. ỦY BAN NHÂN DÂN TỈNH\nCHỦ TỊCH\nLê Văn Cường\n\nTM. BAN THƯỜNG TRỰC UBMTTQ VIỆT NAM TỈNH\nCHỦ "
        "TỊCH\nPhạm Thị Dung\n"
    )


def run(*, articles: int = 500, repeat: int = 5) -> dict:
    import django

    django.setup()
    from regulations.parsing import parse_regulation

    text = generated_text(articles)
    times, parsed = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        parsed = parse_regulation(text)
        times.append(time.perf_counter() - started)
    return {
        "articles": len(parsed.articles), "lines": parsed.lines, "obligations": len(parsed.obligations),
        "parties": len(parsed.parties), "best": min(times), "median": statistics.median(times),
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=5)
    args, _ = parser.parse_known_args(argv)
    figures = run(articles=args.articles, repeat=args.repeat)
    print(
        f"parse {figures['articles']} articles ({figures['lines']['total']} lines, "
        f"{figures['lines']['warned']} warned, "
        f"{figures['obligations']} obligations, {figures['parties']} parties): best {figures['best']:.3f} s, "
        f"median {figures['median']:.3f} s over {args.repeat} runs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
