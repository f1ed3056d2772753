"""Nothing is ever lost silently: every non-blank line is placed in the outline or reported as a warning
with its line number; the outline, the preview and the command say how many of each; a text with
warnings is saved only once someone says they have read them."""

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from regulations.models import Regulation
from regulations.parsing import parse_regulation, read_source
from tests.regulations.factories import DATA, SAMPLE, sample_text

# The clock plays no part here: .ci/run's runs at difficult instants skip this file.
pytestmark = pytest.mark.clock_free

ROOT = Path(__file__).resolve().parents[2]
# The sample with what real files carry: a stray sentence before the first article and a page number.
WITH_STRAYS = (
    sample_text()
    .replace(
        "Chương I\nNHỮNG QUY ĐỊNH CHUNG\n",
        "Chương I\nNHỮNG QUY ĐỊNH CHUNG\nĐoạn lạc giữa chương và điều.\n",
        1,
    )
    .replace("Điều 9. Hoạt động giám sát, khảo sát\n", "- 5 -\nĐiều 9. Hoạt động giám sát, khảo sát\n", 1)
)


@pytest.mark.parametrize(
    "path", sorted([*DATA.glob("*.txt"), *(DATA / "layouts").glob("*.txt")]), ids=lambda p: p.name
)
def test_every_line_of_every_fixture_is_placed_or_warned(path):
    text = read_source(data=path.read_bytes(), filename=path.name)
    try:
        parsed = parse_regulation(text)
    except Exception as error:  # the one fixture that is an error by design
        assert path.name == "chi-co-quyet-dinh-ban-hanh.txt", error
        return
    nonblank = [n for n, line in enumerate(text.split("\n"), start=1) if line.strip()]
    assert parsed.lines["total"] == len(nonblank)
    assert parsed.lines["placed"] + parsed.lines["warned"] == parsed.lines["total"]
    assert {w["line"] for w in parsed.warnings} <= set(nonblank)


def test_the_json_outline_reports_line_coverage(capsys):
    call_command("import_regulation", str(SAMPLE), "--dry-run", "--format", "json")
    outline = json.loads(capsys.readouterr().out)
    assert outline["lines"] == {"total": 101, "placed": 101, "warned": 0}


def test_unplaced_lines_are_warnings_with_their_numbers():
    parsed = parse_regulation(WITH_STRAYS)
    assert parsed.warnings == [
        {
            "line": 22,
            "message": "Không xác định được đoạn này thuộc điều nào, chưa được lưu: “Đoạn lạc giữa chương và "
                       "điều.”",
        },
        {"line": 69, "message": "Số trang “- 5 -”: đã bỏ qua, không đưa vào quy chế."},
    ]
    assert parsed.lines == {"total": 103, "placed": 101, "warned": 2}
    assert len(parsed.articles) == 17


def test_a_line_nothing_claims_becomes_a_warning_rather_than_vanishing():
    parsed = parse_regulation(
        "Điều 1. Một\nNội dung.\nNơi nhận:\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn Cường\n"
        "chữ rơi vãi sau chữ ký 123"
    )
    assert parsed.warnings[-1]["line"] == 8 and "chưa được lưu" in parsed.warnings[-1]["message"]
    assert parsed.lines == {"total": 8, "placed": 7, "warned": 1}


def test_the_real_failure_a_decision_then_28_articles_under_an_unbracketed_marker():
    body = "\n".join(f"Điều {n}. Điều thứ {n}\n1. Nội dung khoản một của điều {n}." for n in range(1, 29))
    text = (
        "ỦY BAN NHÂN DÂN TỈNH HÒA PHONG\nSố: 12/QĐ-UBND\nQUYẾT ĐỊNH\nBan hành Quy chế làm việc\nQUYẾT ĐỊNH:\n"
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.\nĐiều 2. Hiệu lực từ ngày ký.\n"
        "Điều 3. Chánh Văn phòng chịu trách nhiệm thi hành.\nNơi nhận:\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ "
        "TỊCH\n"
        "Lê Quang Minh\nQUY CHẾ\nLÀM VIỆC CỦA ỦY BAN NHÂN DÂN TỈNH\nBAN HÀNH KÈM THEO QUYẾT ĐỊNH SỐ "
        "12/QĐ-UBND\n"
        + body
    )
    parsed = parse_regulation(text)
    assert len(parsed.articles) == 28 and parsed.warnings == []
    assert parsed.lines["placed"] == parsed.lines["total"]


