"""The fast paths give the same results as the plain ones (issue 7).

- the scanner's word prefilter never drops a match: with it and without it,
  the hits are the same on real statutes;
- whitespace collapsing maps every offset back exactly;
- ``gapcheck analyze`` reading ahead in forked processes writes the same
  report as with everything in one process, and reports input and checklist
  errors the same way; a child that dies is replaced by reading in-process;
- ``--help`` and ``checklist list`` do not import spaCy;
- the compiled patterns are valid spaCy patterns (spaCy's own validation,
  off when gapcheck runs).
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from gapcheck.checklists import load_checklist
from gapcheck.checklists import scan as scan_module
from gapcheck.checklists.scan import Scanner, collapse_space
from gapcheck.errors import ChecklistError, InputError
from gapcheck.readahead import Ahead, worth_forking

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
HELDOUT = ROOT / "tests" / "heldout"
CHECKLIST = load_checklist()


def _texts() -> list[str]:
    """Provision-sized pieces of real statute-shaped texts (samples and held-out cases)."""
    texts = []
    for path in sorted([*SAMPLES.glob("*.txt"), *HELDOUT.glob("*.txt")]):
        for para in re.split(r"\n\s*\n|\n(?=\(?\d+[.)]?\s)", path.read_text(encoding="utf-8")):
            if para.strip():
                texts.append(para)
    return texts


def _hits(results) -> list[list[tuple[str, int, int, str]]]:
    return [sorted((c, h.start, h.end, h.text) for c, hs in r.by_concept.items() for h in hs) for r in results]


@pytest.mark.parametrize("role", ["trigger", "topic", "marker"])
def test_the_word_prefilter_drops_no_match(role, monkeypatch):
    texts = _texts()
    assert len(texts) > 200
    fast = _hits(Scanner(CHECKLIST, role).scan(texts))
    assert sum(map(len, fast)) > 100
    # without it: every rule whose anchor word occurs is matched
    monkeypatch.setattr(scan_module._Rule, "possible", lambda self, words: True)
    assert _hits(Scanner(CHECKLIST, role).scan(texts)) == fast


@pytest.mark.parametrize("role", ["trigger", "topic", "marker"])
def test_compiled_patterns_pass_spacys_validation(role):
    assert Scanner(CHECKLIST, role, validate=True).rules


def _naive_collapse(text: str) -> tuple[str, list[int]]:
    out, back, pos = [], [], 0
    for m in re.finditer(r"\s+", text):
        out.append(text[pos:m.start()])
        back.extend(range(pos, m.start()))
        out.append(" ")
        back.append(m.start())
        pos = m.end()
    out.append(text[pos:])
    back.extend(range(pos, len(text)))
    back.append(len(text))
    return "".join(out), back


def test_collapsed_offsets_map_back_exactly():
    rng = random.Random(7)
    for _ in range(3000):
        text = "".join(rng.choice("ab. \n\t\u00a0") for _ in range(rng.randint(0, 40)))
        flat, back = collapse_space(text)
        expected_flat, expected_back = _naive_collapse(text)
        assert flat == expected_flat
        if back is None:
            assert flat == text
        else:
            assert [back[i] for i in range(len(flat) + 1)] == expected_back


# ------------------------------------------------------------ reading ahead


def _gapcheck(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "gapcheck", *args], capture_output=True, text=True, timeout=300,
                          env={**os.environ, "SOURCE_DATE_EPOCH": "0", **(env or {})})


def test_reading_ahead_writes_the_same_report(tmp_path: Path):
    args = ["analyze", str(SAMPLES / "mixed.pdf"), str(SAMPLES / "weak.txt"), "--state", "XA", "-f", "json"]
    ahead = _gapcheck(*args)
    single = _gapcheck(*args, env={"GAPCHECK_PAGE_WORKERS": "1"})
    assert ahead.returncode == single.returncode == 0, ahead.stderr + single.stderr
    assert ahead.stdout == single.stdout and '"findings"' in ahead.stdout
    out = tmp_path / "report.md"
    written = _gapcheck("analyze", str(SAMPLES / "strong.pdf"), "--state", "XA", "-f", "markdown", "-o", str(out))
    assert written.returncode == 0 and out.read_text(encoding="utf-8").startswith("#")


def test_reading_ahead_reports_errors_as_before(tmp_path: Path):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf at all")
    for env in ({}, {"GAPCHECK_PAGE_WORKERS": "1"}):
        r = _gapcheck("analyze", str(bad), "--state", "XA", env=env)
        assert r.returncode == 2 and r.stderr == f"gapcheck: error: {bad}: is not a PDF file (no %PDF header), " \
                                                 "although its name ends in .pdf\n"
    broken = tmp_path / "checklist"
    broken.mkdir()
    (broken / "checklist.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    results = [_gapcheck("analyze", str(bad), "--state", "XA", "--checklist", str(broken), env=env)
               for env in ({}, {"GAPCHECK_PAGE_WORKERS": "1"})]
    assert results[0].returncode == results[1].returncode == 2
    assert results[0].stderr == results[1].stderr and "checklist.yaml:" in results[0].stderr


def _fails_with(error):
    raise error


def _dies_in_child(parent: int) -> int:
    if os.getpid() != parent:
        os._exit(9)  # a crash of the child: nothing is sent back
    return os.getpid()


def _progress_then_value(progress=None) -> str:
    for i in range(1, 501):
        progress("reading x.pdf", i, 500)
    return "value"


@pytest.mark.skipif(not worth_forking(), reason="no fork here (one core, or other threads running)")
def test_ahead_gives_results_errors_and_survives_a_dead_child():
    seen = []
    ahead = Ahead(_progress_then_value, with_progress=True)
    assert ahead.pid is not None
    assert ahead.result(lambda *a: seen.append(a)) == "value"
    assert seen[-1] == ("reading x.pdf", 500, 500) and len(seen) <= 110
    for error in (InputError("cannot open the PDF", "a.pdf"), ChecklistError("bad field", "x.yaml", 12, "TIP-MEANS")):
        with pytest.raises(type(error)) as raised:
            Ahead(_fails_with, error).result()
        assert str(raised.value) == str(error)
    assert Ahead(_dies_in_child, os.getpid()).result() == os.getpid()  # run again here
    cancelled = Ahead(_dies_in_child, os.getpid())
    cancelled.cancel()
    assert cancelled.pid is None and cancelled.fd is None


@pytest.mark.skipif(not worth_forking(), reason="no fork here (one core, or other threads running)")
def test_scanning_shared_with_a_forked_process_gives_the_same_findings(monkeypatch):
    from gapcheck.pipeline import analyze
    from gapcheck.states import resolve_state

    files = [SAMPLES / "compilation.pdf", SAMPLES / "mixed.pdf", *sorted(HELDOUT.glob("*.txt"))[:4]]
    state = resolve_state("XA")
    monkeypatch.setattr(scan_module, "SHARED_WORK", 10**12)
    alone = analyze(files, state, CHECKLIST).findings
    forks = []
    real_in_two = scan_module.in_two

    def counted(*args, **kwargs):
        parts = real_in_two(*args, **kwargs)
        forks.append(len(parts))
        return parts
    monkeypatch.setattr(scan_module, "SHARED_WORK", 0)
    monkeypatch.setattr("gapcheck.checklists.framework.in_two", counted)
    assert analyze(files, state, CHECKLIST).findings == alone
    assert forks and all(n == 2 for n in forks)


@pytest.mark.parametrize("args", [["--help"], ["checklist", "list"]])
def test_help_and_checklist_list_do_not_import_spacy(args):
    code = ("import sys\nfrom gapcheck.cli.main import app\n"
            f"try:\n    app({args!r}, standalone_mode=False)\nexcept SystemExit:\n    pass\n"
            "print('spacy' in sys.modules)")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip().splitlines()[-1] == "False"


# ------------------------------------------------------------ LZW sizes


def _lzw_size_by_code(chunks, limit: int, early: int = 1) -> int:
    """The plain code-by-code count (the reference for ``pdfscan.lzw_size``)."""
    lengths = [1] * 256 + [0, 0]
    width, mask, prev, buf, nbits, total = 9, 511, 0, 0, 0, 0
    grow = 512 - early
    for chunk in chunks:
        for byte in chunk:
            buf = ((buf << 8) | byte) & 0xFFFFFF
            nbits += 8
            while nbits >= width:
                nbits -= width
                code = (buf >> nbits) & mask
                if code == 256:
                    del lengths[258:]
                    width, mask, prev, grow = 9, 511, 0, 512 - early
                    continue
                if code == 257:
                    return total
                size = len(lengths)
                if code < size:
                    n = lengths[code]
                elif code == size and prev:
                    n = prev + 1
                else:
                    return total
                if prev and size < 4096:
                    lengths.append(prev + 1)
                    if size + 1 >= grow and width < 12:
                        width += 1
                        mask = (1 << width) - 1
                        grow = (1 << width) - early
                total += n
                prev = n
        if total > limit:
            return total
    return total


def _lzw_encode(raw: bytes, clear_every: int | None = None) -> bytes:
    """PDF-style LZW (early change, most significant bit first), with a clear code every so often."""
    table = {bytes([i]): i for i in range(256)}
    codes, w, nxt = [256], b"", 258
    for ch in raw:
        c = bytes([ch])
        if w + c in table:
            w += c
            continue
        codes.append(table[w])
        if nxt < 4096:
            table[w + c] = nxt
            nxt += 1
        w = c
        if clear_every and nxt >= clear_every:
            codes += [table[w], 256]
            w, table, nxt = b"", {bytes([i]): i for i in range(256)}, 258
    if w:
        codes.append(table[w])
    codes.append(257)
    acc = n = 0
    size, width, prev = 258, 9, False
    for code in codes:
        acc, n = (acc << width) | code, n + width
        if code == 256:
            size, width, prev = 258, 9, False
            continue
        if prev and size < 4096:
            size += 1
        prev = True
        width = 12 if size + 1 >= 2048 else 11 if size + 1 >= 1024 else 10 if size + 1 >= 512 else 9
    pad = (-n) % 8
    return (acc << pad).to_bytes((n + pad) // 8, "big")


def test_lzw_size_counts_as_the_code_by_code_reading():
    from gapcheck.extractors import pdfscan

    rng = random.Random(3)
    cases = []
    for _ in range(250):
        kind = rng.random()
        if kind < 0.4:
            raw = bytes(rng.choice(b"ab(c)Tj \n0123") for _ in range(rng.randint(0, 3000)))
            data = _lzw_encode(raw, rng.choice([None, 600, 3000]))
            assert b"".join(pdfscan.lzw(iter([data]), 1 << 30)) == raw
        elif kind < 0.7:
            data = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 600)))  # noise: stops anywhere
        else:
            data = bytearray(_lzw_encode(bytes(rng.choice(b"xy") for _ in range(rng.randint(1, 20000)))))
            if rng.random() < 0.5:
                data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)  # a damaged stream
            data = bytes(data)
        cases.append(data)
    for data in cases:
        for step in (1, 7, 1000, 1 << 20):
            for limit in (10, 5000, 1 << 30):
                for early in (1, 0):
                    pieces = [data[i:i + step] for i in range(0, len(data), step)]
                    assert pdfscan.lzw_size(iter(pieces), limit, early) == _lzw_size_by_code(pieces, limit, early)
