"""The hostile set of issue 14, graded in one run in each sandbox mode: nobody stops the run, nothing leaks out, nothing is left running.

The class: a right notebook; one that kills its parent; one that looks for the
grader's folder through /proc and writes into data/ and /tmp (and into the
kit by its absolute path); a 12 GB allocation; a 300 MB print; a 150 MB file; one that
leaves 20 background processes (some in sessions of their own, some
double-forked). ``bwrap`` mode must contain all of it; ``none`` mode must
survive all of it, and its tests say plainly what it does not stop.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
import uuid
from pathlib import Path

import pandas as pd
import psutil
import pytest
from test_grade import RIGHT, make_kit, notebook, row, tree_digest, write_class

from casekit.errors import GradeError
from casekit.instructor import grading as G
from casekit.instructor.grading.run.limits import Limits, parse_size, size_words
from casekit.instructor.grading.run.sandbox import choose

BWRAP = G.bwrap_problem()
MODES = [pytest.param("bwrap", marks=pytest.mark.skipif(bool(BWRAP), reason=BWRAP or "")), "none"]
MARK_NEAR = f"casekit-near-{uuid.uuid4().hex[:10]}"
MARK_FAR = f"casekit-far-{uuid.uuid4().hex[:10]}"
SLEEP = f"{4000 + uuid.uuid4().int % 1000}.{uuid.uuid4().int % 997}"  # a sleep no other process runs

KILL_PARENT = "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)"

# The trick of the issue: the grader's folder through /proc/<ppid>/cwd, then data/ there and /tmp.
# Both notebooks write only under the test's own folder and /tmp: without the sandbox they really would
# reach every folder their parents run in (the kit you test from, your shell's folder).
NEAR = f"""
import os, pathlib
cwd = pathlib.Path(os.readlink(f'/proc/{{os.getppid()}}/cwd'))
for t in (cwd, cwd / 'data', cwd.parent / 'data', cwd.parent.parent / 'data'):
    if not str(t).startswith((BASE, '/tmp')):   # a test must not write into real folders, whatever the mode
        continue
    try:
        (t / {MARK_NEAR!r}).write_text('written by a notebook')
    except OSError:
        pass
