"""The CI pipelines of docs/ci/ (issue 12, item 7), checked as the CI services would read them.

Each file must parse (YAML with PyYAML for GitHub Actions and GitLab CI; the Jenkinsfile's
few steps by pattern), and its pytest command, run as written in the directory the pipeline
runs it in, on a copy of examples/polyglot, must write the JUnit and Cobertura files at the
paths the pipeline publishes, both valid and complete (Python and Go tests; Python and Go
files). GitLab's `coverage:` pattern must find coverage.py's total in that run's log.

The three commands run one after the other in one copy, so Go's build cache serves the later
ones (a copy per pipeline would rebuild the `shapes` command each time).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from junitparser import JUnitXml

from .helpers import junit_cases, junit_status, junit_suite
from .session_runs import finish, inner_env

yaml = pytest.importorskip("yaml", reason="PyYAML (test extra) reads the YAML pipelines")

REPO = Path(__file__).resolve().parents[2]
PIPELINES = REPO / "docs" / "ci"
EXAMPLE = "examples/polyglot"

# examples/polyglot/README.md: what one run of the example reports.
EXPECTED_CASES = {
    ("tests.test_shapes", "test_rectangle_area"): "passed",
    ("tests.test_shapes", "test_circle_area"): "passed",
    ("tests.test_shapes", "test_triangle_area"): "passed",
    ("tests.test_cli", "test_cli_rectangle_area"): "passed",
    ("tests.test_cli", "test_cli_unknown_shape"): "passed",
    ("example.com/goshapes/geometry", "TestRectangleArea"): "passed",
    ("example.com/goshapes/geometry", "TestCircleArea"): "passed",
    ("example.com/goshapes/geometry", "TestHexagonArea"): "skipped",
    ("example.com/goshapes/geometry", "TestSquarePerimeter"): "passed",
    ("example.com/goshapes/geometry", "TestSquarePerimeter/unit_square"): "passed",
    ("example.com/goshapes/geometry", "TestSquarePerimeter/zero_side"): "passed",
    ("example.com/goshapes/geometry", "TestSquarePerimeter/large"): "passed",
}
COVERED_FILES = {
    "goshapes/cmd/shapes/main.go",
    "goshapes/geometry/geometry.go",
    "shapes/__init__.py",
}


@dataclass
class Pipeline:
    """What a pipeline runs and publishes, read from its file (paths from the repository
    root, as CI services give them)."""

    name: str
    workdir: str
    command: str
    junit: str
    cobertura: str
    coverage_pattern: str | None = None


def _pytest_lines(lines: list[str]) -> list[str]:
    return [line for line in lines if re.match(r"^(\S*/)?pytest\s", line)]


def _github() -> Pipeline:
    data = yaml.safe_load((PIPELINES / "github-actions.yml").read_text(encoding="utf-8"))
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    assert data.get("on", data.get(True)) is not None
    (job,) = data["jobs"].values()
    workdir = job["defaults"]["run"]["working-directory"]
    runs = [step["run"] for step in job["steps"] if "run" in step]
    (command,) = _pytest_lines(runs)
    (upload,) = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-artifact")]
    published = upload["with"]["path"].strip().rstrip("/")
    uses = {step.get("uses", "").split("@")[0] for step in job["steps"]}
    assert {"actions/setup-go", "actions/cache"} <= uses
    (cache,) = [s for s in job["steps"] if s.get("uses", "").startswith("actions/cache")]
    assert "~/.cache/go-build" in cache["with"]["path"]
    assert "~/go/pkg/mod" in cache["with"]["path"]
    return Pipeline(
        "github-actions",
        workdir,
        command,
        f"{published}/junit.xml",
        f"{published}/coverage.xml",
    )


def _gitlab() -> Pipeline:
    data = yaml.safe_load((PIPELINES / "gitlab-ci.yml").read_text(encoding="utf-8"))
    job = data["tests"]
    script: list[str] = job["script"]
    cds = [line.split(None, 1)[1] for line in script if line.startswith("cd ")]
    (command,) = _pytest_lines(script)
    reports = job["artifacts"]["reports"]
    assert reports["coverage_report"]["coverage_format"] == "cobertura"
    variables = job["variables"]
    assert variables["GOCACHE"].startswith("$CI_PROJECT_DIR/.cache/")
    assert variables["GOMODCACHE"].startswith("$CI_PROJECT_DIR/.cache/")
    assert ".cache/" in job["cache"]["paths"]
    pattern = job["coverage"]
    assert pattern.startswith("/")
    assert pattern.endswith("/")
    return Pipeline(
        "gitlab-ci",
        cds[-1] if cds else ".",
        command,
        reports["junit"],
        reports["coverage_report"]["path"],
        pattern[1:-1],
    )


def _jenkins() -> Pipeline:
    text = (PIPELINES / "Jenkinsfile").read_text(encoding="utf-8")
    assert text.count("{") == text.count("}"), "unbalanced braces"
    block = re.search(r"dir\('([^']+)'\)\s*\{\s*sh '([^']+)'", text)
    assert block, "no dir('...') { sh '...' } step"
    junit = re.search(r"^\s*junit '([^']+)'", text, re.MULTILINE)
    cobertura = re.search(r"parser: 'COBERTURA', pattern: '([^']+)'", text)
    assert junit
    assert cobertura
    assert re.search(r"GOCACHE = '/", text)
    assert re.search(r"GOMODCACHE = '/", text)
    return Pipeline("jenkins", block.group(1), block.group(2), junit.group(1), cobertura.group(1))


PIPELINE_READERS = {"github-actions": _github, "gitlab-ci": _gitlab, "jenkins": _jenkins}


@dataclass
class PipelineRun:
    pipeline: Pipeline
    result: subprocess.CompletedProcess[str]
    junit: Path
    cobertura: Path


@pytest.fixture(scope="module")
def runs(
    tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]
) -> dict[str, PipelineRun]:
    checkout = tmp_path_factory.mktemp("ci-checkout")
    shutil.copytree(REPO / EXAMPLE, checkout / EXAMPLE)
    keep = tmp_path_factory.mktemp("ci-reports")
    done = {}
    for name, read in PIPELINE_READERS.items():
        pipeline = read()
        argv = shlex.split(pipeline.command)
        assert Path(argv[0]).name == "pytest", argv
        result = subprocess.run(
            [sys.executable, "-m", "pytest", *argv[1:]],
            cwd=checkout / pipeline.workdir,
            env=inner_env(go_env),
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
        # Move the published files away, so the next pipeline must write its own.
        published = {}
        for kind, path in (("junit", pipeline.junit), ("cobertura", pipeline.cobertura)):
            written = checkout / path
            assert written.is_file(), (name, path, result.stdout[-3000:], result.stderr[-3000:])
            published[kind] = keep / f"{name}-{kind}.xml"
            shutil.move(written, published[kind])
        done[name] = PipelineRun(pipeline, result, published["junit"], published["cobertura"])
    return done


@pytest.mark.parametrize("name", PIPELINE_READERS)
def test_the_pipeline_command_passes(runs: dict[str, PipelineRun], name: str) -> None:
    run = runs[name]
    assert run.result.returncode == 0, run.result.stdout[-3000:] + run.result.stderr[-3000:]
    # pytest 8 has no "subtests passed" category: the three Go subtests count as passed.
    counts = "8 passed, 1 skipped, 3 subtests passed"
    if pytest.version_tuple < (9,):
        counts = "11 passed, 1 skipped"
    assert f"= {counts} in " in run.result.stdout


@pytest.mark.parametrize("name", PIPELINE_READERS)
def test_junit_has_the_python_and_go_tests(runs: dict[str, PipelineRun], name: str) -> None:
    junit = runs[name].junit
    ET.parse(junit)
    assert JUnitXml.fromfile(str(junit)) is not None
    cases = junit_cases(junit_suite(junit))
    assert {key: junit_status(case) for key, case in cases.items()} == EXPECTED_CASES


def _cobertura(path: Path) -> ET.Element:
    root = ET.parse(path).getroot()
    assert root.tag == "coverage"
    return root


@pytest.mark.parametrize("name", PIPELINE_READERS)
def test_cobertura_has_the_python_and_go_files(runs: dict[str, PipelineRun], name: str) -> None:
    root = _cobertura(runs[name].cobertura)
    assert 0 < float(root.attrib["line-rate"]) < 1
    assert int(root.attrib["lines-valid"]) >= int(root.attrib["lines-covered"]) > 0
    sources = [Path(source.text or "") for source in root.iter("source")]
    files: dict[str, ET.Element] = {}
    for cls in root.iter("class"):
        # coverage.py names a file relative to the first <source> it is under.
        candidates = [source / cls.attrib["filename"] for source in sources]
        found = [path for path in candidates if path.is_file()]
        assert found, (cls.attrib["filename"], sources)
        workdir = runs[name].pipeline.workdir
        files[found[0].as_posix().split(f"{workdir}/", 1)[1]] = cls
    assert set(files) == COVERED_FILES
    for cls in files.values():
        lines = [(int(ln.attrib["number"]), int(ln.attrib["hits"])) for ln in cls.iter("line")]
        assert lines
        assert all(number > 0 and hits >= 0 for number, hits in lines)
    geometry = files["goshapes/geometry/geometry.go"]
    assert float(geometry.attrib["line-rate"]) == 1.0


def test_gitlab_reads_coverage_py_total_from_the_log(runs: dict[str, PipelineRun]) -> None:
    run = runs["gitlab-ci"]
    assert run.pipeline.coverage_pattern is not None
    found = re.findall(run.pipeline.coverage_pattern, run.result.stdout, re.MULTILINE)
    # GitLab takes the last match: coverage.py's total over the Python and Go files (the Go
    # report's own TOTAL comes first).
    assert len(found) == 2, run.result.stdout[-3000:]
    root = _cobertura(run.cobertura)
    assert float(found[-1]) == round(float(root.attrib["line-rate"]) * 100)


def test_every_pipeline_runs_the_same_command() -> None:
    """One command for the docs to explain: the pipelines differ only around it."""
    commands: set[Any] = {
        tuple(shlex.split(read().command)[1:]) for read in PIPELINE_READERS.values()
    }
    assert len(commands) == 1, commands


# -- Scaling out: the split pipelines (issue 14) -------------------------------------------------
# Each has a job per pytest-split group and a job merging the groups' reports. GitHub's matrix
# and GitLab's `parallel:` name the group and the number of groups differently; with those
# names replaced by $GROUP and $TOTAL, both pipelines run the same commands, so they run once:
# every group (side by side), then the merging job's commands, all through bash as CI would.

SPLIT_GROUPS = 2


@dataclass
class SplitPipeline:
    name: str
    workdir: str
    groups: int
    group_command: str
    group_env: dict[str, str]
    merge_commands: list[str]
    junit: str  # the merged JUnit file
    cobertura: str
    coverage_pattern: str | None = None


def _github_split() -> SplitPipeline:
    data = yaml.safe_load((PIPELINES / "github-actions-split.yml").read_text(encoding="utf-8"))
    tests, reports = data["jobs"]["tests"], data["jobs"]["reports"]
    assert reports["needs"] == "tests"
    workdir = tests["defaults"]["run"]["working-directory"]
    assert reports["defaults"]["run"]["working-directory"] == workdir
    (step,) = [s for s in tests["steps"] if re.match(r"^pytest\s", s.get("run", ""))]
    names = {"${{ matrix.group }}": "$GROUP", "${{ strategy.job-total }}": "$TOTAL"}

    def named(text: str) -> str:
        for old, new in names.items():
            text = text.replace(old, new)
        assert "${{" not in text, text
        return text

    uses = [s.get("uses", "").split("@")[0] for s in tests["steps"]]
    assert {"actions/cache/restore", "actions/cache/save", "actions/upload-artifact"} <= set(uses)
    (download,) = [s for s in reports["steps"] if "download-artifact" in s.get("uses", "")]
    assert download["with"]["path"].rstrip("/") == f"{workdir}/reports"
    (merge,) = [s for s in reports["steps"] if s.get("name") == "Merge the groups' reports"]
    return SplitPipeline(
        "github-actions-split",
        workdir,
        len(tests["strategy"]["matrix"]["group"]),
        named(step["run"]),
        {key: named(value) for key, value in step.get("env", {}).items()},
        merge["run"].strip().splitlines(),
        "reports/junit.xml",
        "reports/coverage.xml",
    )


def _gitlab_split() -> SplitPipeline:
    data = yaml.safe_load((PIPELINES / "gitlab-ci-split.yml").read_text(encoding="utf-8"))
    tests, reports = data["tests"], data["reports"]
    assert reports["needs"] == ["tests"]
    cds = [line.split(None, 1)[1] for line in tests["script"] if line.startswith("cd ")]
    (command,) = _pytest_lines(tests["script"])
    names = {"$CI_NODE_INDEX": "$GROUP", "$CI_NODE_TOTAL": "$TOTAL"}

    def named(text: str) -> str:
        for old, new in names.items():
            text = text.replace(old, new)
        return text

    assert tests["cache"]["key"] == "go-group-$CI_NODE_INDEX"
    env = {k: named(v) for k, v in tests["variables"].items() if not k.endswith("CACHE_DIR")}
    env = {k: v for k, v in env.items() if k not in ("GOCACHE", "GOMODCACHE")}
    prefix = f"{cds[-1]}/"
    assert tests["artifacts"]["reports"]["junit"] == f"{prefix}reports/junit-*.xml"
    coverage_report = reports["artifacts"]["reports"]["coverage_report"]
    assert coverage_report["coverage_format"] == "cobertura"
    return SplitPipeline(
        "gitlab-ci-split",
        cds[-1],
        int(tests["parallel"]),
        named(command),
        env,
        [line for line in reports["script"] if not line.startswith("cd ")],
        "reports/junit.xml",
        coverage_report["path"].removeprefix(prefix),
        reports["coverage"][1:-1],
    )


@dataclass
class SplitRun:
    groups: list[subprocess.CompletedProcess[str]]
    merges: list[subprocess.CompletedProcess[str]]
    root: Path
    pipelines: tuple[SplitPipeline, SplitPipeline]


def _bash_env(go_env: dict[str, str], extra: dict[str, str]) -> dict[str, str]:
    env = inner_env(go_env, extra)
    # `pytest`, `coverage`, `junitparser` and `python` as the pipeline's pip install gives them.
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    return env


@pytest.fixture(scope="module")
def split_run(tmp_path_factory: pytest.TempPathFactory, go_env: dict[str, str]) -> SplitRun:
    github, gitlab = _github_split(), _gitlab_split()
    for field in ("workdir", "groups", "group_command", "group_env", "merge_commands"):
        assert getattr(github, field) == getattr(gitlab, field), field
    assert github.groups == SPLIT_GROUPS
    checkout = tmp_path_factory.mktemp("ci-split")
    shutil.copytree(REPO / EXAMPLE, checkout / EXAMPLE)
    root = checkout / github.workdir
    started = []
    for group in range(1, github.groups + 1):
        names = {"GROUP": str(group), "TOTAL": str(github.groups)}
        extra = {k: v.replace("$GROUP", names["GROUP"]) for k, v in github.group_env.items()}
        started.append(
            subprocess.Popen(
                ["bash", "-c", github.group_command],
                cwd=root,
                env=_bash_env(go_env, {**extra, **names}),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    groups = []
    for process in started:
        stdout, stderr = finish(process, timeout=300)
        groups.append(subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr))
    merges = [
        subprocess.run(
            ["bash", "-c", command],
            cwd=root,
            env=_bash_env(go_env, {}),
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        for command in github.merge_commands
    ]
    return SplitRun(groups, merges, root, (github, gitlab))


def test_split_pipelines_groups_and_merges_succeed(split_run: SplitRun) -> None:
    for done in [*split_run.groups, *split_run.merges]:
        assert done.returncode == 0, (done.args, done.stdout[-3000:], done.stderr[-3000:])
    ran = [re.search(r"= (.*) in [\d.]+s", done.stdout) for done in split_run.groups]
    assert all(ran), [done.stdout[-2000:] for done in split_run.groups]


def test_split_pipelines_merged_junit_is_the_whole_run(split_run: SplitRun) -> None:
    for pipeline in split_run.pipelines:
        junit = split_run.root / pipeline.junit
        suites = list(JUnitXml.fromfile(str(junit)))
        assert len(suites) == SPLIT_GROUPS
        cases = {
            (str(case.classname), str(case.name)): junit_status(case)
            for suite in suites
            for case in suite
        }
        assert cases == EXPECTED_CASES


def test_split_pipelines_merged_coverage_has_the_python_and_go_files(split_run: SplitRun) -> None:
    (github, gitlab) = split_run.pipelines
    assert github.cobertura == gitlab.cobertura
    root = _cobertura(split_run.root / github.cobertura)
    files = {cls.attrib["filename"]: cls for cls in root.iter("class")}
    assert set(files) == COVERED_FILES
    assert float(files["goshapes/geometry/geometry.go"].attrib["line-rate"]) == 1.0
    profile = (split_run.root / "reports" / "go-coverage.out").read_text(encoding="utf-8")
    assert profile.startswith("mode: ")
    assert "example.com/goshapes/geometry/geometry.go:" in profile
    # GitLab's `coverage:` reads the merging job's `coverage report` total.
    assert gitlab.coverage_pattern is not None
    log = "".join(done.stdout for done in split_run.merges)
    found = re.findall(gitlab.coverage_pattern, log, re.MULTILINE)
    assert found == [str(round(float(root.attrib["line-rate"]) * 100))], log[-2000:]
