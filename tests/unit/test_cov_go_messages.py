"""What Go said about a --go-cov run, as the coverage session words it: packages whose test
binary did not build, and Go's stderr warnings across several go test invocations.

The build outputs and warnings are Go 1.26.8's own, from the crashes and covtotals fixture
modules (tests/testdata/gomods/*/README.md); the end-to-end runs are in
tests/acceptance/test_coverage_totals.py.
"""

from __future__ import annotations

from pytest_gotest.core.output import CaptureLimits
from pytest_gotest.core.package_run import PackageRun
from pytest_gotest.plugin.cov import GoCoverageSession
from pytest_gotest.plugin.options import CoverageOptions

CRASHES = "example.com/crashes"
BROKENLIB = (
    f"# {CRASHES}/brokenlib\n"
    'brokenlib/brokenlib.go:5:9: cannot use "forty-two" (untyped string constant) as int value '
    "in return statement\n"
)
UNMATCHED = "warning: no packages being tested depend on matches for pattern "


def session() -> GoCoverageSession:
    options = CoverageOptions(
        coverpkg=None, reports=(), fail_under=None, profile_dir=None, profile_dir_setting="x"
    )
    return GoCoverageSession(options, None, default_dir=lambda: None)


def run(package: str, failed_build: str | None, build_output: str) -> PackageRun:
    """A package result as the stream folder leaves it after a failed build."""
    result = PackageRun(package, CaptureLimits())
    result.action = "fail"
    result.failed_build = failed_build
    result.build_output = build_output
    return result


def test_a_library_that_did_not_compile_names_every_package_it_took_down() -> None:
    cov = session()
    cov.go_test_ended(
        ["go", "test"],
        "",
        [
            run(f"{CRASHES}/brokenlib", f"{CRASHES}/brokenlib", BROKENLIB),
            run(f"{CRASHES}/usesbroken", f"{CRASHES}/brokenlib", BROKENLIB),
        ],
    )
    [message] = cov.go_messages()
    assert message == (
        f"{CRASHES}/brokenlib did not compile, so go test wrote no coverage for "
        f"{CRASHES}/brokenlib, {CRASHES}/usesbroken: their statements are missing from the "
        "totals, as from Go's own. The compiler said:\n"
        f"    # {CRASHES}/brokenlib\n"
        '    brokenlib/brokenlib.go:5:9: cannot use "forty-two" (untyped string constant) as int '
        "value in return statement"
    )


def test_a_test_file_that_did_not_compile_a_vet_failure_and_a_missing_package() -> None:
    cov = session()
    testbroken = f"{CRASHES}/testbroken [{CRASHES}/testbroken.test]"
    vetprintf = f"{CRASHES}/vetprintf [{CRASHES}/vetprintf.test]"
    cov.go_test_ended(
        ["go", "test"],
        "",
        [
            run(
                f"{CRASHES}/testbroken",
                testbroken,
                f"# {testbroken}\ntestbroken/testbroken_test.go:6:14: cannot use Name() (value "
                "of type string) as int value in variable declaration\n",
            ),
            run(
                f"{CRASHES}/vetprintf",
                vetprintf,
                f"# {CRASHES}/vetprintf\n# [{CRASHES}/vetprintf]\nvetprintf/vetprintf_test.go:"
                '6:10: (*testing.common).Logf format %d has arg "not a number" of wrong type '
                "string\n",
            ),
            run(
                f"{CRASHES}/missingimport",
                f"{CRASHES}/nosuchpackage",
                f"# {CRASHES}/missingimport\nmissingimport/missingimport_test.go:6:2: no "
                f"required module provides package {CRASHES}/nosuchpackage; to add it:\n"
                f"\tgo get {CRASHES}/nosuchpackage\n",
            ),
            run(f"{CRASHES}/fine", None, ""),  # built and ran: nothing to say
        ],
    )
    heads = [message.split("\n", 1)[0] for message in cov.go_messages()]
    assert heads == [
        f"the test binary of {CRASHES}/missingimport could not be built ({CRASHES}/nosuchpackage "
        "failed), so go test wrote no coverage for it: its statements are missing from the "
        "totals, as from Go's own. Go said:",
        f"{testbroken} did not compile, so go test wrote no coverage for it: its statements are "
        "missing from the totals, as from Go's own. The compiler said:",
        f"{vetprintf} failed go vet, so go test wrote no coverage for it: its statements are "
        "missing from the totals, as from Go's own. Go vet said:",
    ]


