"""Tables inside a provision: the importer keeps a Word table as "| a | b |" rows in the provision's text;
the page, the PDF and the DOCX show those rows as a table again."""

import re
from dataclasses import dataclass, field

_ROW_RE = re.compile(r"^\|(.*)\|$")


@dataclass
class Block:
    kind: str  # "p" or "table"
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


def table_row(line: str) -> list[str] | None:
    match = _ROW_RE.match(line.strip())
    return [cell.strip() for cell in match.group(1).split("|")] if match else None


def text_blocks(text: str) -> list[Block]:
    """The paragraphs and tables of a provision's text, in order."""
    blocks: list[Block] = []
    for line in (text or "").split("\n"):
        row = table_row(line)
        if row is not None:
            if not blocks or blocks[-1].kind != "table":
                blocks.append(Block("table"))
            blocks[-1].rows.append(row)
        elif line.strip():
            blocks.append(Block("p", line))
    return blocks
