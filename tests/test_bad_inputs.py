"""Bad input never crashes gapcheck (issue 8).

A corpus of bad inputs, generated here, goes through the real command line
(``python -m gapcheck`` in a subprocess, so exit codes and stderr are what a
user sees). Each one gets exit code 2, exactly one line on stderr naming the
file (or option) and the problem, no traceback, and no output file; with
``--debug`` the traceback is shown. Inputs that are odd but readable (an
encrypted PDF with an empty user password, a Latin-1 text, a repairable
cross-reference table) are read. Nothing given as input is ever modified.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import zlib
from pathlib import Path

import pytest

from bad_pdfs import (
    encrypted_pdf,
    flate_bomb,
    image_only_pdf,
    many_pages_pdf,
    one_page_pdf,
    raw_pdf,
    reportlab_pdf,
    stream,
    text_content,
    write,
)

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"
CHECKLISTS = REPO / "checklists"


def gapcheck(*args: str, env: dict | None = None, cwd: Path | None = None) -> tuple[int, str, str]:
    """Run ``python -m gapcheck ARGS`` in a subprocess; (exit code, stdout, stderr)."""
    full_env = {k: v for k, v in os.environ.items() if k != "GAPCHECK_DEBUG"}
    full_env.update(env or {})
    proc = subprocess.run([sys.executable, "-m", "gapcheck", *args], capture_output=True, text=True,
                          env=full_env, cwd=cwd, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture()
def cli(monkeypatch, capsys):
    """Run the console script's entry point in this process (the same code as
    ``gapcheck ARGS`` without the start-up cost); (exit code, stdout, stderr)."""
    from gapcheck.cli.main import run

    def invoke(*args: str, env: dict | None = None, cwd: Path | None = None) -> tuple[int, str, str]:
        with monkeypatch.context() as m:
            m.delenv("GAPCHECK_DEBUG", raising=False)
            for key, value in (env or {}).items():
                m.setenv(key, value)
            if cwd is not None:
                m.chdir(cwd)
            m.setattr(sys, "argv", ["gapcheck", *args])
            capsys.readouterr()
            with pytest.raises(SystemExit) as exit_:
                run()
            captured = capsys.readouterr()
        return exit_.value.code, captured.out, captured.err
    return invoke


def assert_one_line_error(code: int, stderr: str, *needles: str) -> str:
    assert code == 2, stderr
    assert "Traceback" not in stderr, stderr
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    line = lines[0]
    assert line.startswith("gapcheck: error: "), line
    for needle in needles:
        assert needle.lower() in line.lower(), (needle, line)
    assert all(ch.isprintable() for ch in line), repr(line)
    return line


# ------------------------------------------------------------------ corpus

@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("bad")
    good = reportlab_pdf()
    write(d / "good.pdf", good)
    write(d / "not-a-pdf.pdf", b"<html><body>Gazette download failed</body></html>\n")
    write(d / "truncated.pdf", good[: len(good) // 2])
    # cross-reference table pointing nowhere, and the objects themselves unusable: nothing to repair
    write(d / "broken-beyond-repair.pdf", b"%PDF-1.4\n1 0 obj garbage\nxref\n0 3\nzzzz\ntrailer\n<<>>\n%%EOF\n")
    # cross-reference offsets all wrong, the objects intact: readers rebuild the table
    i = good.rfind(b"xref")
    write(d / "broken-xref.pdf", good[:i] + good[i:].replace(b"0000000", b"9999999"))
    write(d / "encrypted-empty-user-password.pdf", encrypted_pdf(""))
    write(d / "encrypted.pdf", encrypted_pdf("s3cret"))
    write(d / "zero.pdf", b"")
    (d / "a-folder.pdf").mkdir()
    write(d / "scanned.pdf", image_only_pdf())
    write(d / "latin1.txt", ("1. Whoever recruits a person by force for the purpose of exploitation in the "
                             "République commits the offence of trafficking in persons.\n").encode("latin-1"))
    write(d / "binary.txt", bytes(range(256)) * 40)
    write(d / "binary-no-nul.txt", bytes(b % 31 + 1 for b in range(20000)))
    write(d / "many-pages.pdf", many_pages_pdf(20_000))
    write(d / "many-pages.txt", ("1. A provision.\n\f" * 300).encode())
    write(d / "no-pages.pdf", raw_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    write(d / "bomb.pdf", one_page_pdf(flate_bomb(300 << 20), "/Filter /FlateDecode"))
    write(d / "many-operators.pdf", one_page_pdf(zlib.compress(b"BT /F1 1 Tf " + b"(x)Tj " * 2_000_000 + b"ET"),
                                                 "/Filter /FlateDecode"))
    write(d / "huge-image.pdf", one_page_pdf(text_content(), extra=[stream(
        b"\x00" * 64, "/Type /XObject /Subtype /Image /Width 200000 /Height 200000 /BitsPerComponent 8 "
        "/ColorSpace /DeviceRGB /Filter /FlateDecode")]))
    return d


def _hashes(folder: Path) -> dict[str, tuple[str, int, int]]:
    out = {}
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            st = p.stat()
            out[str(p)] = (hashlib.sha256(p.read_bytes()).hexdigest(), st.st_mtime_ns, st.st_size)
    return out


CASES = [
    # file, extra arguments, words the error line must contain
    ("not-a-pdf.pdf", [], ["not-a-pdf.pdf", "not a PDF"]),
    ("truncated.pdf", [], ["truncated.pdf", "damaged or truncated"]),
    ("broken-beyond-repair.pdf", [], ["broken-beyond-repair.pdf", "damaged"]),
    ("encrypted.pdf", [], ["encrypted.pdf", "encrypted", "--password"]),
    ("encrypted.pdf", ["--password", "wrong"], ["encrypted.pdf", "password", "wrong"]),
    ("encrypted.pdf", ["--password", "wrong", "--engine", "pdfplumber"], ["encrypted.pdf", "wrong"]),
    ("zero.pdf", [], ["zero.pdf", "empty"]),
    ("a-folder.pdf", [], ["a-folder.pdf", "directory"]),
    ("missing.pdf", [], ["missing.pdf", "no such file"]),
    ("binary.txt", [], ["binary.txt", "binary"]),
    ("binary-no-nul.txt", [], ["binary-no-nul.txt", "binary"]),
    ("many-pages.pdf", [], ["many-pages.pdf", "20000 pages", "--max-pages"]),
    ("many-pages.pdf", ["--max-pages", "100"], ["many-pages.pdf", "over the limit of 100"]),
    ("many-pages.pdf", ["--max-pages", "100000", "--timeout", "0.05"], ["many-pages.pdf", "--timeout"]),
    ("many-pages.txt", ["--max-pages", "10"], ["many-pages.txt", "--max-pages"]),
    ("no-pages.pdf", [], ["no-pages.pdf", "cannot open the PDF"]),
    ("bomb.pdf", [], ["bomb.pdf", "expands to more than"]),
    ("bomb.pdf", ["--engine", "pdfplumber"], ["bomb.pdf", "expands to more than"]),
    ("huge-image.pdf", [], ["huge-image.pdf", "image", "over the limit"]),
    ("many-operators.pdf", [], ["many-operators.pdf", "drawing operators"]),
]


@pytest.mark.parametrize("name,extra,needles", CASES, ids=[f"{c[0]}{' ' + ' '.join(c[1]) if c[1] else ''}"
                                                           for c in CASES])
def test_bad_input_gets_one_line_and_exit_2(corpus: Path, name: str, extra: list[str], needles: list[str], cli):
    before = _hashes(corpus)
    out = corpus / "out" / "report.json"
    out.parent.mkdir(exist_ok=True)
    code, stdout, stderr = cli("analyze", name, "--state", "XA", "--format", "json", "--output", str(out),
                                    *extra, cwd=corpus)
    assert_one_line_error(code, stderr, *needles)
    assert not out.exists()
    assert not list(out.parent.iterdir()), "no temporary file may be left"
    assert _hashes(corpus) == before, "inputs must never be modified"


SUBPROCESS_CASES = ["missing.pdf", "bomb.pdf", "encrypted.pdf"]


@pytest.mark.parametrize("name", SUBPROCESS_CASES)
def test_bad_input_in_a_real_process(corpus: Path, name: str):
    """The same, through ``python -m gapcheck``: what a shell sees."""
    needles = next(c[2] for c in CASES if c[0] == name and not c[1])
    code, stdout, stderr = gapcheck("analyze", name, "--state", "XA", cwd=corpus)
    assert_one_line_error(code, stderr, *needles)
    assert stdout == ""


def test_a_pdf_of_images_without_tesseract_says_so(corpus: Path, cli):
    code, _, stderr = cli("analyze", "scanned.pdf", "--state", "XA", "-q",
                               env={"GAPCHECK_TESSERACT": "/nonexistent/tesseract"}, cwd=corpus)
    assert_one_line_error(code, stderr, "scanned.pdf", "Tesseract is not installed", "apt-get install")


def test_debug_shows_the_traceback(corpus: Path):
    code, _, stderr = gapcheck("--debug", "analyze", "missing.pdf", "--state", "XA", cwd=corpus)
    assert code == 2
    assert "Traceback (most recent call last)" in stderr
    assert "InputError" in stderr
    assert stderr.rstrip().splitlines()[-1] == "gapcheck: error: missing.pdf: no such file"


def test_debug_from_the_environment(corpus: Path):
    code, _, stderr = gapcheck("analyze", "zero.pdf", "--state", "XA", env={"GAPCHECK_DEBUG": "1"}, cwd=corpus)
    assert code == 2 and "Traceback" in stderr


# ------------------------------------------------------- readable oddities

def _json_report(cli, corpus: Path, *args: str, env: dict | None = None) -> dict:
    import json

    code, stdout, stderr = cli("analyze", *args, "--state", "XA", "--format", "json", env=env, cwd=corpus)
    assert code == 0, stderr
    return json.loads(stdout)


def _quotes(report: dict) -> str:
    return " ".join(e["quote"] for f in report["findings"] for e in f["evidence"])


@pytest.mark.parametrize("name,extra", [
    ("encrypted-empty-user-password.pdf", []),
    ("encrypted.pdf", ["--password", "s3cret"]),
    ("encrypted.pdf", ["--password", "s3cret", "--engine", "pdfplumber"]),
    ("broken-xref.pdf", []),
    ("broken-xref.pdf", ["--engine", "pdfplumber"]),
])
def test_readable_pdfs_are_read(corpus: Path, name: str, extra: list[str], cli):
    report = _json_report(cli, corpus, name, *extra)
    assert report["documents"][0]["file"] == name
    assert report["documents"][0]["pages_without_text"] == []
    # the statute's one provision is found and quoted
    assert "recruits a person by force" in _quotes(report)


def test_a_latin1_text_is_decoded_with_a_warning(corpus: Path, cli):
    report = _json_report(cli, corpus, "latin1.txt")
    assert "République" in _quotes(report)
    assert any("not UTF-8" in w for w in report["documents"][0]["warnings"])


# --------------------------------------------------------------- checklists

def _checklist_copy(tmp_path: Path) -> Path:
    d = tmp_path / "my-checklist"
    d.mkdir()
    shutil.copy(CHECKLISTS / "checklist.yaml", d / "checklist.yaml")
    shutil.copytree(CHECKLISTS / "vocabulary", d / "vocabulary")
    shutil.copytree(CHECKLISTS / "items", d / "items")
    return d


def _line_of(path: Path, text: str) -> int:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")


def test_checklist_yaml_syntax_error_names_file_and_line(tmp_path: Path, cli):
    d = _checklist_copy(tmp_path)
    item = d / "items" / "TIP-MEANS.yaml"
    lines = item.read_text(encoding="utf-8").splitlines()
    broken_at = len(lines) // 2
    lines.insert(broken_at, "  - [unclosed: {")
    item.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, _, stderr = cli("analyze", str(SAMPLES / "weak.txt"), "--state", "XA", "--checklist", str(d))
    line = assert_one_line_error(code, stderr, str(item), "YAML syntax error")
    reported = int(line.split(str(item) + ":")[1].split(":")[0].split()[0])
    assert abs(reported - (broken_at + 1)) <= 2, line


def test_checklist_unknown_element_names_file_line_and_item(tmp_path: Path, cli):
    d = _checklist_copy(tmp_path)
    item = d / "items" / "TIP-MEANS.yaml"
    text = item.read_text(encoding="utf-8")
    first_id = next(line for line in text.splitlines() if line.strip().startswith("- id:"))
    old_id = first_id.split("- id:")[1].strip()
    item.write_text(text.replace(first_id, first_id.replace(old_id, "telepathy"), 1), encoding="utf-8")
    code, _, stderr = cli("analyze", str(SAMPLES / "weak.txt"), "--state", "XA", "--checklist", str(d))
    line = assert_one_line_error(code, stderr, str(item), "(item TIP-MEANS)", "unknown element 'telepathy'")
    assert f"{item}:{_line_of(item, 'telepathy')} " in line


def test_missing_checklist_folder(tmp_path: Path, cli):
    code, _, stderr = cli("analyze", str(SAMPLES / "weak.txt"), "--state", "XA",
                               "--checklist", str(tmp_path / "nowhere"))
    assert_one_line_error(code, stderr, "nowhere", "no such directory")


# ------------------------------------------------------------------ options

@pytest.mark.parametrize("extra,needles", [
    ([], ["Missing option '--state'"]),
    (["--state", "XA", "--max-pages", "many"], ["--max-pages"]),
    (["--state", "XA", "--password"], ["--password", "requires an argument"]),
    (["--state", "QQ"], ["--state", "unknown state code 'QQ'"]),
    (["--state", "\x1b[31mRED"], ["--state", "unknown state code"]),
    (["--state", "XA", "--format", "docx"], ["--format", "docx"]),
    (["--state", "XA", "--engine", "acrobat"], ["--engine", "acrobat"]),
    (["--state", "XA", "--ocr", "maybe"], ["--ocr", "maybe"]),
    (["--state", "XA", "--max-pages", "0"], ["--max-pages"]),
    (["--state", "XA", "--timeout", "-1"], ["--timeout"]),
])
def test_bad_options(extra: list[str], needles: list[str], cli):
    code, stdout, stderr = cli("analyze", str(SAMPLES / "weak.txt"), *extra)
    assert_one_line_error(code, stderr, *needles)
    assert stdout == ""


# ------------------------------------------------------------------- outputs

def test_output_equal_to_an_input_is_refused(tmp_path: Path, cli):
    statute = tmp_path / "act.txt"
    shutil.copy(SAMPLES / "weak.txt", statute)
    before = _hashes(tmp_path)
    for target in (statute, tmp_path / "." / "act.txt"):
        code, _, stderr = cli("analyze", str(statute), "--state", "XA", "-f", "markdown", "-o", str(target))
        assert_one_line_error(code, stderr, "act.txt", "one of the input files")
    assert _hashes(tmp_path) == before


def test_output_hard_link_to_an_input_is_refused(tmp_path: Path, cli):
    statute = tmp_path / "act.txt"
    shutil.copy(SAMPLES / "weak.txt", statute)
    link = tmp_path / "report.md"
    os.link(statute, link)
    before = _hashes(tmp_path)
    code, _, stderr = cli("analyze", str(statute), "--state", "XA", "-f", "markdown", "-o", str(link))
    assert_one_line_error(code, stderr, "report.md", "one of the input files")
    assert _hashes(tmp_path) == before


@pytest.mark.parametrize("where,needles", [
    ("missing-folder/report.json", ["missing-folder", "does not exist"]),
    ("a-folder", ["a-folder", "is a directory"]),
])
def test_bad_output_paths(tmp_path: Path, where: str, needles: list[str], cli):
    (tmp_path / "a-folder").mkdir()
    code, _, stderr = cli("analyze", str(SAMPLES / "weak.txt"), "--state", "XA", "-f", "json",
                               "-o", str(tmp_path / where))
    assert_one_line_error(code, stderr, *needles)


def test_unwritable_output_folder(tmp_path: Path, cli):
    if os.geteuid() == 0:
        # root writes anywhere a mode allows nothing; /proc refuses even root
        if not Path("/proc/self").exists():
            pytest.skip("needs /proc when running as root")
        target = Path("/proc/gapcheck-report.json")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "report.json"
    try:
        code, _, stderr = cli("analyze", str(SAMPLES / "weak.txt"), "--state", "XA", "-f", "json",
                                   "-o", str(target))
    finally:
        if os.geteuid() != 0:
            target.parent.chmod(0o700)
    assert_one_line_error(code, stderr, str(target))
    assert "not writable" in stderr or "cannot write" in stderr


# ------------------------------------------------------------- unreadable

def test_unreadable_file(tmp_path: Path, monkeypatch, capsys, cli):
    statute = tmp_path / "secret.txt"
    shutil.copy(SAMPLES / "weak.txt", statute)
    statute.chmod(0)
    try:
        if os.geteuid() != 0:
            code, _, stderr = cli("analyze", str(statute), "--state", "XA")
        else:
            # root reads files whatever their mode: simulate the refusal, in process
            code, stderr = _in_process_unreadable(statute, monkeypatch, capsys)
    finally:
        statute.chmod(0o600)
    assert_one_line_error(code, stderr, "secret.txt", "not readable")


def _in_process_unreadable(statute: Path, monkeypatch, capsys) -> tuple[int, str]:
    from gapcheck.cli.main import run

    real_access = os.access

    def access(path, mode, *a, **k):
        if Path(path) == statute and mode & os.R_OK:
            return False
        return real_access(path, mode, *a, **k)

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(sys, "argv", ["gapcheck", "analyze", str(statute), "--state", "XA"])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        run()
    return exit_.value.code, capsys.readouterr().err


def test_one_bad_file_stops_the_run_and_writes_nothing(tmp_path: Path, cli):
    """One good file and one bad: the whole run stops at the bad one, naming it, and writes nothing."""
    out = tmp_path / "r.json"
    code, _, stderr = cli("analyze", str(SAMPLES / "weak.txt"), str(tmp_path / "gone.txt"), "--state", "XA",
                               "-f", "json", "-o", str(out))
    assert_one_line_error(code, stderr, "gone.txt", "no such file")
    assert not out.exists()


def test_control_characters_in_a_file_name_do_not_reach_the_terminal(tmp_path: Path):
    name = "evil\x1b]0;pwned\x07\x1b[2J[bold red]x\r.pdf"
    try:
        (tmp_path / name).write_bytes(b"not a pdf at all")
    except OSError:
        pytest.skip("the file system refuses control characters in names")
    code, _, stderr = gapcheck("analyze", name, "--state", "XA", cwd=tmp_path)
    line = assert_one_line_error(code, stderr, "not a PDF")
    assert "\x1b" not in stderr and "\x07" not in stderr and "\r" not in stderr
    assert "[bold red]x" in line  # shown literally, not interpreted


def test_good_inputs_are_never_modified(tmp_path: Path, cli):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for name in ("strong.pdf", "mixed.txt"):
        shutil.copy2(SAMPLES / name, inputs / name)
    before = _hashes(inputs)
    for fmt in ("json", "html", "markdown"):
        code, _, stderr = cli("analyze", str(inputs / "strong.pdf"), str(inputs / "mixed.txt"), "--state", "XA",
                                   "-f", fmt, "-o", str(tmp_path / f"report.{fmt}"), "-q")
        assert code == 0, stderr
    assert _hashes(inputs) == before


# ------------------------------------------------------------- no data lost

def _fail_render(monkeypatch):
    import gapcheck.render.html as html

    def broken(*a, **k):
        raise RuntimeError("renderer crashed half-way")
    monkeypatch.setattr(html, "to_html", broken)


def _fail_write(monkeypatch):
    import errno

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", full)


def _fail_rename(monkeypatch):
    def interrupted(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(os, "replace", interrupted)


@pytest.mark.parametrize("fail,code,needles", [
    (_fail_render, 3, ["internal error", "renderer crashed"]),
    (_fail_write, 2, ["report.html", "No space left on device"]),
    (_fail_rename, 130, ["interrupted"]),
], ids=["render", "write", "rename"])
def test_an_existing_report_survives_a_failed_run(tmp_path: Path, monkeypatch, cli, fail, code, needles):
    report = tmp_path / "report.html"
    report.write_text("<p>the previous report</p>", encoding="utf-8")
    fail(monkeypatch)
    got, _, stderr = cli("analyze", str(SAMPLES / "weak.txt"), "--state", "XA", "-f", "html", "-o", str(report))
    assert got == code, stderr
    assert len(stderr.splitlines()) == 1 and "Traceback" not in stderr
    assert all(n in stderr for n in needles), stderr
    assert report.read_text(encoding="utf-8") == "<p>the previous report</p>"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.html"], "no temporary file may be left"


def test_a_new_report_replaces_the_old_one_whole(tmp_path: Path, cli):
    report = tmp_path / "report.json"
    report.write_text("old", encoding="utf-8")
    code, _, stderr = cli("analyze", str(SAMPLES / "weak.txt"), "--state", "XA", "-f", "json", "-o", str(report), "-q")
    assert code == 0, stderr
    import json

    assert json.loads(report.read_text(encoding="utf-8"))["schema"] == "gapcheck/report-v1"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.json"]


def test_interrupted_while_reading(monkeypatch, cli):
    import gapcheck.pipeline as pipeline

    def interrupted(*a, **k):
        raise KeyboardInterrupt
    monkeypatch.setattr(pipeline, "read_documents", interrupted)
    code, _, stderr = cli("analyze", str(SAMPLES / "weak.txt"), "--state", "XA")
    assert code == 130 and stderr == "gapcheck: error: interrupted\n"


def test_a_closed_pipe_ends_quietly(tmp_path: Path):
    """``gapcheck analyze … | head``: the reader goes away; no traceback, no error message."""
    for fmt in ("json", "terminal"):
        proc = subprocess.Popen([sys.executable, "-m", "gapcheck", "analyze", str(SAMPLES / "strong.txt"),
                                 "--state", "XA", "-f", fmt], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        proc.stdout.close()
        stderr = proc.stderr.read().decode()
        assert proc.wait(timeout=120) == 1, stderr
        assert stderr == ""


def test_checklist_alias_bomb_is_refused(tmp_path: Path, cli):
    """Nested YAML aliases ("billion laughs") would expand to millions of nodes: refused, with the line."""
    d = _checklist_copy(tmp_path)
    item = d / "items" / "TIP-MEANS.yaml"
    laughs = ["notes:", '  a: &a ["ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha", "ha"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        laughs.append(f"  {name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    text = item.read_text(encoding="utf-8")
    kept = [line for line in text.splitlines() if not line.startswith("notes:")]
    item.write_text("\n".join(laughs + kept) + "\n", encoding="utf-8")
    code, _, stderr = cli("analyze", str(SAMPLES / "weak.txt"), "--state", "XA", "--checklist", str(d))
    assert_one_line_error(code, stderr, f"{item}:3:", "aliases")


def test_batch_records_each_bad_input_as_its_states_failure(corpus: Path, tmp_path: Path):
    """In a batch, a bad file fails its state only, with a one-line reason naming it."""
    import json

    from typer.testing import CliRunner

    from gapcheck.cli.main import app

    manifest = tmp_path / "m.yaml"
    manifest.write_text(
        f"states:\n  XA: ['{SAMPLES / 'weak.txt'}']\n  XB: ['{corpus / 'bomb.pdf'}']\n"
        f"  XC: ['{corpus / 'many-operators.pdf'}']\n  XD: ['{corpus / 'not-a-pdf.pdf'}']\n"
        f"  XE: ['{corpus / 'truncated.pdf'}']\n", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["batch", str(manifest), "--out", str(out), "--jobs", "2", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 2, result.stderr
    states = {s["state"]: s for s in json.loads((out / "summary.json").read_text(encoding="utf-8"))["states"]}
    assert states["XA"]["status"] == "ok"
    for code, name, problem in [("XB", "bomb.pdf", "expands to more than"),
                                ("XC", "many-operators.pdf", "drawing operators"),
                                ("XD", "not-a-pdf.pdf", "not a PDF"), ("XE", "truncated.pdf", "damaged")]:
        reason = states[code]["reason"]
        assert states[code]["status"] == "failed" and name in reason and problem in reason, reason
        assert "\n" not in reason and "Traceback" not in reason
    assert "Traceback" not in result.stderr