def test_legacy_build_text_without_failed_build_and_long_output_is_cut() -> None:
    # GODEBUG=gotestjsonbuildtext=1 (pre-Go 1.24): no FailedBuild, the text came on stderr.
    cov = session()
    errors = "".join(f"big/big.go:{n}:2: undefined: x{n}\n" for n in range(1, 41))
    cov.go_test_ended(
        ["go", "test"], "", [run("example.com/big", None, "# example.com/big\n" + errors)]
    )
    [message] = cov.go_messages()
    lines = message.splitlines()
    assert lines[0].startswith("example.com/big did not compile, so go test wrote no coverage")
    assert lines[1:3] == ["    # example.com/big", "    big/big.go:1:2: undefined: x1"]
    assert lines[-2:] == ["    big/big.go:29:2: undefined: x29", "    ... (11 more lines)"]


def stderr_of(*patterns: str) -> str:
    return "".join(f"{UNMATCHED}{pattern}\n" for pattern in patterns)


# go test -coverpkg=./initvars,./lonely,./nomatch/... run one package at a time on the
# covtotals fixture: what each invocation printed on stderr.
INVOCATIONS = {
    "initvars": stderr_of("./lonely", "./nomatch/..."),
    "onlyasserts": stderr_of("./initvars", "./lonely", "./nomatch/..."),
    "lonely": stderr_of("./initvars", "./nomatch/...") + "go: downloading example.com/x v1\n",
}


def test_a_coverpkg_warning_is_shown_only_when_every_invocation_gave_it() -> None:
    cov = session()
    for package, stderr in INVOCATIONS.items():
        cov.go_test_ended(["go", "test", f"./{package}"], stderr, [])
    # go test of all three at once warns about ./nomatch/... only; "go: downloading" is no
    # warning.
    assert cov.go_messages() == [f"go test: {UNMATCHED}./nomatch/..."]


def test_other_go_warnings_are_shown_once_even_from_one_invocation() -> None:
    # cmd/go's modload prints this while expanding ./... over a symlinked directory.
    symlink = "warning: ignoring symlink /src/mod/pkg/link\n"
    cov = session()
    cov.go_test_ended(["go", "test"], symlink, [])
    cov.go_test_ended(["go", "test"], "", [])
    cov.go_test_ended(["go", "test"], symlink + 'go: warning: "./x/..." matched no packages\n', [])
    assert cov.go_messages() == [
        "go test: warning: ignoring symlink /src/mod/pkg/link",
        'go test: go: warning: "./x/..." matched no packages',
    ]


def test_xdist_workers_hand_their_invocations_to_the_controller() -> None:
    # Each worker also saw a dependency that did not compile (as with -coverpkg=./...).
    broken = run(f"{CRASHES}/brokenlib", f"{CRASHES}/brokenlib", BROKENLIB)
    workers = []
    for packages in (["initvars", "lonely"], ["onlyasserts"]):
        worker = session()
        worker.finisher = lambda: None
        for package in packages:
            worker.go_test_ended(["go", "test"], INVOCATIONS[package], [broken])
        workers.append(worker.export())
    controller = session()
    for index, data in enumerate(workers):
        controller.import_worker(data, f"gw{index}")
    messages = controller.go_messages()
    # One message per failed build however many workers saw it, and the intersection over
    # every worker's invocations.
    assert [m.split(" ", 1)[0] for m in messages] == [f"{CRASHES}/brokenlib", "go"]
    assert messages[1] == f"go test: {UNMATCHED}./nomatch/..."
