"""`gapcheck extract`: what a user sees of the reading behind a finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapcheck.cli.main import app

import extract_factory as factory

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
LK = SHARED / "eval" / "docs" / "lk-2005" / "lk-2005-act30.pdf"

runner = CliRunner()

# The Sri Lankan act (real printed PDF, headings in the margin) read into its
# sections, each with the heading printed beside it and the page it starts on.
LK_SECTIONS = """\
  s. 1 — Short title and date of operation  [p. 2]
  s. 2(1) — Offence of trafficking of women and children for prostitution  [p. 2]
  s. 3(1) — High Court to try offences under this Act  [p. 4]
  s. 4 — Aggravating Circumstances  [p. 4]
  s. 5 — Rights of certain persons arrested for the offences made under this Act  [p. 5]
  s. 6 — Amendment to the Extradition Law No. 8 of 1977  [p. 5]
  s. 7 — Existing extradition arrangements with convention States deemed to provide for offences in the Schedule  [p. 6]
  s. 8 — Minister may treat convention as an extradition arrangement between Sri Lanka and certain convention States, in respect of offences in the Schedule  [p. 6]
  s. 9 — Duty of Minister to notify requesting State of measures taken against persons for whose extradition a request is made  [p. 6]
  s. 10(1) — Assistance to Convention States  [p. 6]
  s. 11(1) — Minister to issue directions  [p. 7]
  s. 12 — Minister may take additional measures to combat trafficking  [p. 7]
  s. 13 — Sinhala text to prevail in case of inconsistency  [p. 8]
  s. 14 — Interpretation  [p. 8]
"""


def lk() -> Path:
    if not LK.is_file():
        pytest.skip(f"{LK} is not available")
    return LK


def test_sri_lankan_act_segments_into_its_sections_with_their_headings():
    result = runner.invoke(app, ["extract", str(lk())])
    assert result.exit_code == 0, result.output
    out = result.output
    headed = "".join(line + "\n" for line in out.splitlines() if line.startswith("  s. ") and " — " in line)
    assert headed == LK_SECTIONS
    # the text follows each heading, and the heading is not glued into it
    assert "  s. 2(1) — Offence of trafficking of women and children for prostitution  [p. 2]\n" \
           "      2. (1) Any person who—\n" in out
    assert "  pages: 10 · engine: pdfium" in out
    assert "  OCR'd pages: none\n  pages without text: none\n  warnings: none\n" in out


def test_json_lists_documents_and_provisions():
    result = runner.invoke(app, ["extract", "--format", "json", str(lk())])
    assert result.exit_code == 0, result.output
    [doc] = json.loads(result.output)
    assert doc["file"] == "lk-2005-act30.pdf" and doc["pages"] == 10 and doc["engine"] == "pdfium"
    assert doc["ocr_pages"] == [] and doc["pages_without_text"] == []
    by_label = {p["label"]: p for p in doc["provisions"]}
    assert by_label["s. 13"]["heading"] == "Sinhala text to prevail in case of inconsistency"
    assert by_label["s. 13"]["pages"] == [8] and by_label["s. 13"]["ocr"] is False
    assert by_label["s. 13"]["text"].startswith("13. In the event of any inconsistency")


def test_engine_option_and_several_files(tmp_path):
    path, _ = factory.margin_notes(tmp_path / "act.pdf")
    result = runner.invoke(app, ["extract", "--engine", "pdfplumber", str(path), str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.count("engine: pdfplumber") == 2
    assert "s. 4 — Protection of victims from prosecution for unlawful acts  [p. 2]" in result.output


def test_pages_without_text_and_warnings_are_shown(tmp_path):
    result = runner.invoke(app, ["extract", str(factory.blank_then_text(tmp_path / "blank.pdf"))])
    assert result.exit_code == 0, result.output
    assert "pages without text: 2" in result.output
    assert "page 2 is blank" in result.output


@pytest.mark.parametrize("args, message", [
    (["--format", "xml"], "unknown format"),
    (["--engine", "tesseract"], "unknown engine"),
    (["--ocr", "sometimes"], "unknown OCR mode"),
])
def test_bad_options(tmp_path, args, message):
    path = factory.simple(tmp_path / "a.pdf")
    result = runner.invoke(app, ["extract", *args, str(path)])
    assert result.exit_code == 2
    assert message in result.output


def test_encrypted_pdf_is_one_line_and_exit_2(tmp_path):
    from reportlab.lib import pdfencrypt

    path = factory.simple(tmp_path / "locked.pdf", encrypt=pdfencrypt.StandardEncryption("pw", ownerPassword="o"))
    result = runner.invoke(app, ["extract", str(path)])
    assert result.exit_code == 2
    assert "locked.pdf: the PDF is encrypted; give its password with --password" in result.output
    assert "Traceback" not in result.output
    ok = runner.invoke(app, ["extract", "--password", "pw", str(path)])
    assert ok.exit_code == 0 and "traffics another person" in ok.output
