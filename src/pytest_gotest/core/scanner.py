"""Top-level test functions of a Go test file, found without compiling anything.

Pure core: no pytest import. ``go test -list`` would compile and run every package (and its
init()), so collection reads the source instead. A small tokenizer skips comments, strings and
runes, tracks brace depth, and reports ``func`` declarations at depth 0 the way cmd/go's
``load/test.go`` (``isTestFunc``, ``isTest``) judges them:

- ``TestXxx(t *testing.T)``, ``FuzzXxx(f *testing.F)``: the character after the prefix must not
  be a lower-case letter, the single parameter a pointer to ``T``/``F`` (any import alias);
- ``ExampleXxx()`` runs only with an ``// Output:`` or ``// Unordered output:`` comment as the
  last comment of its body (``go/doc`` example rules);
- ``TestMain(m *testing.M)`` is not a test but marks the package.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final, Literal

__all__ = ["GoFunc", "scan_source"]

Kind = Literal["test", "fuzz", "example", "testmain"]

# Every token starts with one of / ` " ' { } f. Each match first skips (possessively) a run of
# bytes that cannot start one, then takes a token, or else the single byte where none starts
# (a lone `/`, the `f` of `if`), or the end of the source (without it a long final run would be
# skipped again from every position: quadratic). Matches tile the source, so the engine never
# retries the eight alternatives at every byte (3x faster on test files). Tokens are read at
# ``start(group)``.
_TOKEN_RE: Final = re.compile(
    rb"""
    [^/`"'{}f]*+
    (?:
      (?P<line_comment>//[^\n]*)
    | (?P<block_comment>/\*.*?\*/)
    | (?P<raw_string>`[^`]*`)
    | (?P<string>"(?:[^"\\\n]|\\.)*")
    | (?P<rune>'(?:[^'\\\n]|\\.)*')
    | (?P<open>\{)
    | (?P<close>\})
    | (?P<func>(?<![\w.])func\b)
    | .
    | \Z
    )
    """,
    re.VERBOSE | re.DOTALL,
)
# After `func` at depth 0: a plain function (methods start with a receiver in parentheses).
# Identifiers may be Unicode (`TestÉcole` is a test): any non-ASCII byte counts as a letter.
# A block comment may stand where a space does (`func /* c */ TestX`: go runs it).
_DECL_RE: Final = re.compile(
    rb"(?:\s|/\*(?:[^*]|\*(?!/))*\*/)+"
    rb"([A-Za-z_\x80-\xff][\w\x80-\xff]*)\s*(\[[^\]]*\])?\s*\(([^)]*)\)"
)
_OUTPUT_RE: Final = re.compile(rb"^\s*(?:unordered )?output:", re.IGNORECASE)
# `t *testing.T`, `t *T` (dot import), `*testing.T` (unnamed): capture the type name.
_PARAM_RE: Final = re.compile(
    rb"^\s*(?:[A-Za-z_]\w*\s+)?\*\s*(?:[A-Za-z_]\w*\s*\.\s*)?([A-Za-z_]\w*)\s*$"
)


@dataclass(frozen=True)
class GoFunc:
    name: str
    kind: Kind
    line: int  # 1-based line of the `func` keyword


def _is_test_name(name: str, prefix: str) -> bool:
    if not name.startswith(prefix):
        return False
    rest = name[len(prefix) :]
    # Go's unicode.IsLower: the letter category Ll only (str.islower() also takes letters
    # such as ª and ʰ, which Go counts as "not lower": Testª is a test).
    return not rest or unicodedata.category(rest[0]) != "Ll"


def _param_type(params: bytes) -> str | None:
    """``*testing.T`` -> ``T`` when the list holds exactly one pointer parameter."""
    params = params.strip().rstrip(b",")  # gofmt's trailing comma in multi-line lists
    if b"," in params:
        return None
    match = _PARAM_RE.match(params)
    return match.group(1).decode() if match else None


def _classify(name: str, type_params: bytes | None, params: bytes) -> Kind | None:
    if type_params:
        return None  # generic functions are never tests
    if name == "TestMain" and _param_type(params) == "M":
        return "testmain"  # TestMain(t *testing.T) is an ordinary test (cmd/go load/test.go)
    if _is_test_name(name, "Test"):
        return "test" if _param_type(params) == "T" else None
    if _is_test_name(name, "Fuzz"):
        return "fuzz" if _param_type(params) == "F" else None
    if _is_test_name(name, "Example"):
        return "example" if not params.strip() else None
    return None


def _body_follows(source: bytes, end: int) -> bool:
    """The declaration's body starts right after its parameters: no results."""
    return source[end : end + 256].lstrip().startswith(b"{")


def _is_output_comment(comment: bytes) -> bool:
    if comment.startswith(b"//"):
        return bool(_OUTPUT_RE.match(comment[2:]))
    return bool(_OUTPUT_RE.match(comment[2:-2].lstrip()))


def scan_source(source: bytes) -> list[GoFunc]:
    """Test, fuzz, runnable example and TestMain functions declared in ``source``."""
    found: list[GoFunc] = []
    depth = 0
    # The example whose body we are in, and the last comment seen inside it.
    example: tuple[str, int] | None = None
    example_depth = 0
    last_comment: bytes | None = None  # first comment of the last comment group in the body
    last_comment_end = -1
    after_trailing = False
    line, line_pos = 1, 0
    for match in _TOKEN_RE.finditer(source):
        group = match.lastgroup
        if group is None:
            continue  # a byte that starts no token
        if group == "open":
            depth += 1
        elif group == "close":
            depth -= 1
            if example is not None and depth == example_depth:
                if last_comment is not None and _is_output_comment(last_comment):
                    found.append(GoFunc(example[0], "example", example[1]))
                example = None
        elif group in ("line_comment", "block_comment"):
            if example is not None:
                start = match.start(group)
                # Adjacent `//` lines form one comment group (go/ast); the output comment is
                # the group that starts with "Output:".
                # A comment after code on the same line is a group of its own (go/parser's
                # line comment), and so is whatever follows it.
                between = source[last_comment_end:start]
                line_start = source.rfind(b"\n", 0, start) + 1
                trailing = bool(source[line_start:start].strip())
                if (
                    last_comment is None
                    or after_trailing
                    or trailing
                    or between.strip()
                    or between.count(b"\n") > 1
                ):
                    last_comment = match.group(group)
                after_trailing = trailing
                last_comment_end = match.end()
        elif group == "func" and depth == 0:
            decl = _DECL_RE.match(source, match.end())
            if decl is None:
                continue
            name = decl.group(1).decode("utf-8", "replace")
            kind = _classify(name, decl.group(2), decl.group(3))
            if kind == "example" and not _body_follows(source, decl.end()):
                kind = None  # an Example with results is no example to go (go/doc)
            start = match.start(group)
            line += source.count(b"\n", line_pos, start)
            line_pos = start
            if kind == "example":
                example, example_depth, last_comment = (name, line), depth, None
                last_comment_end = match.end()
            elif kind is not None:
                found.append(GoFunc(name, kind, line))
    return found
