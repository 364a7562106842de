"""Batch manifests: CSV, YAML (mapping and list) and folder forms; every problem reported at once."""

from __future__ import annotations

from pathlib import Path

import pytest

from gapcheck.batch.manifest import load_manifest
from gapcheck.errors import ManifestError


@pytest.fixture()
def tree(tmp_path: Path) -> Path:
    for rel in ("gy/act.txt", "gy/amendment.pdf", "us/usc.txt", "docs/fr.txt", "no/law.txt"):
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("Section 1. Text.\n")
    return tmp_path


def _layout(entries) -> list[tuple[str, str, list[str]]]:
    return [(e.state.code, e.state.name, list(e.shown)) for e in entries]


VALID = [
    ("rows per state", "m.csv",
     "state,file\nGY,gy/act.txt\nGY,gy/amendment.pdf\nUS,us/usc.txt\n",
     [("GY", "Guyana", ["gy/act.txt", "gy/amendment.pdf"]), ("US", "United States", ["us/usc.txt"])]),
    ("semicolon-separated cell, alpha-3 code, BOM, comment, blank line", "m.csv",
     "\ufeffState,File\n# regional review\n\nGUY, gy/act.txt ; gy/amendment.pdf\n",
     [("GY", "Guyana", ["gy/act.txt", "gy/amendment.pdf"])]),
    ("name column overrides the display name", "m.csv",
     "state,file,name\nXA,gy/act.txt,Draft bill 2025\n",
     [("XA", "Draft bill 2025", ["gy/act.txt"])]),
    ("YAML mapping", "m.yaml",
     "states:\n  GY: [gy/act.txt, gy/amendment.pdf]\n  US: us/usc.txt\n",
     [("GY", "Guyana", ["gy/act.txt", "gy/amendment.pdf"]), ("US", "United States", ["us/usc.txt"])]),
    ("YAML: NO is Norway, not false", "m.yml",
     "states:\n  NO: [no/law.txt]\n",
     [("NO", "Norway", ["no/law.txt"])]),
    ("YAML list with a name", "m.yaml",
     "- state: FR\n  name: France (code pénal)\n  files: [docs/fr.txt]\n- {state: US, file: us/usc.txt}\n",
     [("FR", "France (code pénal)", ["docs/fr.txt"]), ("US", "United States", ["us/usc.txt"])]),
    ("YAML states: list", "m.yaml",
     "states:\n  - state: GY\n    files: gy/act.txt\n",
     [("GY", "Guyana", ["gy/act.txt"])]),
]


@pytest.mark.parametrize("case,name,text,expected", VALID, ids=[c[0] for c in VALID])
def test_valid_manifests(tree: Path, case, name, text, expected):
    path = tree / name
    path.write_text(text, encoding="utf-8")
    manifest = load_manifest(path)
    assert _layout(manifest.entries) == expected
    for entry in manifest.entries:
        assert all(f.is_absolute() and f.is_file() for f in entry.files)


def test_paths_are_relative_to_the_manifest_not_the_working_directory(tree: Path, monkeypatch, tmp_path_factory):
    sub = tree / "lists"
    sub.mkdir()
    (sub / "m.csv").write_text("state,file\nGY,../gy/act.txt\n")
    monkeypatch.chdir(tmp_path_factory.mktemp("elsewhere"))
    manifest = load_manifest(sub / "m.csv")
    assert manifest.entries[0].files == ((tree / "gy" / "act.txt").resolve(),)


def test_folder_layout(tmp_path: Path):
    for rel in ("GY/b.txt", "GY/a.pdf", "GY/notes.docx", "GY/.hidden.txt", "us/x.TXT", "out/ignored.txt"):
        p = tmp_path / "laws" / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text("x")
    (tmp_path / "laws" / "manifest.csv").write_text("not read")
    manifest = load_manifest(tmp_path / "laws", ignore=[tmp_path / "laws" / "out"])
    assert [(e.state.code, list(e.shown)) for e in manifest.entries] == [
        ("GY", ["GY/a.pdf", "GY/b.txt"]),
        ("US", ["us/x.TXT"]),
    ]
    assert any("notes.docx" in w for w in manifest.warnings)


