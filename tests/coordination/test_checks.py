from coordination import checks, fonts


def test_the_document_check_passes_on_a_machine_with_pango_and_the_font():
    assert checks.check_document_rendering() == []


def test_the_document_check_reports_a_missing_font(monkeypatch):
    # Simulates a machine without the font (fontconfig answers with another family), which the test machine
    # cannot become for real.
    monkeypatch.setattr(fonts, "font_file", lambda style="regular": "")
    errors = checks.check_document_rendering()
    assert [e.id for e in errors] == ["phoihop.E002"]
    assert "fonts-liberation2" in errors[0].hint


def test_the_document_check_refuses_a_font_without_every_vietnamese_letter(monkeypatch, tmp_path):
    """Liberation 1.07 (Debian's fonts-liberation) has Ơ but not Ộ or Ủ: WeasyPrint would take those from
    another family. A copy of the font cut down to lack them stands for it."""
    from fontTools import subset

    source = fonts.font_file("regular")
    cut = tmp_path / "cut.ttf"
    options = subset.Options()
    options.notdef_outline = True
    font = subset.load_font(source, options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(
        unicodes=[ord(c) for c in fonts.VIETNAMESE_LETTERS if c not in "ỘỦ"] + list(range(32, 127))
    )
    subsetter.subset(font)
    subset.save_font(font, str(cut), options)
    monkeypatch.setattr(fonts, "font_file", lambda style="regular": str(cut))
    fonts._metrics.cache_clear()
    try:
        errors = checks.check_document_rendering()
    finally:
        fonts._metrics.cache_clear()
    assert [e.id for e in errors] == ["phoihop.E004"]
    assert "Ộ" in errors[0].msg and "Ủ" in errors[0].msg and "fonts-liberation2" in errors[0].hint


def test_it_knows_every_vietnamese_letter():
    letters = fonts.VIETNAMESE_LETTERS
    assert len(letters) == 146 and len(set(letters)) == 146
    assert all(c in letters for c in "ỘỦĨỈỢđĐươƯƠỹỸ")
