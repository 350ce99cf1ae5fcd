"""Marks the end of collection for the go wrapper, and deselects beta when asked: a
narrowing that only collection knows (tests/acceptance/test_head_start.py)."""

import os
import time
from pathlib import Path


def _note_an_early_go_test() -> None:
    """pytest imports this conftest before it configures its plugins. With
    HEADSTART_CONFTEST_WAIT set, wait up to that many seconds for the go wrapper to log a go
    test call ($HEADSTART_LOG), and note in $HEADSTART_CONFTEST_NOTE whether it did: a go test
    started as pytest loaded its plugins is found; one started at configure time never is,
    as this import holds configuration up."""
    wait = os.environ.get("HEADSTART_CONFTEST_WAIT")
    if not wait:
        return
    log = Path(os.environ["HEADSTART_LOG"])
    deadline = time.monotonic() + float(wait)
    while not (log.exists() and log.stat().st_size) and time.monotonic() < deadline:
        time.sleep(0.05)
    started = log.exists() and log.stat().st_size > 0
    note = Path(os.environ["HEADSTART_CONFTEST_NOTE"])
    note.write_text("started\n" if started else "not-started\n", encoding="utf-8")


_note_an_early_go_test()


def _rewrite_alpha() -> None:
    """When the file $HEADSTART_REWRITE names exists, rewrite alpha's test during this import,
    a second after a go test started early (time for go to read the old source), as a conftest
    that generates Go code would: TestAlpha then fails with the file's text. (A file, not the
    variable alone: the environment decides whether go test starts early.)"""
    trigger = os.environ.get("HEADSTART_REWRITE")
    if not trigger or not Path(trigger).exists():
        return
    text = Path(trigger).read_text(encoding="utf-8").strip()
    time.sleep(1.0)
    test_file = Path(__file__).parent / "alpha" / "alpha_test.go"
    test_file.write_text(
        'package alpha\n\nimport "testing"\n\n'
        f"func TestAlpha(t *testing.T) {{ t.Fatal({text!r}) }}\n".replace("'", '"'),
        encoding="utf-8",
    )


_rewrite_alpha()


def _write_alpha_data() -> None:
    """When the file $HEADSTART_DATA names exists, write its text to alpha/testdata/in.txt
    during this import, a second after a go test started early (time for TestAlpha to read
    the old data), as a conftest that generates test fixtures would: TestAlpha then fails
    with that text. Otherwise in.txt is emptied (TestAlpha passes)."""
    trigger = os.environ.get("HEADSTART_DATA")
    if not trigger:
        return
    data = Path(__file__).parent / "alpha" / "testdata" / "in.txt"
    text = Path(trigger).read_text(encoding="utf-8") if Path(trigger).exists() else ""
    if text:
        time.sleep(1.0)
    data.parent.mkdir(exist_ok=True)
    data.write_text(text, encoding="utf-8")


_write_alpha_data()


def pytest_collection_modifyitems(config, items):
    if os.environ.get("HEADSTART_DESELECT"):
        kept = [item for item in items if not item.nodeid.startswith("beta/")]
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept
    # Time for the head start, which is made on another thread, to be made.
    time.sleep(float(os.environ.get("HEADSTART_PAUSE", "0")))


def pytest_collection_finish(session):
    mark = os.environ.get("HEADSTART_COLLECTED")
    if mark:
        Path(mark).write_text("collected\n", encoding="utf-8")
