"""Writing outputs: atomic replacement of files, never of what is not a file; standard output
failures in one line; deterministic Turtle.

Device nodes are made here with ``os.mknod`` in a temporary folder (never the system's /dev), so
a test that went wrong could only ever destroy its own copy.
"""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import signal
import socket
import stat
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import Graph

from il6graph.errors import InputError
from il6graph.output import atomic_write, to_turtle, written_together
from il6graph.resources import graph_path

NULL, FULL = os.makedev(1, 3), os.makedev(1, 7)  # Linux's numbers for /dev/null and /dev/full
UNUSED_DISK = os.makedev(7, 250)  # a loop-device number; the refusal happens before any open
ROOT = os.geteuid() == 0
needs_root = pytest.mark.skipif(not ROOT, reason="making device nodes and owners needs root")


def device(folder: Path, name: str, number: int, kind: int = stat.S_IFCHR) -> Path:
    """A device node of our own, or a skip if this machine cannot make or open one."""
    path = folder / name
    try:
        os.mknod(path, kind | 0o666, number)
    except PermissionError:
        pytest.skip("this machine does not allow making device nodes (no CAP_MKNOD)")
    if kind == stat.S_IFCHR:
        try:
            os.close(os.open(path, os.O_WRONLY))
        except PermissionError:
            pytest.skip(f"{folder} is mounted nodev: device nodes there cannot be opened")
    return path


def assert_still(path: Path, kind: Callable[[int], bool], number: int | None = None) -> None:
    status = os.lstat(path)
    assert kind(status.st_mode), f"{path} was replaced: mode {oct(status.st_mode)}"
    if number is not None:
        assert status.st_rdev == number


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def il6graph(*args: str, **options) -> subprocess.CompletedProcess[bytes]:
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    options.setdefault("stdin", subprocess.DEVNULL)
    return subprocess.run(
        [sys.executable, "-m", "il6graph", *args], timeout=180, check=False, **options
    )


# --- regular files ------------------------------------------------------------------------------------


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path: Path):
    target = tmp_path / "graph.ttl"
    target.write_text("old content")

    def fail_midway(stream):
        stream.write(b"half of the new con")
        raise OSError("disk full")

    with pytest.raises(InputError, match=r"graph\.ttl: cannot write: disk full"):
        atomic_write(target, fail_midway)
    assert target.read_text() == "old content"
    assert listing(tmp_path) == ["graph.ttl"]


def test_a_successful_write_replaces_the_file_keeping_its_permissions(tmp_path: Path):
    target = tmp_path / "graph.ttl"
    target.write_text("old")
    target.chmod(0o640)
    atomic_write(target, b"new")
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_writing_into_a_missing_folder_is_a_one_line_error(tmp_path: Path):
    with pytest.raises(InputError, match="does not exist"):
        atomic_write(tmp_path / "absent" / "graph.ttl", b"x")


def test_writing_onto_a_folder_or_under_a_file_is_a_one_line_error(tmp_path: Path):
    with pytest.raises(InputError, match="is a folder; give a file name"):
        atomic_write(tmp_path, b"x")
    (tmp_path / "page.html").write_text("x")
    with pytest.raises(InputError, match=r"page\.html is a file, not a folder"):
        atomic_write(tmp_path / "page.html" / "x.html", b"x")


@needs_root
def test_root_replacing_a_users_file_keeps_its_owner(tmp_path: Path):
    target = tmp_path / "theirs.ttl"
    target.write_text("old")
    os.chown(target, 4242, 4343)
    atomic_write(target, b"new")
    assert (target.stat().st_uid, target.stat().st_gid) == (4242, 4343)
    assert target.read_text() == "new"


