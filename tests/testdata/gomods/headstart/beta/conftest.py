"""Imported while pytest collects beta/: may change the environment go test is started with."""

import json
import os
import time
from pathlib import Path

if os.environ.get("HEADSTART_SET_ENV"):
    os.environ["HEADSTART_BETA"] = os.environ["HEADSTART_SET_ENV"]


def _generate_a_test() -> None:
    """When the file $HEADSTART_GENERATE names exists, add a failing TestGenerated to beta's
    test file during this import, a second after pytest started collecting (time for a go
    test started before to read the old source), as a conftest that runs go generate would.
    It fails with the file's text."""
    trigger = os.environ.get("HEADSTART_GENERATE")
    if not trigger or not Path(trigger).exists():
        return
    text = Path(trigger).read_text(encoding="utf-8").strip()
    time.sleep(1.0)
    test_file = Path(__file__).parent / "beta_test.go"
    generated = f"\nfunc TestGenerated(t *testing.T) {{ t.Fatal({json.dumps(text)}) }}\n"
    test_file.write_text(test_file.read_text(encoding="utf-8") + generated, encoding="utf-8")


_generate_a_test()


def _delete_a_file() -> None:
    """When $HEADSTART_DELETE names a file, delete it during this import, a second after
    pytest started collecting (a conftest that cleans generated code up)."""
    doomed = os.environ.get("HEADSTART_DELETE")
    if not doomed or not Path(doomed).exists():
        return
    time.sleep(1.0)
    Path(doomed).unlink()


_delete_a_file()
