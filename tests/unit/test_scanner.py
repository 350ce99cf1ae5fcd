"""scan_source: the Test/Fuzz/Example/TestMain functions cmd/go would find in a _test.go file.

The rules are cmd/go's ``load/test.go`` (``isTest``, ``isTestFunc``) and go/doc's example rules
(the output comment must be the last comment group of the body).
"""

from __future__ import annotations

import textwrap

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pytest_gotest.core.scanner import GoFunc, scan_source


def scan(source: str) -> list[GoFunc]:
    return scan_source(textwrap.dedent(source).encode())


def names(source: str) -> list[str]:
    return [f.name for f in scan(source)]


def kinds(source: str) -> dict[str, str]:
    return {f.name: f.kind for f in scan(source)}


# -- tests and their signatures ---------------------------------------------------------------


def test_plain_test() -> None:
    source = """\
    package p

    import "testing"

    func TestAdd(t *testing.T) {
        if 1+1 != 2 {
            t.Fatal("math")
        }
    }
    """
    assert scan(source) == [GoFunc("TestAdd", "test", 5)]


def test_aliased_testing_import() -> None:
    source = """\
    package p

    import tst "testing"

    func TestAliased(t *tst.T) {}
    func TestSpaced(t * tst . T) {}
    """
    assert names(source) == ["TestAliased", "TestSpaced"]


def test_dot_import() -> None:
    source = """\
    package p

    import . "testing"

    func TestDot(t *T) {}
    """
    assert kinds(source) == {"TestDot": "test"}


def test_unnamed_parameter() -> None:
    assert names("package p\nfunc TestUnnamed(*testing.T) {}\n") == ["TestUnnamed"]


@pytest.mark.parametrize(
    ("name", "is_test"),
    [
        ("Test", True),  # "Test" alone is a test
        ("TestX", True),
        ("Test_under", True),
        ("Test1", True),
        ("TestÉcole", True),  # upper-case Unicode letter after the prefix
        ("TestΩmega", True),
        ("Testlower", False),
        ("Testing", False),
        ("Testécole", False),  # lower-case Unicode letter after the prefix
        ("Tes", False),
        ("XTest", False),
        ("test", False),
    ],
)
def test_test_name_rules(name: str, is_test: bool) -> None:
    found = scan_source(f"package p\n\nfunc {name}(t *testing.T) {{}}\n".encode())
    assert found == ([GoFunc(name, "test", 3)] if is_test else [])


@pytest.mark.parametrize(
    "signature",
    [
        "(t testing.T)",  # not a pointer
        "(b *testing.B)",
        "(m *testing.M)",
        "(f *testing.F)",
        "()",
        "(t *testing.T, x int)",
        "(t, u *testing.T)",
        "(t *testing.TB)",
        "(t *[]testing.T)",
    ],
)
def test_wrong_parameter_is_not_a_test(signature: str) -> None:
    assert scan_source(f"package p\nfunc TestX{signature} {{}}\n".encode()) == []


def test_methods_are_not_tests() -> None:
    source = """\
    package p

    type S struct{}

    func (s S) TestMethod(t *testing.T) {}
    func (s *S) TestPtr(t *testing.T) {}
    func (S) TestAnon(t *testing.T) {}
    """
    assert scan(source) == []


def test_generic_functions_are_not_tests() -> None:
    source = """\
    package p

    func TestGeneric[T any](t *testing.T) {}
    func FuzzGeneric[T any](f *testing.F) {}
    func ExampleGeneric[T any]() {
        // Output:
    }
    func TestAfter(t *testing.T) {}
    """
    assert names(source) == ["TestAfter"]


def test_function_literals_and_types_are_not_declarations() -> None:
    source = """\
    package p

    var TestVar = func(t *testing.T) {}

    type TestType func(t *testing.T)

    var (
        f = func() {}
    )

    func TestReal(t *testing.T) {
        inner := func(t *testing.T) {}
        _ = inner
    }
    """
    assert scan(source) == [GoFunc("TestReal", "test", 11)]


def test_testmain_and_fuzz_and_kinds() -> None:
    source = """\
    package p

    import "testing"

    func TestMain(m *testing.M) { m.Run() }

    func FuzzReverse(f *testing.F) {
        f.Fuzz(func(t *testing.T, s string) {})
    }

    func Fuzzy(f *testing.F) {}

    func BenchmarkX(b *testing.B) {}
    """
    assert scan(source) == [
        GoFunc("TestMain", "testmain", 5),
        GoFunc("FuzzReverse", "fuzz", 7),
    ]


def test_testmain_with_testing_t_is_a_test() -> None:
    assert scan("package p\nfunc TestMain(t *testing.T) {}\n") == [GoFunc("TestMain", "test", 2)]


