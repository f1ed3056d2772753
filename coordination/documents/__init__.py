"""Vietnamese administrative-document conventions shared by every PDF and DOCX we produce.

``writing`` (places, dates, numbers), ``layout`` (the Decree 30 header, signature blocks, who signs) and
``docx_builders`` (the same layout in Word); the names are re-exported here, so
``from coordination.documents import document_header`` keeps working. Modules of the package import each
other directly, never from this file."""

from .docx_builders import (
    DOCX_FONT,
    column_widths,
    docx_fixed_table,
    docx_header,
    docx_page_numbers,
    docx_paragraph,
    docx_runs_keeping_hyphens,
    docx_setup,
    docx_signatures,
    docx_table,
    docx_title,
)
from .layout import (
    COLUMN_GAP_MM,
    HEADER_ABBREVIATIONS,
    ISSUER_PT,
    MIN_NUMBER_PT,
    MOTTO,
    MOTTO_PT,
    NATION,
    NATION_PT,
    NUMBER_PT,
    PLACE_DATE_PT,
    TEXT_WIDTH_MM,
    UNIT_WORDS,
    document_closing,
    document_header,
    header_name,
    issuer_lines,
    signature_rows,
    signing_parties,
    stacked_issuers,
    standing_and_chair,
)
from .writing import (
    LEVEL_WORDS,
    NBSP,
    keep_words,
    level_word,
    place_and_date,
    place_name,
    vn_number,
    vn_percent,
    vn_share,
)

__all__ = [
    # places, dates, numbers
    "place_and_date", "place_name", "LEVEL_WORDS", "level_word", "NBSP", "vn_number", "vn_percent",
    "vn_share", "keep_words",
    # the header, the signature blocks, who signs
    "TEXT_WIDTH_MM", "NATION", "MOTTO", "NATION_PT", "MOTTO_PT", "ISSUER_PT", "NUMBER_PT", "MIN_NUMBER_PT",
    "PLACE_DATE_PT", "COLUMN_GAP_MM", "HEADER_ABBREVIATIONS", "header_name", "issuer_lines", "UNIT_WORDS",
    "stacked_issuers", "document_header", "signature_rows", "document_closing", "standing_and_chair",
    "signing_parties",
    # DOCX
    "DOCX_FONT", "docx_setup", "docx_page_numbers", "docx_fixed_table", "docx_header", "docx_title",
    "docx_paragraph", "column_widths", "docx_table", "docx_runs_keeping_hyphens", "docx_signatures",
]