@pytest.mark.django_db
def test_the_preview_shows_the_counts_and_saving_needs_the_warnings_ticked(
    login, province, staff_a, preview_import
):
    client = login(staff_a)
    page = preview_import(client, {"unit": province.unit.pk, "text": WITH_STRAYS, "action": "preview"})
    url, html = page.wsgi_request.path, page.content.decode()
    assert "103 dòng có chữ: 101 đã đặt vào dàn ý, 2 chưa đặt được (cảnh báo)" in html
    assert (
        "Dòng 22: Không xác định được đoạn này thuộc điều nào" in html and "Dòng 69: Số trang “- 5 -”" in html
    )
    assert "Tôi đã đọc các cảnh báo" in html
    html = client.post(
        url, {"unit": province.unit.pk, "text": WITH_STRAYS, "action": "save"}
    ).content.decode()
    assert "Chưa lưu: 2 trong 103 dòng có chữ chưa được đặt vào dàn ý (2 cảnh báo)" in html
    assert not Regulation.objects.exists()
    response = client.post(
        url, {"unit": province.unit.pk, "text": WITH_STRAYS, "action": "save", "warnings_read": "on"}
    )
    regulation = Regulation.objects.get()
    assert response.status_code == 302
    assert regulation.import_report["lines"] == {"total": 103, "placed": 101, "warned": 2}
    assert regulation.import_report["warnings_read_by"] == "staff_a"
    page = client.get(regulation.get_absolute_url()).content.decode()
    assert "103 dòng: 101 đặt vào dàn ý, 2 cảnh báo (staff_a đã đọc cảnh báo khi lưu)" in page


@pytest.mark.django_db
def test_a_clean_text_needs_no_tick(login, province, staff_a, preview_import):
    upload = SimpleUploadedFile("quy-che.txt", sample_text().encode("utf-8"))
    page = preview_import(login(staff_a), {"unit": province.unit.pk, "file": upload, "action": "preview"})
    assert "Tôi đã đọc các cảnh báo" not in page.content.decode()
    assert "101 dòng có chữ: 101 đã đặt vào dàn ý, 0 chưa đặt được" in page.content.decode()


@pytest.mark.django_db
def test_the_command_saves_a_text_with_warnings_only_with_accept_warnings(province, tmp_path, capsys):
    path = tmp_path / "co-canh-bao.txt"
    path.write_text(WITH_STRAYS, encoding="utf-8")
    with pytest.raises(CommandError, match="Chưa lưu: 2 trong 103 dòng"):
        call_command("import_regulation", str(path), "--unit", province.unit.code)
    assert not Regulation.objects.exists()
    err = capsys.readouterr().err
    assert "Cảnh báo dòng 22:" in err and "Cảnh báo dòng 69:" in err
    call_command(
        "import_regulation",
        str(path),
        "--unit",
        province.unit.code,
        "--accept-warnings",
        stdout=io.StringIO(),
    )
    assert Regulation.objects.get().import_report["lines"]["warned"] == 2


def test_the_command_exits_1_on_a_decision_without_its_regulation():
    path = DATA / "layouts" / "chi-co-quyet-dinh-ban-hanh.txt"
    result = subprocess.run(
        [sys.executable, "manage.py", "import_regulation", str(path), "--dry-run", "--format", "json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert "Văn bản chỉ có quyết định ban hành (Điều 1–3 của quyết định)" in result.stderr