def test_a_read_only_file_is_refused_as_the_shell_would(tmp_path: Path, request):
    """Checked as an ordinary user: root may write anything, as with the shell's ``>``, so as
    root the check runs in a forked child that has become nobody."""
    if ROOT:  # nobody cannot reach into pytest's own folders; /tmp it can
        tmp_path = Path(tempfile.mkdtemp(prefix="il6graph-read-only-"))
        request.addfinalizer(lambda: shutil.rmtree(tmp_path, ignore_errors=True))
    folder = tmp_path / "work"
    folder.mkdir()
    target = folder / "frozen.ttl"
    target.write_text("keep me")
    target.chmod(0o444)
    if not ROOT:
        with pytest.raises(InputError) as refused:
            atomic_write(target, b"new")
        message = str(refused.value)
    else:
        for path in (tmp_path, folder, target):
            os.chown(path, 65534, 65534)
        read_end, write_end = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - the child reports through the pipe
            code = 1
            try:
                os.setgid(65534)
                os.setuid(65534)
                atomic_write(target, b"new")
                os.write(write_end, b"written")
            except InputError as error:
                os.write(write_end, str(error).encode())
                code = 2
            finally:
                os._exit(code)
        os.close(write_end)
        _, status = os.waitpid(child, 0)
        message = os.read(read_end, 4096).decode()
        os.close(read_end)
        assert os.waitstatus_to_exitcode(status) == 2, message
    assert message == f"{target}: is read-only; il6graph does not replace it"
    assert target.read_text() == "keep me"
    assert listing(folder) == ["frozen.ttl"]


# --- symbolic links -----------------------------------------------------------------------------------


def test_a_link_to_a_file_is_written_through_and_stays_a_link(tmp_path: Path):
    (tmp_path / "real").mkdir()
    (tmp_path / "links").mkdir()
    target = tmp_path / "real" / "graph.ttl"
    target.write_text("old")
    target.chmod(0o640)
    middle = tmp_path / "links" / "middle.ttl"
    middle.symlink_to("../real/graph.ttl")  # relative, resolved from the link's folder
    link = tmp_path / "graph.ttl"
    link.symlink_to(middle)
    assert atomic_write(link, b"new") == link
    assert link.is_symlink() and os.readlink(link) == str(middle)
    assert middle.is_symlink() and os.readlink(middle) == "../real/graph.ttl"
    assert target.read_text() == "new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert listing(tmp_path / "real") == ["graph.ttl"]
    assert listing(tmp_path / "links") == ["middle.ttl"]


def test_a_dangling_link_or_a_loop_is_refused_and_nothing_is_made(tmp_path: Path):
    dangling = tmp_path / "dangling.html"
    dangling.symlink_to(tmp_path / "nowhere" / "page.html")
    with pytest.raises(InputError, match=r"a symbolic link to .*page\.html, which does not exist"):
        atomic_write(dangling, b"x")
    loop_a, loop_b = tmp_path / "a.html", tmp_path / "b.html"
    loop_a.symlink_to(loop_b)
    loop_b.symlink_to(loop_a)
    with pytest.raises(InputError, match="too many levels of symbolic links"):
        atomic_write(loop_a, b"x")
    assert listing(tmp_path) == ["a.html", "b.html", "dangling.html"]
    assert all((tmp_path / name).is_symlink() for name in listing(tmp_path))


@needs_root
def test_a_link_planted_by_another_user_in_a_shared_folder_is_not_followed(tmp_path: Path):
    shared = tmp_path / "tmp"
    shared.mkdir()
    shared.chmod(0o1777)  # like /tmp: everyone writes, the sticky bit guards names
    precious = tmp_path / "precious.conf"
    precious.write_text("do not touch")
    planted = shared / "report.html"
    planted.symlink_to(precious)
    os.lchown(planted, 4242, 4242)
    with pytest.raises(InputError, match="owned by another user in the shared folder"):
        atomic_write(planted, b"<html>")
    assert precious.read_text() == "do not touch"
    assert planted.is_symlink()

    mine = shared / "mine.html"  # the same kind of link, made by the writer, is followed
    mine.symlink_to(precious)
    atomic_write(mine, b"mine")
    assert precious.read_text() == "mine" and mine.is_symlink()


# --- devices, FIFOs, sockets --------------------------------------------------------------------------


@needs_root
def test_a_null_device_is_written_into_and_stays_a_device(tmp_path: Path):
    null = device(tmp_path, "null", NULL)
    assert atomic_write(null, b"x" * 100_000) == null
    assert_still(null, stat.S_ISCHR, NULL)
    link = tmp_path / "out.html"
    link.symlink_to(null)
    atomic_write(link, b"through a link")
    assert link.is_symlink()
    assert_still(null, stat.S_ISCHR, NULL)
    assert listing(tmp_path) == ["null", "out.html"]