def test_multi_line_signature_with_trailing_comma() -> None:
    source = """\
    package p

    func TestLong(
        t *testing.T,
    ) {
    }
    """
    assert scan(source) == [GoFunc("TestLong", "test", 3)]


def test_multi_line_signature_without_comma() -> None:
    source = "package p\n\nfunc TestLong(\n\tt *testing.T) {\n}\n"
    assert scan_source(source.encode()) == [GoFunc("TestLong", "test", 3)]


# -- examples ---------------------------------------------------------------------------------


def test_example_with_output() -> None:
    source = """\
    package p

    func ExampleGreet() {
        Greet("world")
        // Output: hello world
    }
    """
    assert scan(source) == [GoFunc("ExampleGreet", "example", 3)]


def test_example_with_empty_output_runs() -> None:
    source = """\
    package p

    func ExampleEmpty() {
        // Output:
    }
    """
    assert kinds(source) == {"ExampleEmpty": "example"}


def test_example_with_multi_line_unordered_output() -> None:
    source = """\
    package p

    func ExampleUnordered() {
        fmt.Println("b")
        fmt.Println("a")
        // Unordered output:
        // a
        // b
    }

    func ExampleCase() {
        fmt.Println("a")
        // OUTPUT:
        // a
    }
    """
    assert names(source) == ["ExampleUnordered", "ExampleCase"]


def test_example_with_block_comment_output() -> None:
    source = """\
    package p

    func ExampleBlock() {
        fmt.Println("a")
        /* Output: a */
    }

    func ExampleBlockMultiLine() {
        fmt.Println("a")
        /*
           Output:
           a
        */
    }
    """
    assert names(source) == ["ExampleBlock", "ExampleBlockMultiLine"]


def test_example_without_output_is_not_collected() -> None:
    source = """\
    package p

    func ExampleNoOutput() {
        Greet("never run")
    }

    func ExampleOtherComment() {
        Greet("x")
        // This prints hello.
    }

    func ExampleOutputNotFirst() {
        Greet("x")
        // Prints:
        // Output: hello
    }
    """
    assert scan(source) == []


def test_example_whose_output_comment_is_not_the_last_group() -> None:
    source = """\
    package p

    func ExampleBlankLineThenNote() {
        fmt.Println("a")
        // Output: a

        // a trailing note
    }

    func ExampleCodeThenNote() {
        // Output: a
        fmt.Println("a") // trailing
    }

    func ExampleRunnable() {
        fmt.Println("a")
        // Output: a
    }
    """
    assert names(source) == ["ExampleRunnable"]


def test_output_comment_trailing_code_starts_a_group_of_its_own() -> None:
    source = """\
    package p

    func ExampleSameLine() {
        fmt.Println("a") // Output:
        // a
    }
    """
    assert scan(source) == []


def test_unordered_output_needs_exactly_one_space() -> None:
    source = """\
    package p

    func ExampleTwoSpaces() {
        fmt.Println("a")
        // Unordered  output:
        // a
    }
    """
    assert scan(source) == []


def test_example_output_inside_nested_block_still_counts() -> None:
    # go/doc takes the last comment group anywhere inside the body.
    source = """\
    package p

    func ExampleNested() {
        if true {
            fmt.Println("a")
            // Output: a
        }
    }
    """
    assert names(source) == ["ExampleNested"]


def test_example_output_comment_after_the_body_does_not_count() -> None:
    source = """\
    package p

    func ExampleX() {
        fmt.Println("a")
    }

    // Output: a
    """
    assert scan(source) == []


@pytest.mark.parametrize(
    "signature",
    [
        "ExampleParam(x int)",
        "Examplelower()",
        "ExampleGeneric[T any]()",
        # go/doc takes no function with results for an example; go never runs it.
        "ExampleResult() int",
        "ExampleResults() (int, error)",
    ],
)
def test_examples_that_go_never_runs(signature: str) -> None:
    source = f"package p\n\nfunc {signature} {{\n\t// Output: x\n}}\n"
    assert scan_source(source.encode()) == []


def test_names_go_counts_as_tests() -> None:
    """Go's rule: after the prefix, anything but a letter of category Ll (unicode.IsLower).
    Python's islower() also takes ª and ʰ (Lo and Lm letters with a lower-case property);
    Go runs Testª. A block comment may stand between func and the name."""
    source = """\
    package p

    import "testing"

    func Testª(t *testing.T) {}
    func Testʰx(t *testing.T) {}
    func Testé(t *testing.T) {}
    func Testǅ(t *testing.T) {}
    func /* c */ TestComment(t *testing.T) {}
    """
    assert names(source) == ["Testª", "Testʰx", "Testǅ", "TestComment"]