def test_every_problem_is_reported_at_once(tree: Path):
    path = tree / "m.csv"
    path.write_text(
        "state,file\n"
        "GY,gy/act.txt\n"
        "QQ,gy/act.txt\n"             # unknown code
        "US,missing.pdf\n"            # missing file
        "GUY,gy/amendment.pdf\n"      # the same state again under its alpha-3 code
        "FR,\n"                       # no file
        "DE,gy/act.txt;gy/act.txt\n"  # a file twice
        "NL,docs\n"                   # a folder
    )
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    problems = info.value.problems
    expected = [
        ("m.csv:3:", "unknown state code 'QQ'"),
        ("m.csv:4:", "no such file: missing.pdf"),
        ("m.csv:5:", "duplicate state GUY: already listed at"),
        ("m.csv:6:", "state FR: no files listed"),
        ("m.csv:7:", "gy/act.txt is listed twice"),
        ("m.csv:8:", "docs is a folder, not a file"),
    ]
    assert len(problems) == len(expected), problems
    for (where, text), problem in zip(expected, problems):
        assert where in problem and text in problem, problem


PROBLEMS = [
    ("YAML syntax", "m.yaml", "states:\n  GY: [gy/act.txt\n", ["not valid YAML"]),
    ("YAML duplicate key", "m.yaml", "states:\n  GY: gy/act.txt\n  GY: gy/amendment.pdf\n",
     ["m.yaml:3: duplicate state GY"]),
    ("YAML empty state and unknown key", "m.yaml", "- state: GY\n  files: []\n- state: US\n  files: us/usc.txt\n  url: x\n",
     ["m.yaml:1: state GY: no files listed", "m.yaml:5: unknown key 'url'"]),
    ("YAML wrong shape", "m.yaml", "GY: gy/act.txt\n", ["expected a top-level 'states:' mapping"]),
    ("CSV without header", "m.csv", "GY,gy/act.txt\n", ["must name the columns"]),
    ("CSV ragged row", "m.csv", "state,file\nGY,gy/act.txt,extra\n", ["expected 2 columns, found 3"]),
    ("empty manifest", "m.csv", "state,file\n", ["lists no states"]),
    ("not UTF-8", "m.csv", b"state,file\nGY,\xff.txt\n", ["not UTF-8"]),
    ("unsupported type", "m.json", "{}", ["expected a .csv, .yaml or .yml file"]),
]


@pytest.mark.parametrize("case,name,content,texts", PROBLEMS, ids=[c[0] for c in PROBLEMS])
def test_malformed_manifests(tree: Path, case, name, content, texts):
    path = tree / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    with pytest.raises(ManifestError) as info:
        load_manifest(path)
    joined = "\n".join(info.value.problems)
    for text in texts:
        assert text in joined
    assert len(info.value.problems) == len(texts), joined


def test_missing_manifest(tmp_path: Path):
    with pytest.raises(ManifestError, match="no such file or folder"):
        load_manifest(tmp_path / "nope.csv")


def test_folder_problems(tmp_path: Path):
    (tmp_path / "QQ").mkdir()
    (tmp_path / "QQ" / "a.txt").write_text("x")
    (tmp_path / "FR").mkdir()
    (tmp_path / "FR" / "readme.md").write_text("x")
    for code in ("GUY", "GY"):
        (tmp_path / code).mkdir()
        (tmp_path / code / "a.txt").write_text("x")
    with pytest.raises(ManifestError) as info:
        load_manifest(tmp_path)
    joined = "\n".join(info.value.problems)
    assert "unknown state code 'QQ'" in joined
    assert "state FR: the folder has no .pdf or .txt files" in joined
    assert f"{tmp_path / 'GY'}: duplicate state GY: already listed at {tmp_path / 'GUY'} (as GUY)" in joined
    assert len(info.value.problems) == 3