@needs_root
def test_a_full_device_is_one_line_and_stays_a_device(tmp_path: Path):
    full = device(tmp_path, "full", FULL)
    with pytest.raises(InputError) as failed:
        atomic_write(full, b"x" * 100_000)
    assert str(failed.value) == f"{full}: cannot write: No space left on device"
    assert_still(full, stat.S_ISCHR, FULL)
    assert listing(tmp_path) == ["full"]


@needs_root
def test_a_block_device_is_refused_without_being_opened(tmp_path: Path):
    disk = device(tmp_path, "disk", UNUSED_DISK, stat.S_IFBLK)
    with pytest.raises(InputError, match="is a block device"):
        atomic_write(disk, b"x")
    assert_still(disk, stat.S_ISBLK, UNUSED_DISK)


def test_a_socket_is_refused(tmp_path: Path):
    path = tmp_path / "s.sock"
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(path))
        with pytest.raises(InputError, match="is a socket"):
            atomic_write(path, b"x")
    assert_still(path, stat.S_ISSOCK)


def _read_all(path: Path, into: list[bytes]) -> threading.Thread:
    def read() -> None:
        with open(path, "rb") as fifo:
            into.append(fifo.read())

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    return thread


def test_a_fifo_gets_every_byte_and_stays_a_fifo(tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_all(fifo, received)
    content = os.urandom(1 << 20)  # more than a pipe holds at once
    atomic_write(fifo, content)
    reader.join(30)
    assert received == [content]
    assert_still(fifo, stat.S_ISFIFO)
    assert listing(tmp_path) == ["pipe"]


def test_a_failed_output_sends_nothing_half_made_down_a_fifo(tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    reader = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)

    def fail_midway(stream):
        stream.write(b"the first half")
        raise InputError("something was wrong with the graph")

    try:
        with pytest.raises(InputError, match="something was wrong"):
            atomic_write(fifo, fail_midway)
        assert os.read(reader, 100) == b""  # no writer ever came: nothing, not half
    finally:
        os.close(reader)
    assert_still(fifo, stat.S_ISFIFO)


def test_a_fifo_nobody_reads_yet_says_it_waits(tmp_path: Path, capfd):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []

    def read_later() -> None:
        time.sleep(0.5)
        with open(fifo, "rb") as stream:
            received.append(stream.read())

    thread = threading.Thread(target=read_later, daemon=True)
    thread.start()
    atomic_write(fifo, b"late")
    thread.join(30)
    assert received == [b"late"]
    assert f"waiting for a reader to open {fifo}" in capfd.readouterr().err


def test_dev_fd_names_our_own_descriptor(tmp_path: Path):
    for spelling in ("/dev/fd/{}", "/proc/self/fd/{}"):
        read_end, write_end = os.pipe()
        try:
            atomic_write(spelling.format(write_end), b"through the descriptor")
            os.close(write_end)
            assert os.read(read_end, 100) == b"through the descriptor"
        finally:
            os.close(read_end)


# --- several files as one write -----------------------------------------------------------------------


def test_written_together_writes_all_or_nothing(tmp_path: Path):
    first, second, third = (tmp_path / name for name in ("a.html", "b.graphml", "c.cyjs"))
    first.write_text("old a")

    def fail(stream):
        stream.write(b"half")
        raise InputError("c.cyjs: the exporter failed")

    with pytest.raises(InputError) as failed, written_together():
        atomic_write(first, b"new a")
        atomic_write(second, b"new b")
        atomic_write(third, fail)
    assert str(failed.value) == (
        f"c.cyjs: the exporter failed; so nothing was written (not even {first}, {second})"
    )
    assert first.read_text() == "old a"
    assert listing(tmp_path) == ["a.html"]


def test_a_failure_while_moving_into_place_names_what_was_and_was_not_written(tmp_path: Path):
    first, second = tmp_path / "a.html", tmp_path / "b.graphml"
    with pytest.raises(InputError) as failed, written_together():
        atomic_write(first, b"new a")
        atomic_write(second, b"new b")
        second.mkdir()  # the target changed after it was staged
    assert str(failed.value) == (
        f"{second}: is no longer a regular file, so it was left as it is; written: {first}; "
        f"not written: {second}"
    )
    assert first.read_bytes() == b"new a"
    assert second.is_dir() and listing(second) == []
    assert sorted(listing(tmp_path)) == ["a.html", "b.graphml"]


# --- the command line ---------------------------------------------------------------------------------


@needs_root
def test_render_and_export_write_into_devices_and_keep_links(tmp_path: Path):
    null = device(tmp_path, "null", NULL)
    rendered = il6graph("render", "-o", str(null))
    assert rendered.returncode == 0, rendered.stderr
    assert_still(null, stat.S_ISCHR, NULL)

    full = device(tmp_path, "full", FULL)
    exported = il6graph("export", "--format", "turtle", "-o", str(full))
    assert exported.returncode == 2
    assert exported.stderr.decode() == (
        f"il6graph: error: {full}: cannot write: No space left on device\n"
    )
    assert_still(full, stat.S_ISCHR, FULL)

    page = tmp_path / "site" / "page.html"
    page.parent.mkdir()
    page.write_text("old")
    link = tmp_path / "page.html"
    link.symlink_to(page)
    again = il6graph("render", "-o", str(link))
    assert again.returncode == 0, again.stderr
    assert link.is_symlink() and page.read_text().startswith("<!DOCTYPE html>")


def test_format_keeps_a_linked_turtle_file_a_link(tmp_path: Path):
    real = tmp_path / "real.ttl"
    real.write_text("@prefix x: <http://example.org/> .\nx:b x:p x:c .\nx:a x:p x:c .\n")
    link = tmp_path / "triples.ttl"
    link.symlink_to(real.name)
    result = il6graph("format", str(link))
    assert result.returncode == 0, result.stderr
    assert link.is_symlink()
    text = real.read_text()
    assert text.index(":a ") < text.index(":b ")  # sorted


def test_a_folder_export_through_a_link_replaces_the_folder_and_keeps_the_link(tmp_path: Path):
    real = tmp_path / "real"
    first = il6graph("export", "--format", "csv", "-o", str(real))
    assert first.returncode == 0, first.stderr
    link = tmp_path / "link"
    link.symlink_to("real")
    again = il6graph("export", "--format", "csv", "--focus", "STAT3", "-o", str(link))
    assert again.returncode == 0, again.stderr
    assert link.is_symlink() and os.readlink(link) == "real"
    assert listing(tmp_path) == ["link", "real"]  # nothing left beside them
    assert listing(real) == ["edges.csv", "nodes.csv"]
    assert len((real / "nodes.csv").read_text().splitlines()) < 68  # the new, smaller export


def test_export_into_a_fifo_from_the_command_line(tmp_path: Path):
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = _read_all(fifo, received)
    result = il6graph("export", "--format", "ntriples", "-o", str(fifo))
    reader.join(30)
    assert result.returncode == 0, result.stderr
    assert len(Graph().parse(data=received[0], format="nt")) > 1000
    assert_still(fifo, stat.S_ISFIFO)


def test_export_to_dev_stdout_reports_on_standard_error(tmp_path: Path):
    result = il6graph("export", "--format", "ntriples", "-o", "/dev/stdout")
    assert result.returncode == 0
    assert result.stderr.decode().startswith("wrote /dev/stdout: RDF N-Triples")
    assert len(Graph().parse(data=result.stdout, format="nt")) > 1000


def test_overview_writes_its_three_files_together_or_none(tmp_path: Path):
    (tmp_path / "il6graph.cyjs").mkdir()  # the third file cannot be written
    result = il6graph("overview", "--out", str(tmp_path))
    assert result.returncode == 2
    error = result.stderr.decode()
    assert error.count("\n") == 1, error
    assert error.startswith(f"il6graph: error: {tmp_path / 'il6graph.cyjs'}: is a folder")
    assert error.rstrip().endswith(
        f"so nothing was written (not even {tmp_path / 'il6-explorer.html'}, "
        f"{tmp_path / 'il6graph.graphml'})"
    )
    assert listing(tmp_path) == ["il6graph.cyjs"]

    under_a_file = tmp_path / "il6graph.cyjs" / "x"
    (tmp_path / "notes.txt").write_text("a file")
    blocked = il6graph("overview", "--out", str(tmp_path / "notes.txt" / "out"))
    assert blocked.returncode == 2
    assert blocked.stderr.decode() == (
        f"il6graph: error: --out {tmp_path / 'notes.txt' / 'out'}: cannot make this folder: "
        "Not a directory\n"
    )
    assert not under_a_file.exists()


# --- standard output ----------------------------------------------------------------------------------


def test_a_full_disk_on_standard_output_is_one_line():
    with open("/dev/full", "wb") as full:  # only written to, never replaced
        for command in (("stats",), ("export", "--format", "turtle", "-o", "-")):
            result = il6graph(*command, stdout=full)
            assert result.returncode == 2
            assert result.stderr.decode() == (
                "il6graph: error: cannot write to standard output: No space left on device\n"
            )


def test_a_closed_standard_output_is_one_line():
    result = il6graph("stats", stdout=None, preexec_fn=lambda: os.close(1))
    assert result.returncode == 2
    assert result.stderr.decode() == (
        "il6graph: error: cannot write to standard output: standard output is closed\n"
    )


@pytest.mark.parametrize("sigpipe", ["default", "ignored"])
def test_a_reader_that_stops_early_ends_the_command_quietly(sigpipe: str):
    """``| head -c 10``: no message, exit status 141 as for cat or grep stopped by SIGPIPE."""

    def inherit() -> None:
        signal.signal(signal.SIGPIPE, signal.SIG_DFL if sigpipe == "default" else signal.SIG_IGN)

    everything = "SELECT * WHERE { ?s ?p ?o }"  # some 300 kB as a table: more than a pipe holds
    for command in (("export", "--format", "ntriples", "-o", "-"), ("query", everything)):
        producer = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "il6graph",
                *command,
                *(["--limit", "0"] * (command[0] == "query")),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            preexec_fn=inherit,
        )
        head = subprocess.run(
            ["head", "-c", "10"], stdin=producer.stdout, capture_output=True, check=True
        )
        assert producer.stdout is not None and producer.stderr is not None
        producer.stdout.close()
        producer.wait(120)
        assert len(head.stdout) == 10
        assert producer.stderr.read() == b""
        assert producer.returncode == 141