def test_example_names() -> None:
    source = """\
    package p

    func Example() {
        // Output: a
    }

    func ExampleT_Method() {
        // Output: a
    }

    func ExampleF_suffix() {
        // Output: a
    }
    """
    assert names(source) == ["Example", "ExampleT_Method", "ExampleF_suffix"]


# -- the tokenizer: strings, comments, runes, depth --------------------------------------------


def test_funcs_inside_comments_and_strings_are_ignored() -> None:
    source = """\
    package p

    // func TestInLineComment(t *testing.T) {}

    /*
    func TestInBlockComment(t *testing.T) {}
    */

    var raw = `
    func TestInRawString(t *testing.T) {}
    `

    var s = "func TestInString(t *testing.T) {}"

    func TestReal(t *testing.T) {}
    """
    assert scan(source) == [GoFunc("TestReal", "test", 15)]


def test_braces_inside_strings_runes_and_comments_do_not_change_depth() -> None:
    source = """\
    package p

    func helper() {
        s := "{{{ \\" {"
        r := '{'
        q := '\\''
        d := '"'
        raw := `}}}`
        // }
        /* } */
        _ = s + raw
    }

    func TestAfterBraces(t *testing.T) {}
    """
    assert scan(source) == [GoFunc("TestAfterBraces", "test", 14)]


def test_nested_func_at_depth_is_not_top_level() -> None:
    source = """\
    package p

    func outer() {
        {
            func TestNotTopLevel(t *testing.T) {}
        }
    }
    """
    assert scan(source) == []


def test_identifiers_ending_in_func_are_not_the_keyword() -> None:
    source = "package p\n\nvar myfunc = 1\nvar x = pkg.func\n\nfunc TestOK(t *testing.T) {}\n"
    assert names(source) == ["TestOK"]


def test_line_numbers_are_one_based_and_count_every_newline() -> None:
    source = (
        b"// Copyright\n"  # 1
        b"\n"  # 2
        b"package p\n"  # 3
        b"\n"  # 4
        b"/* a\n"  # 5
        b"   b */\n"  # 6
        b"var s = `x\n"  # 7
        b"y`\n"  # 8
        b"func TestA(t *testing.T) {\n"  # 9
        b"}\n"  # 10
        b"func Test\xc3\x89cole(t *testing.T) {}\n"  # 11
        b"\n"  # 12
        b"func FuzzB(f *testing.F) {}\n"  # 13
    )
    assert scan_source(source) == [
        GoFunc("TestA", "test", 9),
        GoFunc("TestÉcole", "test", 11),
        GoFunc("FuzzB", "fuzz", 13),
    ]


def test_first_line() -> None:
    assert scan_source(b"func TestFirst(t *testing.T) {}") == [GoFunc("TestFirst", "test", 1)]


def test_crlf_line_endings() -> None:
    source = b"package p\r\n\r\nfunc TestCRLF(t *testing.T) {\r\n}\r\n"
    assert scan_source(source) == [GoFunc("TestCRLF", "test", 3)]


def test_source_order_is_kept() -> None:
    source = "package p\n" + "".join(f"func Test{c}(t *testing.T) {{}}\n" for c in "ZYXABC")
    assert names(source) == [f"Test{c}" for c in "ZYXABC"]


def test_empty_and_garbage_sources() -> None:
    assert scan_source(b"") == []
    assert scan_source(b"\xff\xfe\x00") == []
    assert scan_source(b"func") == []
    assert scan_source(b"func TestX(") == []
    assert scan_source(b"func TestX(t *testing.T) {") == [GoFunc("TestX", "test", 1)]


# -- properties -------------------------------------------------------------------------------


@settings(max_examples=300)
@given(st.binary(max_size=2000))
def test_scan_source_never_raises_on_arbitrary_bytes(source: bytes) -> None:
    for found in scan_source(source):
        assert found.kind in ("test", "fuzz", "example", "testmain")
        assert found.line >= 1


_fragments = st.sampled_from(
    [
        b"func ", b"Test", b"Example", b"Fuzz", b"Main", b"X", b"(t *testing.T)", b"()",
        b"(f *testing.F)", b"(m *testing.M)", b" {", b"}", b"{", b"\n", b"// Output: x\n",
        b"/* ", b" */", b"`", b'"', b"'", b"\\", b"[T any]", b"(", b")", b"\xc3\x89", b" ",
    ]
)  # fmt: skip


@settings(max_examples=300)
@given(st.lists(_fragments, max_size=60))
def test_scan_source_never_raises_on_go_like_fragments(parts: list[bytes]) -> None:
    source = b"".join(parts)
    lines = source.count(b"\n") + 1
    for found in scan_source(source):
        assert 1 <= found.line <= lines
