"""What a batch writes: matrix.csv (no formula injection), index.html (self-contained,
escaped, grouped by theme), summary.json (deterministic), safe temporary files and a lock."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from gapcheck.batch.manifest import ManifestEntry
from gapcheck.batch.matrix import build_matrix, csv_cell, matrix_csv
from gapcheck.batch.outputs import index_html, locked, remove_stale_parts, summary_json, write_batch_outputs
from gapcheck.batch.runner import BatchResult, FileOutcome, StateOutcome
from gapcheck.errors import OutputError
from gapcheck.models import ChecklistRef, DocumentSummary, Evidence, Finding, Report, State

ITEMS = [  # (id, theme, title) in checklist order; themes deliberately not contiguous
    ("TIP-OFFENCE", "definition", "Trafficking is a criminal offence"),
    ("CHILD-AGE-18", "children", "A child is anyone under 18"),
    ("TIP-MEANS", "definition", "All the means are covered"),
    ("NONPUN", "non-punishment", "Victims are not punished"),
]

HOSTILE_NAME = '<script>alert("x")</script> & =cmd|\' /C calc\'!A0'
HOSTILE_FILE = '"><img src=x onerror=alert(1)>.pdf'


def _report(code: str, name: str, statuses: list[str], confidence: str = "high") -> Report:
    findings = []
    for (item_id, theme, title), status in zip(ITEMS, statuses):
        evidence = () if status == "gap" else (Evidence("law.txt", "s. 1", 1, "Whoever recruits a person ..."),)
        findings.append(Finding(item_id=item_id, title=title, theme=theme, status=status, evidence=evidence,
                                confidence=confidence))
    return Report(state=State(code, name), documents=(DocumentSummary("law.txt", "ab" * 32, 1),),
                  checklist=ChecklistRef("icat-2012", "1.0"), findings=tuple(findings), tool_version="0.1.0",
                  generated_at="2025-01-01T00:00:00Z")


def _entry(code: str, name: str, files: list[str]) -> ManifestEntry:
    return ManifestEntry(state=State(code, name), files=tuple(Path("/in") / f for f in files), shown=tuple(files))


def _result() -> BatchResult:
    ok = StateOutcome(entry=_entry("GY", "Guyana", ["gy/act.txt"]), ok=True,
                      report=_report("GY", "Guyana", ["met", "partial", "gap", "met"], confidence="low"),
                      files=(FileOutcome("gy/act.txt", "ab" * 32, 1),), elapsed=1.25,
                      outputs={"html": "GY/report.html", "json": "GY/report.json"})
    hostile = StateOutcome(entry=_entry("XA", HOSTILE_NAME, ["xa/law.txt"]), ok=True,
                           report=_report("XA", HOSTILE_NAME, ["gap", "gap", "gap", "partial"]),
                           files=(FileOutcome("xa/law.txt", "cd" * 32, 3),), cache_hit=True,
                           outputs={"json": "XA/report.json"})
    failed = StateOutcome(entry=_entry("PK", "Pakistan", ["pk/good.txt", HOSTILE_FILE]), ok=False, report=None,
                          files=(FileOutcome("pk/good.txt", "ef" * 32, 2),
                                 FileOutcome(HOSTILE_FILE, "01" * 32, None,
                                             f"{HOSTILE_FILE}: is not a PDF file (no %PDF header)")),
                          reason=f"{HOSTILE_FILE}: is not a PDF file (no %PDF header)", elapsed=0.5)
    return BatchResult(outcomes=(ok, hostile, failed), checklist=ChecklistRef("icat-2012", "1.0"),
                       tool_version="0.1.0", formats=("html", "json"), elapsed=3.0)


@pytest.mark.parametrize("value,expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"),
    ("\rcmd", "'\rcmd"),
    ("met", "met"),
    ("Côte d'Ivoire", "Côte d'Ivoire"),
    ("a=b", "a=b"),
    ("", ""),
])
def test_csv_cell(value, expected):
    assert csv_cell(value) == expected


def test_matrix_csv_columns_statuses_and_escaping():
    rows = list(csv.reader(io.StringIO(matrix_csv(build_matrix(_result().outcomes)), newline="")))
    assert rows[0] == ["state", "state name", "TIP-OFFENCE", "CHILD-AGE-18", "TIP-MEANS", "NONPUN"]
    assert rows[1] == ["GY", "Guyana", "met", "partial", "gap", "met"]
    assert rows[2][0] == "XA" and rows[2][2:] == ["gap", "gap", "gap", "partial"]
    assert rows[3] == ["PK", "Pakistan", "failed", "failed", "failed", "failed"]
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert rows[2][1] == HOSTILE_NAME  # plain text: CSV is not HTML, and the name starts with "<"


def test_matrix_csv_escapes_a_name_that_is_a_formula():
    outcome = _result().outcomes[0]
    outcome = StateOutcome(entry=_entry("XB", "=1+2", ["a.txt"]), ok=True,
                           report=_report("XB", "=1+2", ["met", "met", "met", "met"]), files=outcome.files)
    rows = list(csv.reader(io.StringIO(matrix_csv(build_matrix([outcome])))))
    assert rows[1][1] == "'=1+2"


def test_themes_group_items_in_report_order():
    matrix = build_matrix(_result().outcomes)
    assert [(g.id, [i.id for i in g.items]) for g in matrix.groups] == [
        ("definition", ["TIP-OFFENCE", "TIP-MEANS"]),
        ("children", ["CHILD-AGE-18"]),
        ("non-punishment", ["NONPUN"]),
    ]


def test_index_is_self_contained_escaped_and_complete():
    html = index_html(_result(), "manifest.csv")
    # no external references of any kind
    assert not re.search(r"(?i)https?://|//[a-z0-9.-]+\.[a-z]{2,}/|<script|<link|@import|url\(|<img|<iframe", html)
    # hostile names are escaped, not interpreted
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;.pdf" in html
    # the matrix: theme headers in order, coloured status with text, links to reports
    positions = [html.index(t) for t in ("Definition of trafficking", "Children", "Non-punishment of victims")]
    assert positions == sorted(positions)
    assert '<td class="cell met"' in html and ">met" in html
    assert '<td class="cell partial"' in html and "low confidence" in html
    assert 'href="GY/report.html"' in html
    assert 'href="XA/report.json"' in html
    # the failure, with the file and the reason; the failed state has no matrix column
    failures = html[html.index('id="failures"'):html.index('id="states"')]
    assert "Failures (1)" in failures and "is not a PDF file (no %PDF header)" in failures
    assert 'href="PK/' not in html


def test_summary_is_deterministic_and_complete():
    result = _result()
    first, second = summary_json(result, "m.csv"), summary_json(result, "m.csv")
    assert first == second
    data = json.loads(first)
    assert [s["state"] for s in data["states"]] == ["GY", "XA", "PK"]
    gy, xa, pk = data["states"]
    assert gy["status"] == "ok" and gy["counts"] == {"met": 2, "partial": 1, "gap": 1} and gy["cache_hit"] is False
    assert gy["files"] == [{"file": "gy/act.txt", "sha256": "ab" * 32, "pages": 1, "error": ""}]
    assert xa["cache_hit"] is True
    assert pk["status"] == "failed" and pk["counts"] is None and "no %PDF header" in pk["reason"]
    assert pk["files"][1]["error"].endswith("is not a PDF file (no %PDF header)")
    assert data["totals"] == {"states": 3, "ok": 2, "failed": 1, "cache_hits": 1, "analysed": 2, "files": 4,
                              "met": 2, "partial": 2, "gap": 4, "elapsed_seconds": 3.0}
    assert data["checklist"] == {"id": "icat-2012", "version": "1.0"}


def test_write_batch_outputs_leaves_only_complete_files(tmp_path: Path):
    write_batch_outputs(tmp_path, _result(), "m.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html", "matrix.csv", "summary.json"]
    json.loads((tmp_path / "summary.json").read_text())


def test_stale_temporary_files_are_removed(tmp_path: Path):
    (tmp_path / "GY").mkdir()
    (tmp_path / ".cache" / "reports").mkdir(parents=True)
    stale = [tmp_path / ".index.html.x1.part", tmp_path / "GY" / ".report.html.x2.part",
             tmp_path / ".cache" / "reports" / ".abc.json.x3.part"]
    keep = [tmp_path / "GY" / "report.html", tmp_path / "notes.part"]
    for p in stale + keep:
        p.write_text("x")
    assert remove_stale_parts(tmp_path) == 3
    assert not any(p.exists() for p in stale)
    assert all(p.exists() for p in keep)


def test_one_batch_at_a_time_per_output_folder(tmp_path: Path):
    with locked(tmp_path):
        with pytest.raises(OutputError, match="another gapcheck batch is writing to this folder"):
            with locked(tmp_path):
                pass
    with locked(tmp_path):  # released
        pass
