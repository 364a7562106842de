"""`gapcheck batch` end to end: failure isolation, the cache, --force, interruption and resumption.

Inputs are short statutes written here (and bad files generated here); each run
starts real worker processes, so the tests keep the number of runs small.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from gapcheck.cli.main import app

STATUTE = """PREVENTION OF TRAFFICKING IN PERSONS ACT
1. In this Act, "child" means a person under eighteen years of age.
2. (1) Whoever recruits, transports, transfers, harbours or receives a person by means of force, threat, fraud or
deception, for the purpose of exploitation, commits the offence of trafficking in persons.
(2) The consent of a victim to the intended exploitation is irrelevant.
3. A victim of trafficking shall not be prosecuted for an offence committed as a direct result of being trafficked.
"""

LABOUR = """BONDED LABOUR ACT
1. The bonded labour system is abolished and every bonded labourer is freed.
2. Whoever compels a person to render bonded labour shall be punished with imprisonment.
"""


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _encrypted_pdf(path: Path) -> Path:
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    path.parent.mkdir(parents=True, exist_ok=True)
    c = canvas.Canvas(str(path), encrypt=pdfencrypt.StandardEncryption("user-secret", "owner-secret"))
    c.drawString(72, 720, "1. Whoever recruits a person by force for the purpose of exploitation commits an offence.")
    c.save()
    return path


def _run(*args: str):
    result = CliRunner().invoke(app, ["batch", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _summary(out: Path) -> dict:
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


def _states(out: Path) -> dict[str, dict]:
    return {s["state"]: s for s in _summary(out)["states"]}


@pytest.fixture()
def good_manifest(tmp_path: Path) -> Path:
    _write(tmp_path / "in" / "gy" / "act.txt", STATUTE)
    _write(tmp_path / "in" / "gy" / "labour.txt", LABOUR)
    _write(tmp_path / "in" / "us" / "usc.txt", STATUTE.replace("Act", "Chapter"))
    manifest = tmp_path / "in" / "manifest.csv"
    manifest.write_text("state,file\nGY,gy/act.txt;gy/labour.txt\nUS,us/usc.txt\n", encoding="utf-8")
    return manifest


def test_bad_files_fail_their_state_only(tmp_path: Path):
    inputs = tmp_path / "in"
    _write(inputs / "good.txt", STATUTE)
    (inputs / "corrupt.pdf").write_bytes(os.urandom(3000))
    _encrypted_pdf(inputs / "encrypted.pdf")
    (inputs / "empty.pdf").write_bytes(b"")
    manifest = inputs / "m.yaml"
    manifest.write_text("states:\n"
                        "  GY: [good.txt]\n"
                        "  XA: [corrupt.pdf]\n"
                        "  XB: [encrypted.pdf]\n"
                        "  XC: [empty.pdf]\n"
                        "  XD: [good.txt, empty.pdf]\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in inputs.iterdir()}
    out = tmp_path / "out"
    code, stdout, stderr = _run(str(manifest), "--out", str(out), "--jobs", "2", "--format", "json,html")
    assert code == 2, stderr
    states = _states(out)
    assert states["GY"]["status"] == "ok"
    assert (out / "GY" / "report.json").is_file() and (out / "GY" / "report.html").is_file()
    assert json.loads((out / "GY" / "report.json").read_text())["state"]["code"] == "GY"
    expected = {"XA": "corrupt.pdf", "XB": "encrypted.pdf", "XC": "empty.pdf", "XD": "empty.pdf"}
    for code_, bad in expected.items():
        st = states[code_]
        assert st["status"] == "failed" and st["counts"] is None
        assert bad in st["reason"] and "\n" not in st["reason"]
        assert f"state {code_} failed: {bad}" in stderr
        assert not (out / code_).exists()
    assert "empty" in states["XC"]["reason"]
    assert any(w in states["XB"]["reason"].lower() for w in ("encrypt", "password"))
    # the good file of XD was read; only the empty one is blamed
    assert [f["error"] != "" for f in states["XD"]["files"]] == [False, True]
    index = (out / "index.html").read_text()
    assert "Failures (4)" in index and "encrypted.pdf" in index
    rows = list(csv.reader(open(out / "matrix.csv", newline="")))
    assert [r[0] for r in rows[1:]] == ["GY", "XA", "XB", "XC", "XD"]
    assert set(rows[2][2:]) == {"failed"}
    assert {p: p.read_bytes() for p in inputs.iterdir()} == before, "inputs must never be modified"


def test_the_password_opens_an_encrypted_pdf(tmp_path: Path):
    _encrypted_pdf(tmp_path / "locked.pdf")
    manifest = _write(tmp_path / "m.csv", "state,file\nXB,locked.pdf\n")
    code, _, stderr = _run(str(manifest), "--out", str(tmp_path / "out"), "--format", "json",
                           "--password", "user-secret")
    assert code == 0, stderr
    assert _states(tmp_path / "out")["XB"]["status"] == "ok"


def test_cache_resume_rerender_and_force(tmp_path: Path, good_manifest: Path):
    out = tmp_path / "out"
    code, stdout, stderr = _run(str(good_manifest), "--out", str(out), "--jobs", "1", "--format", "json,markdown")
    assert code == 0, stderr
    first = _states(out)
    assert [s["cache_hit"] for s in first.values()] == [False, False]
    report = (out / "GY" / "report.json").read_bytes()
    assert [f["file"] for f in first["GY"]["files"]] == ["gy/act.txt", "gy/labour.txt"]

    # unchanged inputs: nothing is analysed; a deleted report is rendered again from the cache
    (out / "GY" / "report.md").unlink()
    code, stdout, _ = _run(str(good_manifest), "--out", str(out), "--jobs", "1", "--format", "json,markdown")
    assert code == 0
    second = _summary(out)
    assert second["totals"]["analysed"] == 0 and second["totals"]["cache_hits"] == 2
    assert (out / "GY" / "report.md").is_file()
    assert (out / "GY" / "report.json").read_bytes() == report
    assert "hit" in stdout

    # one changed file: only its state is analysed again
    _write(good_manifest.parent / "us" / "usc.txt", STATUTE + "4. This Act applies to internal trafficking.\n")
    _run(str(good_manifest), "--out", str(out), "--jobs", "1", "--format", "json")
    third = _states(out)
    assert (third["GY"]["cache_hit"], third["US"]["cache_hit"]) == (True, False)

    # --force analyses everything again
    _run(str(good_manifest), "--out", str(out), "--jobs", "1", "--format", "json", "--force")
    assert [s["cache_hit"] for s in _states(out).values()] == [False, False]


def test_a_state_over_the_timeout_fails_and_the_batch_ends(tmp_path: Path):
    _write(tmp_path / "big.txt", STATUTE * 3000)
    manifest = _write(tmp_path / "m.csv", "state,file\nGY,big.txt\n")
    out = tmp_path / "out"
    start = time.monotonic()
    code, _, stderr = _run(str(manifest), "--out", str(out), "--jobs", "1", "--format", "json",
                           "--timeout", "0.05")
    assert code == 2
    assert time.monotonic() - start < 60
    reason = _states(out)["GY"]["reason"]
    assert "timed out after 0.05 s" in reason, reason


def test_manifest_problems_are_all_listed_and_nothing_runs(tmp_path: Path):
    _write(tmp_path / "a.txt", STATUTE)
    manifest = _write(tmp_path / "m.csv", "state,file\nQQ,a.txt\nGY,missing.txt\nGY,a.txt\nFR,\n")
    out = tmp_path / "out"
    code, stdout, stderr = _run(str(manifest), "--out", str(out))
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 4, stderr  # a header line and one line per problem
    assert "3 problems" in lines[0]
    assert "m.csv:2:" in lines[1] and "'QQ'" in lines[1]
    assert "m.csv:3:" in lines[2] and "missing.txt" in lines[2]
    assert "m.csv:5:" in lines[3] and "FR" in lines[3]
    assert "Traceback" not in stderr
    assert not out.exists()


def test_a_broken_checklist_stops_the_batch_with_its_own_message(tmp_path: Path, good_manifest: Path):
    broken = tmp_path / "checklist"
    broken.mkdir()
    (broken / "checklist.yaml").write_text("id: mine\nversion: [1\n")
    code, _, stderr = _run(str(good_manifest), "--out", str(tmp_path / "out"), "--jobs", "1",
                           "--checklist", str(broken))
    assert code == 2
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "checklist.yaml" in lines[0], stderr
    assert "Traceback" not in stderr


def test_an_output_folder_that_is_the_input_folder_is_refused(tmp_path: Path):
    _write(tmp_path / "laws" / "GY" / "a.txt", STATUTE)
    code, _, stderr = _run(str(tmp_path / "laws"), "--out", str(tmp_path / "laws"))
    assert code == 2 and "manifest folder" in stderr


def _children(pid: int) -> list[int]:
    found = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if int((proc / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(proc.name))
            except (OSError, ValueError, IndexError):
                pass
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _start(manifest: Path, out: Path, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "gapcheck", "batch", str(manifest), "--out", str(out), *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True)


def _many_states(tmp_path: Path, n: int) -> Path:
    codes = ["XA", "XB", "XC", "XD", "XE", "XF", "XG", "XH", "XI", "XJ"][:n]
    lines = ["state,file"]
    for i, code in enumerate(codes):
        _write(tmp_path / "in" / f"{code}.txt", STATUTE * 40 + f"{100 + i}. Final provision {i}.\n")
        lines.append(f"{code},{code}.txt")
    return _write(tmp_path / "in" / "m.csv", "\n".join(lines) + "\n")


def test_killed_halfway_then_resumed(tmp_path: Path):
    manifest = _many_states(tmp_path, 10)
    out = tmp_path / "out"
    proc = _start(manifest, out, "--jobs", "1", "--format", "json,html")
    reports = out / ".cache" / "reports"
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline and not (reports.is_dir() and any(reports.glob("*.json"))):
        time.sleep(0.01)
    assert proc.poll() is None, "the batch ended before it could be killed"
    workers = _children(proc.pid)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    cached = len(list(reports.glob("*.json")))
    assert 1 <= cached < 10
    deadline = time.monotonic() + 10  # orphaned workers notice and kill themselves
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)

    code, _, stderr = _run(str(manifest), "--out", str(out), "--jobs", "2", "--format", "json,html")
    assert code == 0, stderr
    summary = _summary(out)
    assert summary["totals"]["ok"] == 10 and summary["totals"]["cache_hits"] >= cached
    for state in summary["states"]:
        json.loads((out / state["outputs"]["json"]).read_text())
        assert (out / state["outputs"]["html"]).read_text().rstrip().endswith("</html>")
    assert not list(out.rglob("*.part"))


def test_ctrl_c_stops_the_workers_with_one_line_and_exit_130(tmp_path: Path):
    manifest = _many_states(tmp_path, 6)
    out = tmp_path / "out"
    proc = _start(manifest, out, "--jobs", "2", "--format", "json")
    deadline = time.monotonic() + 60
    workers: list[int] = []
    while time.monotonic() < deadline and proc.poll() is None:
        workers = [w for w in _children(proc.pid) if _alive(w)]
        if len(workers) >= 2:  # the resource tracker is not a child; the workers are
            break
        time.sleep(0.02)
    assert proc.poll() is None
    proc.send_signal(signal.SIGINT)
    stdout, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr
    assert stderr.strip().splitlines() == [
        "gapcheck: error: interrupted; finished states are cached: run the same command again to resume"]
    deadline = time.monotonic() + 10
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(_alive(w) for w in workers)
