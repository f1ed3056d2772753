"""Reading a rendered document as its reader sees it: lines, table cells and fonts from the PDF (pdfplumber),
pages as pictures (pdftoppm), a DOCX as LibreOffice prints it. Shared by the layout and signature tests."""

import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

MM = 72 / 25.4  # PDF points per millimetre


@dataclass
class Line:
    top: float
    x0: float
    x1: float
    text: str
    words: list[dict]

    @property
    def fonts(self) -> set[str]:
        return {w["fontname"] for w in self.words}


def words_of(page) -> list[dict]:
    """Words split on every space (a no-break space too), each with its font."""
    return page.extract_words(
        x_tolerance=1.5, y_tolerance=2, keep_blank_chars=False, extra_attrs=["fontname", "size"]
    )


def lines_of(words: list[dict], tolerance: float = 2.5) -> list[Line]:
    """Words grouped into lines by their top, left to right."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (round(w["top"]), w["x0"])):
        for line in lines:
            if abs(line[0]["top"] - word["top"]) <= tolerance:
                line.append(word)
                break
        else:
            lines.append([word])
    result = []
    for line in lines:
        line.sort(key=lambda w: w["x0"])
        result.append(
            Line(
                top=min(w["top"] for w in line),
                x0=min(w["x0"] for w in line),
                x1=max(w["x1"] for w in line),
                text=" ".join(w["text"] for w in line),
                words=line,
            )
        )
    return sorted(result, key=lambda line: line.top)


def family(fontname: str) -> str:
    """"ABCDEF+Liberation-Serif-BoldItalic" (WeasyPrint) and "BAAAAA+LiberationSerif-Bold" (LibreOffice) ->
    "LiberationSerif"."""
    name = fontname.split("+", 1)[-1]
    name = re.sub(r"([-,]?(Bold|Italic|Oblique|Regular|Roman))+$", "", name)
    return name.replace("-", "").replace(" ", "")


def families(pdf) -> set[str]:
    return {family(c["fontname"]) for page in pdf.pages for c in page.chars if c["text"].strip()}


def cell_lines(page, table) -> list[tuple[str, list[Line]]]:
    """Each cell of a ruled table as (its text, its lines)."""
    result = []
    for bbox in table.cells:
        if bbox is None:
            continue
        x0, top, x1, bottom = bbox
        words = [w for w in words_of(page) if w["x0"] >= x0 - 0.5 and w["x1"] <= x1 + 0.5
                 and w["top"] >= top - 0.5 and w["bottom"] <= bottom + 0.5]
        lines = lines_of(words)
        if lines:
            result.append((" / ".join(line.text for line in lines), lines))
    return result


def broken_cells(pdf) -> list[str]:
    """Cells of ruled tables where a line holds one word alone or ends cut at a hyphen ("KT-" / "NS")."""
    bad = []
    for number, page in enumerate(pdf.pages, start=1):
        for table in page.find_tables():
            for text, lines in cell_lines(page, table):
                if len(lines) < 2:
                    continue
                if any(len(line.words) < 2 for line in lines) or any(
                    line.text.endswith("-") for line in lines[:-1]
                ):
                    bad.append(f"trang {number}: {text}")
    return bad


def to_pngs(
    pdf_path: Path, out_prefix: Path, *, dpi: int = 60, first: int = 1, last: int | None = None
) -> list[Path]:
    """Pages as PNG pictures (pdftoppm, Debian's poppler-utils), for a person to look at."""
    out_prefix.parent.mkdir(parents=True, exist_ok=True)
    command = ["pdftoppm", "-r", str(dpi), "-png", "-f", str(first)]
    if last:
        command += ["-l", str(last)]
    subprocess.run([*command, str(pdf_path), str(out_prefix)], check=True, capture_output=True)
    return sorted(out_prefix.parent.glob(f"{out_prefix.name}-*.png"))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def docx_to_pdf(docx_paths: list[Path], out_dir: Path) -> dict[Path, Path]:
    """LibreOffice Writer (Debian's libreoffice-writer-nogui, headless) prints each DOCX as an office
    would."""
    profile = out_dir / "lo-profile"
    subprocess.run([soffice(), "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
                    "--convert-to", "pdf", "--outdir", str(out_dir), *map(str, docx_paths)],
                   check=True, capture_output=True, timeout=180)
    return {p: out_dir / f"{p.stem}.pdf" for p in docx_paths}