"""

# Further: every ancestor's folder, the kit and the submissions by their absolute paths, and /tmp.
FAR = f"""
import os, pathlib
targets = [pathlib.Path('/tmp'), pathlib.Path(KIT), pathlib.Path(KIT) / 'data', pathlib.Path(SUBS)]
pid = os.getppid()
for _ in range(12):
    try:
        cwd = pathlib.Path(os.readlink(f'/proc/{{pid}}/cwd'))
        targets += [cwd, cwd / 'data']
        pid = int(open(f'/proc/{{pid}}/stat').read().rsplit(')', 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        break
for t in targets:
    if not (str(t).startswith(BASE) or str(t) == '/tmp'):   # a test must not write into real folders, whatever the mode
        continue
    try:
        (t / {MARK_FAR!r}).write_text('written by a notebook')
    except OSError:
        pass
"""

BIG_ALLOCATION = "x = bytearray(12 * 2**30)"
BIG_OUTPUT = "print('x' * 300_000_000)"
BIG_FILE = "with open('big.bin', 'wb') as f:\n    f.write(b'x' * 150 * 2**20)"
BACKGROUND = f"""
import os, subprocess
kids = [subprocess.Popen(['sleep', {SLEEP!r}], start_new_session=(i % 2 == 0)) for i in range(14)]
for i in range(6):                       # double-forked: their parent exits at once
    if os.fork() == 0:
        if os.fork() == 0:
            os.setsid()
            os.execvp('sleep', ['sleep', {SLEEP!r}])
        os._exit(0)
    os.wait()
"""


def _ours() -> list[psutil.Process]:
    """Processes that a hostile notebook of this module started and that still run."""
    found = []
    for p in psutil.process_iter(["cmdline", "status"]):
        if p.info["cmdline"] and p.info["cmdline"][-1] == SLEEP and p.info["status"] != psutil.STATUS_ZOMBIE:
            found.append(p)
    return found


@pytest.fixture(scope="module", params=MODES)
def hostile(request, tmp_path_factory):
    mode = request.param
    base = tmp_path_factory.mktemp(f"hostile-{mode}")
    kit = make_kit(base / "kit")
    subs = base / "submissions"
    where = f"BASE = {str(base)!r}\nKIT = {str(kit)!r}\nSUBS = {str(subs)!r}\n"
    near, far = where + NEAR, where + FAR
    cls = {
        "alice-00-start-here.ipynb": notebook(*RIGHT),
        "kim-00-start-here.ipynb": notebook(RIGHT[0], KILL_PARENT, RIGHT[1]),
        "esa-00-start-here.ipynb": notebook(RIGHT[0], near, far, RIGHT[1]),
        "mem-00-start-here.ipynb": notebook(RIGHT[0], BIG_ALLOCATION, RIGHT[1]),
        "out-00-start-here.ipynb": notebook(RIGHT[0], BIG_OUTPUT, RIGHT[1]),
        "fil-00-start-here.ipynb": notebook(RIGHT[0], BIG_FILE, RIGHT[1]),
        "bg-00-start-here.ipynb": notebook(RIGHT[0], BACKGROUND, RIGHT[1]),
    }
    write_class(subs, cls)
    before = {"data": tree_digest(kit / "data"), "subs": tree_digest(subs)}
    lines: list[str] = []
    old = Path.cwd()
    os.chdir(kit)  # the grader's folder is the kit, as when an instructor runs it there
    start = time.monotonic()
    unsafe = mode == "none"  # none mode refuses to run from inside the kit unless told: this test tells it, to see what it stops
    try:
        table = G.grade(
            [subs], base / "out" / "grades.csv", timeout=40, jobs=2, root=kit, progress=False, sandbox=mode, say=lines.append, unsafe=unsafe
        )
    finally:
        os.chdir(old)
    seconds = time.monotonic() - start
    left = _ours()
    for p in left:  # never leave them to the next test, whatever the assertions say
        p.kill()
    escaped = sorted(
        str(p) for p in [*base.rglob(MARK_FAR), *Path("/tmp").glob(MARK_FAR), *base.rglob(MARK_NEAR), *Path("/tmp").glob(MARK_NEAR)]
    )
    run_marks = [p for p in escaped if "/casekit-grade-" in p]  # inside a run folder: removed with it, so none should be seen
    for p in escaped:
        Path(p).unlink(missing_ok=True)
    return {
        "mode": mode,
        "table": table,
        "kit": kit,
        "subs": subs,
        "before": before,
        "after": {"data": tree_digest(kit / "data"), "subs": tree_digest(subs)},
        "lines": lines,
        "left": left,
        "escaped": escaped,
        "run_marks": run_marks,
        "seconds": seconds,
    }


def test_every_learner_is_reported(hostile):
    assert set(hostile["table"]["learner"]) == {"alice", "kim", "esa", "mem", "out", "fil", "bg"}
    assert list(hostile["table"].query("learner == 'alice'")["status"]) == ["passed", "passed"]
    assert (hostile["table"]["exercise"] != "").all()


def test_a_notebook_that_kills_its_parent_ends_only_itself(hostile):
    """Its parent is the kernel's first process (inside the sandbox in bwrap mode), never the grader: the run goes on.

    The kernel goes down with that process a moment later, so the next cell may still finish first (a race
    the learner's notebook, not the grader, loses); either way the learner has both rows.
    """
    assert row(hostile["table"], "kim", "00-ids")["status"] == "passed"
    got = row(hostile["table"], "kim", "00-count")
    stopped = re.match(r"The kernel stopped at cell [45] ", got["message"])  # at the kill, or in the cell after it
    assert got["status"] == "passed" or (got["status"] == "error" and stopped), got["message"]


def test_a_12_gb_allocation_is_stopped_with_a_plain_message(hostile):
    got = row(hostile["table"], "mem", "00-count")
    assert got["status"] == "error"
    assert "cell 4 used more than 2 GB of memory (the limit per notebook; --memory sets it)" in got["message"]
    assert row(hostile["table"], "mem", "00-ids")["status"] == "passed"


def test_a_300_mb_print_is_stopped_with_a_plain_message(hostile):
    got = row(hostile["table"], "out", "00-count")
    assert got["status"] == "error"
    assert "cell 4 printed more than 10 MB of output (the limit per notebook; --output sets it)" in got["message"]


def test_a_150_mb_file_is_stopped_with_a_plain_message(hostile):
    got = row(hostile["table"], "fil", "00-count")
    assert got["status"] == "error"
    assert "cell 4 wrote a file larger than 100 MB (the limit per notebook; --file-size sets it)" in got["message"]


def test_background_processes_are_all_stopped_and_reported(hostile):
    assert hostile["left"] == [], f"{len(hostile['left'])} background processes survived the run"
    got = row(hostile["table"], "bg", "00-count")
    assert got["status"] == "passed"
    assert "left 20 processes running; the grader stopped them" in got["message"]


def test_the_trick_of_the_issue_writes_only_into_the_copy(hostile):
    """/proc/<ppid>/cwd leads to the kernel's own copy in both modes: the kit's data/ and /tmp get nothing from it."""
    near = [p for p in hostile["escaped"] if MARK_NEAR in p]
    assert near == [], near
    assert row(hostile["table"], "esa", "00-count")["status"] == "passed"


def test_bwrap_mode_lets_nothing_out_of_the_run_folder(hostile):
    if hostile["mode"] != "bwrap":
        pytest.skip("only the bubblewrap sandbox stops writes by absolute path")
    assert hostile["escaped"] == []
    assert hostile["after"] == hostile["before"]
    assert not [line for line in hostile["lines"] if not line.startswith("Credited to ")], "bwrap mode prints no notice"


def test_none_mode_says_what_is_off_and_does_not_stop_absolute_paths(hostile):
    """Honest about the fallback: a notebook that walks further up /proc, or knows a path, writes there without the sandbox."""
    if hostile["mode"] != "none":
        pytest.skip("none mode only")
    assert hostile["lines"][0].startswith("Grading without a sandbox (--sandbox none): a notebook can read and write your files")
    reached = {Path(p).parent for p in hostile["escaped"]}
    assert hostile["kit"] / "data" in reached and Path("/tmp") in reached


def test_the_hostile_class_is_graded_within_its_time(hostile):
    assert hostile["seconds"] < 240


# ---------------------------------------------------------------- modes and limits (no kernel)


def test_auto_without_bwrap_gives_one_notice_that_names_what_is_off(monkeypatch):
    from casekit.instructor.grading.run import sandbox as S

    monkeypatch.setattr(S, "bwrap_problem", lambda: "bwrap is not installed")
    chosen = choose("auto")
    assert chosen.mode == "none"
    assert chosen.notice.startswith("Grading without a sandbox: bwrap is not installed. Off: a notebook can read and write your files")
    assert "Still on: the resource limits" in chosen.notice and "apt install bubblewrap" in chosen.notice
    with pytest.raises(GradeError, match="--sandbox bwrap: bwrap is not installed; install bubblewrap"):
        choose("bwrap")
    with pytest.raises(GradeError, match="--sandbox must be one of auto, bwrap, none"):
        choose("docker")


@pytest.mark.integration
def test_cli_prints_the_notice_once_at_the_start(tmp_path, capsys, monkeypatch):
    from casekit.cli import main
    from casekit.instructor.grading.run import sandbox as S

    monkeypatch.setattr(S, "bwrap_problem", lambda: "bwrap is not installed")
    kit = make_kit(tmp_path / "kit")
    subs = write_class(tmp_path / "subs", {"a-00-start-here.ipynb": "x", "b-00-start-here.ipynb": "y"})
    assert main(["grade", str(subs), "--out", str(tmp_path / "g.csv"), "--root", str(kit), "--quiet"]) == 0
    err = capsys.readouterr().err
    assert err.count("Grading without a sandbox") == 1
    assert err.index("Grading without a sandbox") == 0


@pytest.mark.parametrize(
    "text,expected",
    [("2G", 2 * 2**30), ("500M", 500 * 2**20), ("1.5 GB", int(1.5 * 2**30)), ("64mib", 64 * 2**20)],
)
def test_sizes_need_their_unit(text, expected):
    assert parse_size(text) == expected


@pytest.mark.parametrize("text", ["2", "lots", "-1G", "0M"])
def test_a_size_without_a_unit_is_one_plain_sentence(text):
    with pytest.raises(GradeError, match=r"--memory must be a size with its unit, such as 2G or 500M"):
        parse_size(text)


def test_limit_messages_are_plain_sentences():
    limits = Limits()
    assert limits.message("memory") == "used more than 2 GB of memory"
    assert limits.message("output") == "printed more than 10 MB of output"
    assert limits.message("file_size") == "wrote a file larger than 100 MB"
    assert limits.message("cpu", timeout=60) == "used more than 120 s of CPU time"
    assert size_words(3 * 2**29) == "1.5 GB"
    with pytest.raises(GradeError, match="--memory is too low"):
        Limits(memory=2**20)


@pytest.mark.integration
def test_limits_are_set_by_flags_and_reach_the_message(tmp_path):
    kit = make_kit(tmp_path / "kit")
    subs = write_class(tmp_path / "subs", {"mo-00-start-here.ipynb": notebook(RIGHT[0], "x = bytearray(700 * 2**20)", RIGHT[1])})
    from casekit.cli import main

    args = ["grade", str(subs), "--out", str(tmp_path / "g.csv"), "--root", str(kit), "--quiet", "--memory", "500M", "--timeout", "40"]
    assert main(args) == 0
    got = row(pd.read_csv(tmp_path / "g.csv", dtype=str, keep_default_na=False), "mo", "00-count")
    assert got["status"] == "error" and "cell 4 used more than 500 MB of memory" in got["message"]


@pytest.mark.integration
def test_cpu_time_is_limited_by_its_flag(tmp_path):
    from casekit.cli import main

    kit = make_kit(tmp_path / "kit")
    subs = write_class(tmp_path / "subs", {"spin-00-start-here.ipynb": notebook(RIGHT[0], "while True:\n    pass", RIGHT[1])})
    args = ["grade", str(subs), "--out", str(tmp_path / "g.csv"), "--root", str(kit), "--quiet", "--cpu", "4", "--timeout", "90"]
    start = time.monotonic()
    assert main(args) == 0
    got = row(pd.read_csv(tmp_path / "g.csv", dtype=str, keep_default_na=False), "spin", "00-count")
    assert got["status"] == "error" and "cell 4 used more than 4 s of CPU time (the limit per notebook; --cpu sets it)" in got["message"]
    assert time.monotonic() - start < 80  # stopped by the CPU limit, long before the 90 s time limit


@pytest.mark.skipif(bool(BWRAP), reason=BWRAP or "")
def test_a_kit_kept_under_tmp_is_still_seen_inside_the_sandbox(tmp_path, monkeypatch):
    """The sandbox's /tmp is private; a kit and its Python under /tmp (a clone in /tmp/fresh) must still be visible."""
    from casekit.instructor.grading.run import sandbox as S

    kit = Path("/tmp") / f"casekit-kit-{uuid.uuid4().hex[:8]}"
    (kit / "bin").mkdir(parents=True)
    try:
        (kit / "bin" / "marker.txt").write_text("the kit's Python", encoding="utf-8")
        work = tmp_path / "work"
        for sub in ("tmp", "shm"):
            (work / sub).mkdir(parents=True)
        monkeypatch.setattr(S, "_python_roots", lambda: [(str(kit), str(kit))])
        cmd = [*S._bwrap_args(work, work, S.choose("bwrap").user_namespace), "--", "cat", str(kit / "bin" / "marker.txt")]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=30, check=False)
        assert done.stdout == "the kit's Python", done.stderr
    finally:
        shutil.rmtree(kit, ignore_errors=True)
