"""No network (issue 8): the whole analysis runs with sockets disabled.

gapcheck reads statutes that may be confidential drafts; nothing may be
fetched or sent. Every way to open a socket raises here, and the analysis of
the samples (PDF and text, both engines, every report format written to a
file) must still succeed without any attempt. The ``pdf`` format is left out:
it hands the HTML to a headless Chromium process (see ``render/pdf.py``),
whose own network access is switched off by its flags, not by this process.
"""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "samples"


class NetworkDisabled(OSError):
    pass


LOOPBACK = ("127.0.0.1", "::1", "localhost", "")


@pytest.fixture(params=["no sockets", "no traffic"])
def no_network(request, monkeypatch):
    """Two guards. "no sockets": creating any internet socket raises (urllib3, imported by spaCy,
    probes IPv6 support that way at import and copes). "no traffic": sockets can be created but
    every connection, name lookup, send or non-loopback bind raises and is recorded as an attempt."""
    attempts: list[str] = []
    strict = request.param == "no sockets"

    def refuse(name):
        def refused(*args, **kwargs):
            attempts.append(f"{name}{args[:2]!r}")
            raise NetworkDisabled(f"network access attempted: {name}")
        return refused

    class GuardedSocket(socket.socket):
        def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
            if strict and family != socket.AF_UNIX:
                raise NetworkDisabled("sockets are disabled")
            super().__init__(family, type, proto, fileno)

        def connect(self, address):
            if self.family != socket.AF_UNIX:
                refuse("socket.connect")(address)
            return super().connect(address)

        def connect_ex(self, address):
            if self.family != socket.AF_UNIX:
                refuse("socket.connect_ex")(address)
            return super().connect_ex(address)

        def sendto(self, *args):
            refuse("socket.sendto")(*args)

        def bind(self, address):
            if self.family != socket.AF_UNIX and address[0] not in LOOPBACK:
                refuse("socket.bind")(address)
            return super().bind(address)

    monkeypatch.setattr(socket, "socket", GuardedSocket)
    for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "gethostbyaddr",
                 "create_server"):
        monkeypatch.setattr(socket, name, refuse(f"socket.{name}"))
    yield attempts


def _check_guard_works():
    with pytest.raises(NetworkDisabled):
        socket.create_connection(("example.org", 80))
    with pytest.raises(NetworkDisabled):
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).connect(("93.184.216.34", 80))


def _run(monkeypatch, capsys, *args: str) -> int:
    from gapcheck.cli.main import run

    monkeypatch.setattr(sys, "argv", ["gapcheck", *args])
    capsys.readouterr()
    with pytest.raises(SystemExit) as exit_:
        run()
    return exit_.value.code


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_the_whole_analysis_runs_with_sockets_disabled(tmp_path: Path, monkeypatch, capsys, no_network, engine):
    _check_guard_works()
    no_network.clear()
    files = [str(SAMPLES / "strong.pdf"), str(SAMPLES / "mixed.txt")]
    for fmt, ext in (("json", "json"), ("html", "html"), ("markdown", "md"), ("terminal", "txt")):
        out = tmp_path / f"report.{ext}"
        code = _run(monkeypatch, capsys, "analyze", *files, "--state", "GY", "--format", fmt, "--output", str(out),
                    "--engine", engine)
        assert code == 0, capsys.readouterr().err
        assert out.stat().st_size > 1000
    code = _run(monkeypatch, capsys, "analyze", *files, "--state", "GUY")  # the terminal summary
    assert code == 0
    assert no_network == [], no_network


def test_checklist_commands_and_eval_run_with_sockets_disabled(tmp_path: Path, monkeypatch, capsys, no_network):
    assert _run(monkeypatch, capsys, "checklist", "list") == 0
    assert _run(monkeypatch, capsys, "checklist", "show", "TIP-MEANS") == 0
    assert no_network == []


GUARD = """
import socket, sys
def refused(*a, **k):
    sys.stderr.write("network access attempted\\n")
    raise OSError("network disabled")
class Guarded(socket.socket):
    def connect(self, address):
        if self.family != socket.AF_UNIX:
            refused()
        return super().connect(address)
    connect_ex = connect
    sendto = refused
socket.socket = Guarded
for name in ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_server"):
    setattr(socket, name, refused)
from gapcheck.cli.main import run
sys.argv = ["gapcheck"] + sys.argv[1:]
run()
"""


def test_a_fresh_process_with_sockets_disabled_from_the_start(tmp_path: Path):
    """The guard is in place before anything is imported: spaCy, pdfplumber, pypdfium2 and jinja2 load
    (and the analysis runs) without touching the network."""
    import subprocess

    out = tmp_path / "r.html"
    proc = subprocess.run([sys.executable, "-c", GUARD, "analyze", str(SAMPLES / "weak.pdf"), "--state", "XA",
                           "--format", "html", "--output", str(out), "--quiet"],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "network access attempted" not in proc.stderr
    assert out.stat().st_size > 1000
