from coordination import checks


def test_the_document_check_passes_on_a_machine_with_pango_and_the_font():
    assert checks.check_document_rendering() == []


def test_the_document_check_reports_a_missing_font(monkeypatch):
    # Simulates a machine without fontconfig, which the test machine cannot become for real.
    monkeypatch.setattr(checks.shutil, "which", lambda name: None)
    errors = checks.check_document_rendering()
    assert [e.id for e in errors] == ["phoihop.E002"]
    assert "fonts-liberation" in errors[0].hint
