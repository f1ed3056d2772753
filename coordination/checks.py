"""System checks: documents need Pango (WeasyPrint) and a serif font with Vietnamese glyphs."""

import shutil
import subprocess

from django.core.checks import Error, register

DOCUMENT_FONT = "Liberation Serif"  # metric-compatible with Times New Roman (Decree 30/2020)


@register()
def check_document_rendering(app_configs=None, **kwargs):
    errors = []
    try:
        import weasyprint  # noqa: F401 — importing loads Pango through cffi
    except OSError as exc:
        errors.append(
            Error(
                f"WeasyPrint cannot load Pango: {exc}",
                hint="apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 (make deps does this as root)",
                id="phoihop.E001",
            )
        )
    fc_list = shutil.which("fc-list")
    families = ""
    if fc_list:
        families = subprocess.run([fc_list, ":", "family"], capture_output=True, text=True, check=False).stdout
    if DOCUMENT_FONT not in families:
        errors.append(
            Error(
                f"The font {DOCUMENT_FONT!r} is not installed; PDFs would lose Vietnamese glyphs or layout.",
                hint="apt-get install -y fonts-liberation fontconfig (make deps does this as root)",
                id="phoihop.E002",
            )
        )
    return errors