def test_data_shown_on_a_terminal_cannot_drive_it(tmp_path: Path):
    """A label with escape sequences, printed by `claims` on a real pseudo-terminal."""
    data = tmp_path / "hostile.ttl"
    source = graph_path().read_text(encoding="utf-8")
    data.write_text(
        source.replace('rdfs:label "STAT3"', 'rdfs:label "STAT3\\u001b]0;owned\\u0007\\u001b[2J"'),
        encoding="utf-8",
    )
    assert "\\u001b]0;owned" in data.read_text()
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "il6graph", "--data", str(data), "claims", "HGNC:11364"],
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=subprocess.PIPE,
    )
    os.close(follower)
    shown = b""
    while select.select([leader], [], [], 60)[0]:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    assert process.wait(60) == 0
    assert b"STAT3 (HGNC:11364, Protein): 4 claims" in shown
    assert b"\x1b" not in shown and b"\x07" not in shown
    assert b"owned" not in shown  # the title the sequence would have set goes with it

    piped = il6graph("--data", str(data), "claims", "HGNC:11364", "--format", "json")
    label = json.loads(piped.stdout)["entity"]["label"]
    assert label == "STAT3\x1b]0;owned\x07\x1b[2J"  # off the terminal, data is kept as it is


# --- Turtle -------------------------------------------------------------------------------------------


def test_turtle_does_not_depend_on_insertion_order():
    triples = list(Graph().parse(graph_path(), format="turtle"))
    forward, backward = Graph(), Graph()
    for triple in triples:
        forward.add(triple)
    for triple in reversed(triples):
        backward.add(triple)
    assert to_turtle(forward) == to_turtle(backward)
