"""The plugin's outcomes against go test's, test by test, on real modules at pinned versions.

Not a timing: a check that what pytest reports is what Go says, on modules nobody wrote for
this project. For each module (fetched through the Go module proxy into ``WORK/parity/NAME``,
with ``bench_real.py``'s ``pytest.ini``): one raw ``go test -json [FLAGS] ./...`` and one
``pytest -q --junitxml`` with the same flags, then every top-level test's outcomes (the test
and its subtests, counted) compared. Streams and JUnit files go to ``WORK/parity/logs``, not
into the module: a file added to the module's directory changes what tests that list it see,
and with it Go's test cache.

What it prints per module: Go's counts, pytest's summary line, and the differences:

* ``only go test`` and ``different`` are mismatches (the script exits 1);
* ``only the plugin`` lists tests Go did not report at all: every test of a package that did
  not build (Go reports the package once), or that its binary never reached (a crash, a
  ``TestMain`` that exits before ``m.Run``), which the plugin errors as not run, by design.

A test that passed the runs it had, fewer than ``-count`` or ``-cpu`` ask for (the binary died
before its later runs), counts as an error on go test's side too: the plugin errors it (run N
never started), by design.

Usage: ``python benchmarks/parity.py [--modules NAME,...] [--pytest-args "-n 2"]
[--go-flags "-race"]`` (``--go-flags``: more go test flags for both runs of every module, a
run mode such as ``-race``, ``-shuffle=on``, ``-cpu=1,2``, ``-count=2``); the
modules and their pinned versions and flags are ``MODULES`` below (``--list`` prints them).
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

HERE: Final = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from _common import BenchError  # noqa: E402
from _realmods import (  # noqa: E402
    Workload,
    diff_outcomes,
    go_counts,
    go_outcomes,
    junit_outcomes,
    prepare_workload,
)

DEFAULT_WORK: Final = HERE / "_work"


@dataclass(frozen=True)
class Module:
    path: str
    version: str
    flags: tuple[str, ...] = ()  # go test flags for both runs (-short: slow or root-only tests)
    # pytest arguments of the plugin's run only: a polyglot module's Python tests that need
    # a build first are left out (pytest stops at collection errors, as it should).
    pytest_args: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return self.path.replace("/", "_")


# Checked on 2026-12-04/05 (Go 1.26.8): every outcome matched (docs/performance.md,
# "2026-12-05"). Modules with failing tests are kept: failures must match too.
MODULES: Final = (
    Module("github.com/google/uuid", "v1.6.0"),
    Module("github.com/spf13/pflag", "v1.1.0"),
    Module("github.com/BurntSushi/toml", "v1.6.0"),
    Module("github.com/cespare/xxhash/v2", "v2.3.0"),
    Module("github.com/google/btree", "v1.1.3"),
    Module("github.com/gorilla/mux", "v1.8.1"),
    Module("github.com/hashicorp/go-version", "v1.9.0"),
    Module("github.com/hashicorp/golang-lru/v2", "v2.0.7"),
    Module("github.com/Masterminds/semver/v3", "v3.5.0"),
    Module("github.com/oklog/ulid/v2", "v2.1.2"),
    Module("github.com/pelletier/go-toml/v2", "v2.4.3"),
    Module("github.com/rogpeppe/go-internal", "v1.16.0"),
    Module("github.com/shopspring/decimal", "v1.6.0"),
    Module("github.com/sirupsen/logrus", "v1.10.2"),
    Module("github.com/spf13/cobra", "v1.10.2"),
    Module("github.com/tidwall/gjson", "v1.20.4"),
    Module("go.uber.org/multierr", "v1.11.0"),
    Module("go.uber.org/goleak", "v1.3.0"),
    Module("go.uber.org/zap", "v1.28.0"),
    Module("golang.org/x/sync", "v0.25.0"),
    Module("golang.org/x/mod", "v0.43.0"),
    Module("gopkg.in/yaml.v3", "v3.0.1"),
    Module("github.com/samber/lo", "v1.53.0"),
    Module("github.com/urfave/cli/v2", "v2.27.7"),
    Module("github.com/alecthomas/kong", "v1.17.0"),
    Module("github.com/go-chi/chi/v5", "v5.5.0"),
    Module("golang.org/x/text", "v0.44.0"),
    Module("github.com/json-iterator/go", "v1.1.12"),
    Module("github.com/go-playground/validator/v10", "v10.30.6"),
    Module("github.com/fatih/color", "v1.19.0"),
    Module("github.com/segmentio/ksuid", "v1.0.4"),
    Module("go.uber.org/atomic", "v1.12.0"),
    Module("golang.org/x/term", "v0.48.0"),
    Module("github.com/mattn/go-isatty", "v0.0.24"),
    Module("github.com/cenkalti/backoff/v4", "v4.3.0"),
    Module("github.com/fsnotify/fsnotify", "v1.10.1"),
    Module("github.com/gin-gonic/gin", "v1.12.0"),
    Module("github.com/golang-jwt/jwt/v5", "v5.3.1"),
    Module("github.com/gorilla/websocket", "v1.5.3"),
    Module("github.com/jmoiron/sqlx", "v1.4.0"),
    Module("github.com/labstack/echo/v4", "v4.16.5"),
    Module("github.com/pierrec/lz4/v4", "v4.1.33"),
    Module("github.com/prometheus/client_golang", "v1.25.0"),
    Module("github.com/robfig/cron/v3", "v3.0.1"),
    Module("github.com/rs/zerolog", "v1.35.1"),
    Module("github.com/spf13/afero", "v1.15.0"),
    Module("github.com/spf13/viper", "v1.21.0"),
    Module("golang.org/x/time", "v0.16.0", ("-count=1",)),
    Module("github.com/dustin/go-humanize", "v1.1.0", ("-count=1",)),
    Module("github.com/mattn/go-sqlite3", "v1.14.53", ("-count=1",)),
    Module("github.com/expr-lang/expr", "v1.17.8", ("-count=1",)),
    Module("go.etcd.io/bbolt", "v1.5.0", ("-short",)),
    Module("golang.org/x/net", "v0.63.0", ("-short",)),
    Module("golang.org/x/crypto", "v0.59.0", ("-short",)),
    # Checked on 2026-12-05 (Go 1.26.8): fuzz seeds, examples, property tests, testscript,
    # TestMain-run servers, asm, testdata-driven suites.
    Module("github.com/fxamacker/cbor/v2", "v2.9.0"),
    Module("github.com/goccy/go-json", "v0.10.5"),
    Module("github.com/goccy/go-yaml", "v1.19.2"),
    Module("github.com/go-viper/mapstructure/v2", "v2.5.0"),
    Module("github.com/golang/snappy", "v1.0.0"),
    Module("github.com/andybalholm/brotli", "v1.2.0"),
    Module("github.com/hashicorp/hcl/v2", "v2.24.0"),
    Module("github.com/alecthomas/chroma/v2", "v2.27.0"),
    Module("github.com/DATA-DOG/go-sqlmock", "v1.5.2", ("-timeout=20s",)),  # a test hangs
    Module("github.com/alicebob/miniredis/v2", "v2.40.0"),
    Module("github.com/golang/mock", "v1.6.0"),
    Module("github.com/emirpasic/gods", "v1.18.1"),
    Module("github.com/dgraph-io/ristretto/v2", "v2.4.2", ("-short",)),
    Module("github.com/golang/protobuf", "v1.5.4"),
    Module("github.com/gomodule/redigo", "v1.9.3"),
    Module("github.com/tidwall/buntdb", "v1.3.0"),
    Module("github.com/bits-and-blooms/bitset", "v1.29.0"),
    Module("github.com/bmatcuk/doublestar/v4", "v4.10.4"),
    Module("go.uber.org/dig", "v1.19.0"),
    Module("go.uber.org/fx", "v1.24.0"),
    Module("gotest.tools/v3", "v3.5.2"),
    # A fixed seed: a subtest of its own tests skips or passes by the random seed (and
    # -rapid.seed=1 makes TestDataVis take 24 GB: OOM-killed, a case now in the crashes
    # fixture).
    Module("pgregory.net/rapid", "v1.3.0", ("-short", "-rapid.seed=42")),
    Module(
        "github.com/google/go-jsonnet",
        "v0.22.0",
        pytest_args=("--ignore=python", "--ignore=c-bindings-tests"),
    ),
    Module("github.com/yuin/gopher-lua", "v1.1.2"),
    Module("github.com/tinylib/msgp", "v1.6.5"),
    Module("github.com/vmihailenco/msgpack/v5", "v5.4.1"),
    Module("github.com/ulikunitz/xz", "v0.5.17"),
    Module("github.com/zeebo/xxh3", "v1.1.0"),
    Module("golang.org/x/sys", "v0.50.0", ("-short", "-timeout=60s")),  # a test hangs here
    Module("github.com/google/cel-go", "v0.31.0", ("-short",)),
    Module("github.com/cockroachdb/apd/v3", "v3.2.3", ("-short",)),
    Module("mvdan.cc/sh/v3", "v3.14.1", ("-short",)),
    Module("go.starlark.net", "v0.0.0-20260908191801-89a6a09411d5"),
    Module("github.com/gomarkdown/markdown", "v0.0.0-20261107153045-a51d70be185e"),
    Module("github.com/hashicorp/go-immutable-radix/v2", "v2.1.0"),
    Module("github.com/cucumber/godog", "v0.16.0"),
    Module("github.com/creack/pty", "v1.1.24"),
    Module("github.com/benbjohnson/clock", "v1.3.5"),
    Module("go.uber.org/mock", "v0.6.0"),
    Module("github.com/xeipuuv/gojsonschema", "v1.2.0"),
    Module("github.com/tidwall/btree", "v1.8.2"),
    Module("github.com/dlclark/regexp2/v2", "v2.13.0"),
    Module("github.com/gofrs/flock", "v0.13.2"),
    Module("github.com/google/renameio/v2", "v2.0.2"),
    Module("github.com/gorilla/schema", "v1.4.1"),
    Module("github.com/h2non/gock", "v1.2.0"),
    Module("github.com/avast/retry-go/v4", "v4.7.0"),
    Module("github.com/caarlos0/env/v11", "v11.4.2"),
    Module("go.yaml.in/yaml/v3", "v3.0.6"),
    Module("github.com/zclconf/go-cty", "v1.20.0"),
    # Added 2026-12-05 (second batch): databases absent (skips and failures must match),
    # ginkgo/gomega suites, terminal libraries, asm-heavy compression, interpreters.
    Module("github.com/klauspost/compress", "v1.20.5", ("-short",)),
    Module("github.com/spf13/cast", "v1.10.0"),
    Module("github.com/lib/pq", "v1.12.3"),
    Module("github.com/jackc/pgx/v5", "v5.13.0"),
    Module("github.com/PuerkitoBio/goquery", "v1.14.0"),
    Module("github.com/Masterminds/sprig/v3", "v3.3.0"),
    Module("github.com/hashicorp/go-multierror", "v1.1.1"),
    Module("github.com/olekukonko/tablewriter", "v1.1.5"),
    Module("github.com/mattn/go-runewidth", "v0.0.31"),
    Module("github.com/rivo/uniseg", "v0.4.7"),
    Module("github.com/buger/jsonparser", "v1.6.1"),
    Module("github.com/mailru/easyjson", "v0.9.2"),
    Module("github.com/pkg/sftp", "v1.13.12", ("-short",)),
    Module("github.com/rs/xid", "v1.6.0"),
    Module("github.com/mitchellh/mapstructure", "v1.5.0"),
    Module("github.com/gobwas/glob", "v1.1.0"),
    Module("github.com/go-sql-driver/mysql", "v1.11.0"),
    Module("github.com/syndtr/goleveldb", "v1.0.0", ("-short",)),
    Module("github.com/beevik/etree", "v1.8.1"),
    Module("github.com/antchfx/xmlquery", "v1.5.2"),
    Module("github.com/tdewolff/minify/v2", "v2.25.0"),
    Module("github.com/gabriel-vasile/mimetype", "v1.4.16"),
    Module("github.com/tidwall/sjson", "v1.2.10"),
    Module("github.com/zeebo/blake3", "v0.2.4"),
    Module("github.com/go-jose/go-jose/v4", "v4.1.9"),
    Module("github.com/golang-jwt/jwt/v4", "v4.5.2"),
    Module("github.com/gosimple/slug", "v1.15.0"),
    Module("go.uber.org/automaxprocs", "v1.6.0"),
    Module("github.com/edsrzf/mmap-go", "v1.2.0"),
    Module("github.com/valyala/fastjson", "v1.6.10"),
    Module("github.com/urfave/cli/v3", "v3.14.0"),
    Module("github.com/charmbracelet/lipgloss", "v1.1.0"),
    Module("github.com/gdamore/tcell/v2", "v2.13.10"),
    Module("github.com/chzyer/readline", "v1.5.1"),
    Module("mvdan.cc/gofumpt", "v0.12.0", ("-short",)),
    Module("github.com/traefik/yaegi", "v0.16.1", ("-short",)),
    Module("go.etcd.io/raft/v3", "v3.7.0", ("-short",)),
    Module("github.com/google/gofuzz", "v1.2.0"),
    Module("golang.org/x/oauth2", "v0.38.0"),
    Module("golang.org/x/image", "v0.48.0"),
    # Large modules (2026-12-05): thousands of tests, long builds.
    Module("google.golang.org/protobuf", "v1.36.12", ("-short",)),
    Module("github.com/dop251/goja", "v0.0.0-20260311135729-065cd970411c", ("-short",)),
    Module("github.com/tetratelabs/wazero", "v1.12.0", ("-short",)),
    Module("github.com/evanw/esbuild", "v0.28.2", ("-short",)),
    Module("github.com/go-git/go-git/v5", "v5.19.3", ("-short",)),
    Module("google.golang.org/grpc", "v1.85.0", ("-short",)),
    # A last batch (2026-12-05): parsers, HTTP middleware, data structures, code generators.
    Module("gopkg.in/yaml.v2", "v2.4.0"),
    Module("gopkg.in/ini.v1", "v1.68.0"),
    Module("github.com/google/go-querystring", "v1.2.0"),
    Module("github.com/google/subcommands", "v1.2.0"),
    Module("github.com/gorilla/handlers", "v1.5.2"),
    Module("github.com/gorilla/securecookie", "v1.1.2"),
    Module("github.com/gorilla/sessions", "v1.4.0"),
    Module("github.com/go-chi/cors", "v1.2.2"),
    Module("github.com/go-chi/render", "v1.0.3"),
    Module("github.com/bits-and-blooms/bloom/v3", "v3.7.1"),
    Module("github.com/deckarep/golang-set/v2", "v2.9.0"),
    Module("github.com/cenkalti/backoff/v5", "v5.0.3", ("-timeout=30s",)),  # ExampleRetry hangs
    Module("lukechampine.com/blake3", "v1.4.1"),
    Module("github.com/cloudflare/circl", "v1.6.5", ("-short",)),
    Module("github.com/tidwall/rtree", "v1.10.0"),
    Module("github.com/vektah/gqlparser/v2", "v2.5.64"),
    Module("github.com/graph-gophers/graphql-go", "v1.11.1"),
    Module("github.com/graphql-go/graphql", "v0.8.1"),
    Module("github.com/aymanbagabas/go-udiff", "v0.4.2"),
    Module("github.com/dave/jennifer", "v1.7.1"),
    Module("github.com/dave/dst", "v0.28.0"),
    # 2026-12-05, evening: twenty-nine more, none used before (Ginkgo suites, testscript, plugins
    # that start child processes, DNS and SSH servers on loopback, big table-driven suites).
    Module("cel.dev/expr", "v0.26.0"),
    Module("filippo.io/edwards25519", "v1.2.0"),
    Module("github.com/Masterminds/squirrel", "v1.5.4"),
    Module("github.com/cedar-policy/cedar-go", "v1.9.2"),
    Module("github.com/coreos/go-oidc/v3", "v3.21.0"),
    Module("github.com/gliderlabs/ssh", "v0.3.8"),
    Module("github.com/google/wire", "v0.7.0"),
    Module("github.com/hashicorp/go-plugin", "v1.8.0"),
    Module("github.com/invopop/jsonschema", "v0.14.0"),
    Module("github.com/lestrrat-go/jwx/v3", "v3.4.0", ("-short",)),
    Module("github.com/peterbourgon/ff/v3", "v3.4.0"),
    Module("github.com/protomaps/go-pmtiles", "v1.31.2"),
    Module("github.com/unrolled/secure", "v1.18.0"),
    Module("github.com/xuri/efp", "v0.0.2"),
    Module("gopkg.in/natefinch/lumberjack.v2", "v2.2.1"),
    Module("github.com/trustelem/zxcvbn", "v1.0.1"),
    Module("github.com/miekg/dns", "v1.1.73", ("-short",)),
    Module("github.com/oklog/run", "v1.2.0"),
    Module("github.com/joho/godotenv", "v1.5.1"),
    Module("github.com/sethvargo/go-retry", "v0.5.0"),
    Module("github.com/VictoriaMetrics/fastcache", "v1.13.2", ("-short",)),
    Module("github.com/crewjam/saml", "v0.6.3"),
    Module("github.com/go-openapi/spec", "v1.0.1"),
    Module("github.com/go-openapi/loads", "v0.25.4"),
    Module("github.com/onsi/ginkgo/v2", "v2.34.0", ("-short",)),
    Module("github.com/spiffe/go-spiffe/v2", "v2.9.0"),
    Module("rsc.io/script", "v0.0.2"),
    Module("github.com/scim2/filter-parser", "v1.0.0"),
    Module("github.com/weppos/publicsuffix-go", "v0.50.3"),
    # The same evening, twenty-nine more: interpreters, parsers with golden files, fuzz seeds,
    # gossip and CoAP on loopback, code generators.
    Module("github.com/RoaringBitmap/roaring/v2", "v2.30.0", ("-short",)),
    Module("github.com/antlr4-go/antlr/v4", "v4.13.1"),
    Module("github.com/aquasecurity/go-version", "v0.0.1"),
    Module("github.com/biogo/biogo", "v1.0.4"),
    Module("github.com/cucumber/gherkin/go/v42", "v42.0.1"),
    Module("github.com/charmbracelet/glamour", "v1.0.0"),
    Module("github.com/github/go-spdx/v2", "v2.8.0"),
    Module("github.com/go-python/gpython", "v0.2.0"),
    Module("github.com/gofiber/fiber/v2", "v2.52.15", ("-short",)),
    Module("github.com/govalues/money", "v0.2.4"),
    Module("github.com/hamba/avro/v2", "v2.31.0"),
    Module("github.com/hashicorp/memberlist", "v0.7.0", ("-short",)),
    Module("github.com/julienschmidt/httprouter", "v1.3.0"),
    Module("github.com/lestrrat-go/jwx/v2", "v2.1.7", ("-short",)),
    Module("github.com/medama-io/go-useragent", "v1.2.5"),
    Module("github.com/muktihari/xmltokenizer", "v0.0.5"),
    Module("github.com/piglig/go-qr", "v1.1.0"),
    Module("github.com/russellhaering/gosaml2", "v0.12.0"),
    Module("github.com/sebdah/goldie/v2", "v2.8.0"),
    Module("github.com/theory/jsonpath", "v0.12.3"),
    Module("github.com/xiatechs/jsonata-go", "v1.8.8"),
    Module("golang.org/x/exp", "v0.0.0-20261113113407-e3970619a1a4", ("-short",)),
    Module("golang.org/x/xerrors", "v0.0.0-20240903120638-7835f813f4da"),
    Module("github.com/mark3labs/mcp-go", "v1.2.1", ("-short",)),
    Module("github.com/tsenart/vegeta/v12", "v12.13.0", ("-short",)),
    Module("github.com/oapi-codegen/oapi-codegen/v2", "v2.8.2", ("-short",)),
    Module("github.com/mikefarah/yq/v4", "v4.54.3"),
    Module("github.com/plgd-dev/go-coap/v3", "v3.8.1", ("-short",)),
    Module("github.com/yanyiwu/gojieba", "v1.4.6"),
    # Added on 2026-12-05 (afternoon, second sweep).
    Module("filippo.io/age", "v1.3.2"),
    Module("github.com/tidwall/redcon", "v1.6.4"),
    Module("github.com/kelseyhightower/envconfig", "v1.4.0"),
    Module("github.com/rs/cors", "v1.11.1"),
    Module("github.com/cosmos/go-bip39", "v1.0.0"),
    Module("codeberg.org/miekg/dns", "v0.6.0", ("-short",)),
    Module("codeberg.org/go-pdf/fpdf", "v0.12.0"),
    Module("github.com/klauspost/cpuid/v2", "v2.4.2"),
    Module("github.com/flopp/go-findfont", "v0.1.0"),
    Module("k8s.io/utils", "v0.0.0-20261023123148-ca04ba58ecab", ("-short",)),
    Module("github.com/zmap/zlint/v3", "v3.7.3", ("-short",)),
    Module("github.com/open-feature/go-sdk", "v1.20.0", ("-short",)),
    Module("github.com/strongswan/govici", "v0.8.0"),
    Module("github.com/systemd/slog-journal", "v0.1.2"),
    # Its Python integration tests import aioxmpp and slixmpp clients it builds first.
    Module(
        "mellium.im/xmpp",
        "v0.22.0",
        ("-short",),
        ("--ignore-glob=*_integration_test.py", "--ignore-glob=*/integration/*"),
    ),
    Module("github.com/ThreeDotsLabs/watermill", "v1.5.1", ("-short",)),
    Module("github.com/gocolly/colly/v2", "v2.3.0"),
    Module("github.com/hanwen/go-fuse/v2", "v2.12.1", ("-short",)),
    Module("github.com/pion/dtls/v4", "v4.0.1", ("-short",)),
    Module("github.com/stripe/smokescreen", "v0.1.0"),
    Module("github.com/prometheus/alertmanager", "v0.35.0", ("-short",)),
    Module("github.com/reviewdog/reviewdog", "v0.21.0", ("-short",)),
    Module("github.com/opencontainers/runc", "v1.5.3", ("-short",)),
    # Added on 2026-12-05 (late).
    Module("github.com/charmbracelet/ultraviolet", "v0.0.0-20261008173134-6b8d4baf91b4"),
    Module("golang.org/x/arch", "v0.33.0", ("-short",)),
    Module("github.com/caddyserver/xcaddy", "v0.4.5", ("-short",)),
    Module("github.com/go-analyze/charts", "v0.6.4"),
    Module("github.com/wneessen/go-mail", "v0.8.1", ("-short",)),
    Module("github.com/ti-mo/conntrack", "v0.6.0", ("-short",)),
    Module("github.com/tuneinsight/lattigo/v5", "v5.0.7", ("-short",)),
    Module("github.com/varlink/go", "v0.4.1-0.20261015173642-c935be0c53f7"),
    Module("github.com/pb33f/libopenapi", "v0.42.5", ("-short",)),
    Module("github.com/aws/smithy-go", "v1.28.9"),
    Module("github.com/centrifugal/fdelta", "v0.0.3"),
    Module("github.com/pion/transport/v5", "v5.1.5", ("-short",)),
    Module("charm.land/lipgloss/v2", "v2.1.1"),
    Module("github.com/jessevdk/go-flags", "v1.6.1"),
    Module("github.com/nlnwa/gowarc/v3", "v3.1.0", ("-short",)),
    Module("github.com/longbridgeapp/opencc", "v0.3.13"),
    Module("github.com/maxbrunsfeld/counterfeiter/v6", "v6.14.0", ("-short",)),
    Module("github.com/biogo/hts", "v1.4.5", ("-short",)),
    Module("github.com/hugelgupf/p9", "v0.3.0", ("-short",)),
    Module("github.com/MicahParks/keyfunc/v3", "v3.9.2"),
    Module("github.com/prometheus/common", "v0.74.0", ("-short",)),
    Module("github.com/blevesearch/bleve/v2", "v2.6.3", ("-short",)),
    Module("github.com/vanng822/go-premailer", "v1.38.0"),
    Module("github.com/scim2/filter-parser/v2", "v2.3.1"),
    Module("github.com/charmbracelet/log", "v1.0.0"),
    # Added on 2026-12-05 (late, second batch).
    Module("github.com/gorilla/feeds", "v1.2.0"),
    Module("github.com/google/licensecheck", "v0.3.1"),
    Module("github.com/jarcoal/httpmock", "v1.4.2"),
    Module("github.com/dchest/captcha", "v1.1.0"),
    Module("pault.ag/go/debian", "v0.21.4"),
    Module("bazil.org/fuse", "v0.0.0-20230120002735-62a210ff1fd5", ("-short",)),
    Module("github.com/tdewolff/parse/v2", "v2.25.0"),
    Module("github.com/liuzl/gocc", "v0.0.0-20231231122217-0372e1059ca5"),
    Module("github.com/cilium/statedb", "v0.9.4", ("-short",)),
    Module("github.com/blevesearch/zapx/v17", "v17.2.5", ("-short",)),
    Module("github.com/sergi/go-diff", "v1.4.5"),
    Module("github.com/glebarez/go-sqlite", "v1.23.0", ("-short",)),
    Module("github.com/getkin/kin-openapi", "v0.153.0", ("-short",)),
    Module("github.com/xtaci/kcp-go/v5", "v5.7.6", ("-short",)),
    Module("github.com/uber/h3-go/v4", "v4.1.0"),
    Module("github.com/casbin/casbin/v2", "v2.135.0", ("-short",)),
    Module("github.com/xmppo/go-xmpp", "v0.4.1"),
    # Added on 2026-12-05 (14:00 UTC).
    Module("golang.org/x/vuln", "v1.9.0", ("-short",)),
    Module("gotest.tools/gotestsum", "v1.13.0"),
    Module("github.com/kisielk/errcheck", "v1.30.0"),
    Module("github.com/muesli/termenv", "v0.16.0"),
    Module("github.com/lithammer/fuzzysearch", "v1.1.8"),
    Module("github.com/sahilm/fuzzy", "v0.1.3"),
    Module("github.com/KimMachineGun/automemlimit", "v1.0.2"),
    Module("github.com/go-chi/httprate", "v0.16.1"),
    Module("github.com/mochi-mqtt/server/v2", "v2.7.9", ("-short",)),
    Module("golang.org/x/telemetry", "v0.0.0-20261111153349-cdaf7e97dd7b", ("-short",)),
    Module("github.com/labstack/echo/v5", "v5.4.6"),
    Module("sigs.k8s.io/yaml", "v1.6.0"),
    Module("github.com/hbollon/go-edlib", "v1.7.0"),
    Module("github.com/a-h/parse", "v0.0.42"),
    Module("github.com/agnivade/levenshtein", "v1.2.2"),
    Module("github.com/alecthomas/assert/v2", "v2.11.0"),
    Module("github.com/hashicorp/go-hclog", "v1.6.3"),
    Module("github.com/ebitengine/purego", "v0.11.3", ("-short",)),
    Module("github.com/jonboulle/clockwork", "v0.5.0"),
    Module("github.com/allegro/bigcache/v3", "v3.1.0", ("-short",)),
    Module("github.com/ardanlabs/jinja", "v1.8.0"),
    Module("github.com/sony/gobreaker/v2", "v2.4.0"),
    Module("maragu.dev/goqite", "v0.4.0", ("-short",)),
    # layers/test_creator.py is a Python 2 script (pytest stops at its syntax error).
    Module("github.com/google/gopacket", "v1.1.19", (), ("--ignore=layers/test_creator.py",)),
    Module("github.com/gen2brain/webp", "v0.5.5", ("-short",)),
    # Added on 2026-12-05 (14:10 UTC).
    Module("github.com/internetarchive/gowarc", "v0.8.96", ("-short",)),
    Module("github.com/mfridman/interpolate", "v0.2.0"),
    Module("github.com/xtaci/lossyconn", "v1.1.0"),
    Module("codeberg.org/sbinet/npyio", "v0.14.0"),
    Module("github.com/starfederation/datastar-go", "v1.2.2"),
    Module("github.com/emiago/sipgo", "v1.7.3", ("-short",)),
    Module("github.com/johannesboyne/gofakes3", "v1.2.0", ("-short",)),
    Module("github.com/jhump/protoreflect", "v1.19.0", ("-short",)),
    Module("github.com/aquasecurity/table", "v1.8.0"),
    Module("github.com/VictoriaMetrics/metricsql", "v0.87.3"),
    Module("github.com/a-h/templ", "v0.3.1118", ("-short",)),
    Module("github.com/grpc-ecosystem/go-grpc-middleware/v2", "v2.3.4", ("-short",)),
    Module("github.com/IBM/sarama", "v1.61.1", ("-short",)),
    Module("github.com/gosnmp/gosnmp", "v1.47.0", ("-short",)),
    Module("github.com/digitalocean/godo", "v1.243.0"),
    Module("cuelang.org/go", "v0.17.1", ("-short",)),
    Module("github.com/google/pprof", "v0.0.0-20261105003125-4bf881d7fb0b", ("-short",)),
    Module("github.com/parquet-go/parquet-go", "v0.32.1", ("-short",)),
    Module("go.bug.st/serial", "v1.8.0"),
    # Added on 2026-12-05 (15:15 UTC).
    Module("github.com/Azure/azure-sdk-for-go/sdk/azcore", "v1.24.0", ("-short",)),
    # Its Python smoke test drives the built binary with pexpect.
    Module("github.com/air-verse/air", "v1.67.4", ("-short",), ("--ignore=smoke_test",)),
    Module("go.digitalxero.dev/rpm", "v0.3.4"),
    Module("github.com/Azure/go-ansiterm", "v0.0.0-20261006220739-8c912ac31dd4"),
    Module("sigs.k8s.io/release-utils", "v0.12.5", ("-short",)),
    Module("cloud.google.com/go/auth", "v0.24.4", ("-short",)),
    Module("github.com/wailsapp/wails/v2", "v2.9.2", ("-short",)),
    Module("github.com/apptainer/sif/v2", "v2.25.0"),
    Module("sigs.k8s.io/zeitgeist", "v0.5.4", ("-short",)),
    Module("k8s.io/kms", "v0.37.2"),
    Module("gioui.org", "v0.10.3", ("-short",)),
    Module("github.com/sigstore/timestamp-authority/v2", "v2.1.3", ("-short",)),
    Module("charm.land/huh/v2", "v2.0.3"),
    Module("github.com/CycloneDX/cyclonedx-gomod", "v1.10.0", ("-short",)),
    Module("github.com/google/go-containerregistry", "v0.22.1", ("-short",)),
    Module("codeberg.org/gruf/go-ffmpreg", "v0.6.22"),
    # Its Python test compares with SAP's hdbcli driver against a live database.
    Module("github.com/SAP/go-hdb", "v1.22.1", ("-short",), ("--ignore=driver/x_bstring_test.py",)),
    Module("gorgonia.org/gorgonia", "v0.9.18", ("-short",)),
    # Added on 2026-12-05 (15:30 UTC).
    Module("github.com/pashagolub/pgxmock/v4", "v4.9.0"),
    Module("github.com/oauth2-proxy/mockoidc", "v0.0.0-20261103160011-e06ed0b7cb7f"),
    Module("github.com/aws/amazon-ec2-metadata-mock", "v1.13.0", ("-short",)),
    Module("github.com/glebarez/sqlite", "v1.11.0"),
    Module("github.com/libtnb/sqlite", "v1.3.0"),
    Module("k8s.io/apimachinery", "v0.37.2", ("-short",)),
    Module("github.com/riverqueue/river/riverdriver/riversqlite", "v0.51.2", ("-short",)),
    Module("github.com/grafana/grafana-plugin-sdk-go", "v0.300.0", ("-short",)),
    Module("istio.io/api", "v1.32.0"),
    Module("github.com/gofiber/fiber/v3", "v3.1.0", ("-short",)),
    # Added on 2026-12-05 (15:40 UTC).
    Module("gitlab.com/gitlab-org/api/client-go/v2", "v2.64.0"),
    Module("github.com/anthropics/anthropic-sdk-go/v2", "v2.17.0", ("-short",)),
    Module("github.com/aws-cloudformation/rain", "v1.24.4", ("-short",)),
    Module("github.com/moby/moby/api", "v1.57.0"),
    # Added on 2026-12-06.
    Module("github.com/kylelemons/godebug", "v1.1.0"),
    Module("github.com/stretchr/objx", "v0.8.0"),
    Module("github.com/go-logr/logr", "v1.4.4"),
    Module("github.com/hashicorp/go-retryablehttp", "v0.7.8"),
    Module("github.com/r3labs/diff/v3", "v3.0.2"),
    # Added on 2026-12-06 (afternoon): assertion libraries that test their own failure
    # messages, property tests, lock-free maps, a TUI framework, parsers, an HTTP server.
    Module("github.com/puzpuzpuz/xsync/v4", "v4.5.0"),
    Module("github.com/brianvoe/gofakeit/v7", "v7.18.9"),
    Module("github.com/leanovate/gopter", "v0.2.11"),
    Module("github.com/frankban/quicktest", "v1.14.6"),
    Module("github.com/charmbracelet/bubbletea", "v1.3.10"),
    Module("github.com/klauspost/reedsolomon", "v1.14.2", ("-short",)),
    Module("github.com/evanphx/json-patch/v5", "v5.9.11"),
    Module("github.com/sourcegraph/conc", "v0.3.0"),
    Module("github.com/alecthomas/participle/v2", "v2.1.4"),
    Module("github.com/maxatome/go-testdeep", "v1.16.0"),
    # -short: its slow tests; its proxy dialer tests resolve real hosts (they fail offline).
    Module("github.com/valyala/fasthttp", "v1.79.0", ("-short",)),
    Module("github.com/ohler55/ojg", "v1.28.5"),
    Module("github.com/nyaruka/phonenumbers", "v1.8.1"),
    Module("github.com/microcosm-cc/bluemonday", "v1.0.27"),
    Module("github.com/paulmach/orb", "v0.14.0"),
    Module("github.com/magiconair/properties", "v1.18.13"),
    Module("github.com/kr/pretty", "v0.3.1"),
)


def _repeats(flags: Sequence[str]) -> int:
    """How many times the flags make Go run each test (-count=N times the -cpu list's
    length); 1 for once."""
    count, cpus = 1, 1
    for flag in flags:
        name, _, value = flag.lstrip("-").partition("=")
        if name in ("count", "test.count") and value.isdigit():
            count = max(1, int(value))
        if name in ("cpu", "test.cpu") and value:
            cpus = len(value.split(","))
    return count * cpus


def check(module: Module, root: Path, env: dict[str, str], pytest_args: list[str]) -> bool:
    """Runs both and prints the comparison; whether nothing but plugin-only errors differs."""
    workload = Workload(module.name, module.path, module.version)
    directory = prepare_workload("go", workload, root, env, (0, 0))
    logs = root / "logs"
    logs.mkdir(exist_ok=True)
    stream = logs / f"{module.name}.raw.json"
    started = time.perf_counter()
    with stream.open("wb") as out:
        raw = subprocess.run(
            ["go", "test", "-json", *module.flags, "./..."],
            cwd=directory,
            env=env,
            stdout=out,
            stderr=subprocess.PIPE,
            timeout=1800,
            check=False,
        )
    raw_seconds = time.perf_counter() - started
    junit = logs / f"{module.name}.xml"
    junit.unlink(missing_ok=True)
    argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"--junitxml={junit}"]
    if module.flags:
        argv.append("--go-flags=" + " ".join(module.flags))
    started = time.perf_counter()
    plugin = subprocess.run(
        [*argv, *module.pytest_args, *pytest_args],
        cwd=directory,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
        check=False,
    )
    plugin_seconds = time.perf_counter() - started
    (logs / f"{module.name}.pytest.out").write_text(plugin.stdout + plugin.stderr, "utf-8")
    summary = (plugin.stdout.strip().splitlines() or [plugin.stderr.strip()[-200:]])[-1]
    print(f"{module.path}@{module.version} {' '.join(module.flags)}".rstrip())
    # One sample each, not a benchmark's medians: how long a check took, and a sign of a
    # path that is slow (the failure path of a package that does not build was found so).
    print(f"  go test exit {raw.returncode}, {raw_seconds:.2f} s: {go_counts(stream).as_dict()}")
    print(f"  pytest exit {plugin.returncode}, {plugin_seconds:.2f} s: {summary}")
    if not junit.is_file():
        print("  MISMATCH: pytest wrote no JUnit file")
        return False
    diff = diff_outcomes(go_outcomes(stream, _repeats(module.flags)), junit_outcomes(junit))
    for line in diff.lines(limit=10):
        print(f"  {line}")
    # A module with no test at all: go says "[no test files]" and exits 0, pytest exits 5
    # ("no tests collected"), as it does for any run that collects nothing.
    empty = raw.returncode == 0 and plugin.returncode == 5 and not go_outcomes(stream)
    succeeded = raw.returncode == 0 and plugin.returncode == 0
    both_failed = raw.returncode != 0 and plugin.returncode != 0
    matched = not (diff.raw_only or diff.different) and (succeeded or both_failed or empty)
    if not matched:
        print("  MISMATCH")
    return matched


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--modules", help="comma-separated names (the path's last elements)")
    parser.add_argument("--pytest-args", default="", help='more pytest arguments, e.g. "-n 2"')
    parser.add_argument(
        "--go-flags", default="", help='more go test flags for both runs, e.g. "-race"'
    )
    parser.add_argument("--work", type=Path, default=DEFAULT_WORK)
    parser.add_argument("--list", action="store_true", help="print the modules and exit")
    args = parser.parse_args(argv)
    chosen = list(MODULES)
    if args.modules:
        wanted = set(args.modules.split(","))
        chosen = [m for m in MODULES if m.path in wanted or m.path.rsplit("/", 1)[-1] in wanted]
    if args.list:
        for m in chosen:
            print(f"{m.path}@{m.version} {' '.join(m.flags)}".rstrip())
        return 0
    if shutil.which("go") is None:
        print("parity: no go on PATH", file=sys.stderr)
        return 2
    root = args.work.resolve() / "parity"
    root.mkdir(parents=True, exist_ok=True)
    # -mod=mod: some modules' go.mod at their tag is not tidy; GOTOOLCHAIN=local: this Go.
    env = dict(os.environ, GOFLAGS="-mod=mod", GOTOOLCHAIN="local")
    if args.go_flags:
        more = tuple(shlex.split(args.go_flags))
        chosen = [dataclasses.replace(m, flags=(*m.flags, *more)) for m in chosen]
    failed = []
    for module in chosen:
        try:
            if not check(module, root, env, shlex.split(args.pytest_args)):
                failed.append(module.path)
        except (BenchError, subprocess.TimeoutExpired) as exc:
            print(f"{module.path}@{module.version}: {exc}")
            failed.append(module.path)
    print(f"\n{len(chosen) - len(failed)} of {len(chosen)} modules match go test")
    if failed:
        print("mismatched: " + ", ".join(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
