"""The terminal summary and the plain-text report."""

from __future__ import annotations

import io
import re

import pytest
from render_factory import hostile_report, sample_report

from gapcheck.render import render
from gapcheck.render.terminal import print_summary, to_text

ANSI = re.compile(r"\x1b\[[0-9;]*m")


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def summary(report=None, written_to=None, stream=None, width=80, monkeypatch=None) -> str:
    stream = stream if stream is not None else io.StringIO()
    print_summary(report or sample_report(), file=stream, written_to=written_to)
    return stream.getvalue()


@pytest.fixture(autouse=True)
def _environment(monkeypatch):
    for name in ("NO_COLOR", "FORCE_COLOR", "TERM", "TTY_COMPATIBLE", "TTY_INTERACTIVE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("LINES", "50")


def test_summary_on_a_pipe_has_no_colour_and_fits_80_columns():
    out = summary(written_to="out/report.html")
    assert "\x1b" not in out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert len(lines) <= 50  # one screen
    assert lines[-1] == "Report written to out/report.html"


def test_summary_lists_every_item_with_status_confidence_and_key_provision():
    out = summary()
    for f in sample_report().findings:
        label = {"met": "Met", "partial": "Partial", "gap": "Gap"}[f.status]
        row = re.search(rf"^{re.escape(f.item_id)}\s+{label}\s+{f.confidence}\s+(.*)$", out, re.M)
        assert row, f.item_id
        if f.evidence:
            assert row.group(1).startswith(f"{f.evidence[0].provision} p. {f.evidence[0].page}")
        else:
            assert row.group(1).strip() == "none found"


def test_summary_header_and_principal_gaps():
    out = summary()
    assert "[2] immigration-act-cap-14-02.pdf  40 pages, 212 provisions\n      OCR p. 17 (71 %), 19 (88 %); no text p. 18; 1 warning\n" in out
    assert "8 met · 8 partial · 4 gap" in out
    gaps = out[out.index("Principal gaps"):].splitlines()[1:]
    assert gaps[0].split() == ["Gap", "EXPL-STANDALONE:", "not", "found", "in", "the", "documents", "analysed"]
    assert sum(1 for g in gaps if g.strip().startswith(("Gap", "Partial"))) == 12
    assert "Report written to" not in out


def test_summary_is_coloured_on_a_terminal_with_text_labels_too():
    out = summary(stream=Tty())
    assert "\x1b[" in out
    plain = ANSI.sub("", out)
    assert re.search(r"^TIP-MEANS\s+Partial\s+high", plain, re.M)


def test_no_color_is_honoured(monkeypatch):
    monkeypatch.setenv("NO_COLOR", "1")
    out = summary(stream=Tty())
    assert not re.search(r"\x1b\[[0-9;]*3[1-3]m", out)  # no red/green/yellow


def test_wide_terminal_shows_the_standard(monkeypatch):
    monkeypatch.setenv("COLUMNS", "140")
    out = summary()
    assert re.search(r"^TIP-OFFENCE\s+Trafficking in persons is a criminal offence\s+Met", out, re.M)


@pytest.mark.parametrize("stream", [io.StringIO, Tty])
def test_hostile_text_is_neither_markup_nor_escape_sequences(stream):
    out = summary(report=hostile_report(), stream=stream(), written_to="[red]x[/red].html")
    plain = ANSI.sub("", out)
    assert "\x1b]" not in out and "\x1b[2J" not in out and "\u202e" not in out
    assert "RED" not in plain or "\x1b[31mRED" not in out
    assert "Report written to [red]x[/red].html" in plain
    assert "evil<script>alert(1)</script>" in plain.replace("\n", "")


def test_markup_in_a_provision_label_is_printed_literally():
    out = summary(report=hostile_report())
    assert "<b>[red]x[/red]</b>" in out


def test_to_text_is_the_full_report_without_ansi():
    text = to_text(sample_report())
    assert "\x1b" not in text
    assert render(sample_report(), "terminal") == text
    for f in sample_report().findings:
        assert f"{f.item_id}  {f.title}" in text
    assert "“\"child\" means a person under the age of sixteen years.”" in text
    assert "Searched: non-punishment for unlawful entry" in text
    assert "Recommendation: Amend the definition" in text
    assert "Not found: abuse of power" in text
    assert "Methodology and limitations" in text and "page 18 yielded no text" in text
    assert max(len(line) for line in text.splitlines()) <= 100


def test_to_text_of_hostile_report_has_no_control_characters():
    text = to_text(hostile_report())
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", text)
    assert "[bold red]MARKUP[/bold red]" in text.replace("\n", " ") or "[bold red]MARKUP[/bold" in text
