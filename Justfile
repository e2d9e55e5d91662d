# wasm-rosetta: the front door. `just --list` shows every recipe.

# Every language folder. Adding a language = a folder with a `justfile`
# (recipes: setup, doctor, build, test, lint, clean) + one word on this line.
languages := "rust cpp assemblyscript go zig"

rosetta := "cargo run --release --quiet -p host --"
# The host with wasmi and Wasmer beside Wasmtime (feature `runtimes`: a few
# minutes more to compile the first time, so `all` goes without it).
rosetta_runtimes := "cargo run --release --quiet -p host --features runtimes --"

# Build every language, verify it, size it, say what happened: the main job.
all: _build
    #!/usr/bin/env bash
    set -euo pipefail
    start=$SECONDS
    {{rosetta}} all
    scripts/setup-times --record "all: verify and sizes" "" "ran" $((SECONDS - start))

# build-all and the host at once: the host compiles (minutes, the first
# time) while the languages build; `features` as cargo takes them.
_build features="":
    #!/usr/bin/env bash
    set -euo pipefail
    # Each half's seconds go to target/setup-times.tsv (`just setup-times`).
    first=$([[ -e ${CARGO_TARGET_DIR:-target}/release/rosetta ]] && echo rebuild || echo "first build")
    start=$SECONDS
    { cargo build --release --quiet -p host {{ if features == "" { "" } else { "--features " + features } }} \
        && scripts/setup-times --record "build: host{{ if features == "" { "" } else { " +" + features } }}" "" "$first" $((SECONDS - start)); } &
    host=$!
    just build-all || { kill $host 2>/dev/null; exit 1; }
    scripts/setup-times --record "build: languages" "" "ran" $((SECONDS - start))
    wait $host

# One line per toolchain; the full log is target/setup.log. `just setup rust`
# installs only what one language's track needs (workshop/setup.md): the
# AssemblyScript track needs Node alone (its verdicts: `just verify-node`).
# Install every pinned toolchain from the registries (idempotent).
setup track="":
    #!/usr/bin/env bash
    set -euo pipefail
    if [[ -n "{{track}}" && " {{languages}} " != *" {{track}} "* ]]; then
      echo "setup: no track '{{track}}': pick one of {{languages}} (or none, for every one)" >&2; exit 2
    fi
    if [[ "{{track}}" == assemblyscript ]]; then
      just -f assemblyscript/justfile setup
      echo "setup: assemblyscript done; verdicts without the host: just verify-node assemblyscript"
      exit 0
    fi
    toolchains/step binaryen "toolchains/apt.sh --check binaryen build-essential pkg-config" "wasm-opt --version" "toolchains/apt.sh binaryen build-essential pkg-config"
    for lang in {{ if track == "" { languages } else { track } }}; do just -f $lang/justfile setup; done
    toolchains/step "host crates" "cargo fetch --locked --offline" "cargo --version" "cargo fetch --locked"
    echo "setup: done; \`just doctor\` prints every tool, target/setup.log has the details, \`just setup-times\` what each step cost"

# What each step of ./setup.sh, just setup and just all took on this machine, and the disk of each track (Markdown).
setup-times:
    @scripts/setup-times

# Print each tool's version, or what is missing and the command that fixes it
# (`just doctor rust`: one track's tools only). Ends with every missing tool again.
doctor track="":
    #!/usr/bin/env bash
    if [[ -n "{{track}}" && " {{languages}} " != *" {{track}} "* ]]; then
      echo "doctor: no track '{{track}}': pick one of {{languages}} (or none)" >&2; exit 2
    fi
    # PyPI's scripts directory, where setup.sh puts just and wasm-tools.
    pybin=$(python3 -c 'import sysconfig; print(sysconfig.get_path("scripts"))' 2>/dev/null)
    report=$(
      echo "just        $(just --version)"
      echo "python3     $(python3 --version 2>/dev/null || echo 'MISSING: python3 3.11+ (Debian: apt-get install python3 python3-pip; workshop/setup.md)')"
      echo "wasm-tools  $(wasm-tools --version 2>/dev/null || echo "MISSING: wasm-tools (run ./setup.sh; it installs into $pybin, which must be on PATH)")"
      if [[ "{{track}}" != assemblyscript ]]; then
        echo "cargo       $(cargo --version 2>/dev/null || echo 'MISSING: cargo (install Rust with rustup, https://rustup.rs; workshop/setup.md)')"
        echo "wasm-opt    $(wasm-opt --version 2>/dev/null || echo 'MISSING: wasm-opt (run just setup{{ if track == "" { "" } else { " " + track } }}: Debian package binaryen)')"
      fi
      for lang in {{ if track == "" { languages } else { track } }}; do just -f $lang/justfile doctor; done
      [[ -z "{{track}}" ]] && just -f web/justfile doctor
    )
    echo "$report"
    missing=$(grep MISSING <<<"$report" || true)
    if [[ -z $missing ]]; then
      echo "doctor: nothing missing{{ if track == "" { "" } else { " for the " + track + " track" } }}"
    else
      echo; echo "doctor: $(wc -l <<<"$missing") missing; each line says the fix:"; echo "$missing" | sed 's/^/  /'
    fi

# Build every language and build variant into build/<lang>/<build>.wasm.
build-all:
    for lang in {{languages}}; do just -f $lang/justfile build; done

# Build one language folder, e.g. `just build cpp`.
build lang:
    just -f {{lang}}/justfile build

# With `--runtime` the host is built with wasmi and Wasmer too (feature `runtimes`).
# Check every build against the contract (args go to `rosetta verify`).
verify *args:
    {{ if args =~ '--runtime' { rosetta_runtimes } else { rosetta } }} verify {{args}}

# Every build under every runtime (Wasmtime's three engines, wasmi, Wasmer's two): any disagreement fails.
verify-runtimes *args:
    {{rosetta_runtimes}} verify --runtime all {{args}}

# The host's checks under Node's V8 (web/conformance.mjs), for a track without
# the host: `just verify-node assemblyscript` (modules whose name contains it).
verify-node filter="":
    node web/manifest.mjs >/dev/null
    ROSETTA_WEB_ONLY={{filter}} node --test web/conformance.mjs

# Raw / wasm-opt / stripped / gzip / brotli sizes and where the bytes go.
sizes *args: host
    {{rosetta}} sizes {{args}}

# Run a kernel on an image: just image --lang rust --op blur in.png out.png
image *args: host
    {{rosetta}} image {{args}}

# `just build LANG` makes the command (build/LANG/wasi/command.wasm).
# Run a language's WASI command on an image, checked: just wasi --lang go --op blur in.jpg out.png
wasi *args: host
    {{rosetta}} wasi {{args}}

# Time every build beside native Rust (add --quick for a first look; --runtime all for wasmi and Wasmer too).
bench *args:
    {{ if args =~ '--runtime' { rosetta_runtimes } else { rosetta } }} bench {{args}}

# Fuzz for `seconds` in all, half each: wasm-smith modules through load-and-verify
# (host/tests/fuzz.rs), then every built module against the reference with random inputs
# (host/tests/differential.rs). One seed for both, printed; `just fuzz 40 --seed S` replays a run.
fuzz *args:
    #!/usr/bin/env bash
    set -euo pipefail
    seconds=90 seed=""
    set -- {{args}}
    while [ $# -gt 0 ]; do
      case "$1" in
        --seed) seed="$2"; shift 2 ;;
        --seed=*) seed="${1#--seed=}"; shift ;;
        *) seconds="$1"; shift ;;
      esac
    done
    export FUZZ_SEED="${seed:-$(date +%s%3N)}"
    echo "fuzz: $seconds s, seed $FUZZ_SEED (just fuzz $seconds --seed $FUZZ_SEED replays this run)"
    SMITH_SECONDS=$((seconds / 2)) cargo test --release -q -p host --test fuzz smith_modules_for_a_while -- --ignored --exact --nocapture
    DIFF_SECONDS=$((seconds - seconds / 2)) cargo test --release -q -p host --test differential every_module_for_a_while -- --ignored --exact --nocapture

# The browser numbers come first: V8 timings (web bench) and the Chromium run (web test).
# The peers (OpenCV, Pillow) are installed if they can be; if not, their column says why.
# Regenerate comparisons/ (tables, JSON, charts) from one full run; `--quick` for a
# first look (wide intervals), `--check-against OLD/results.json` for the share of
# cells on which two runs agree within their intervals.
compare *args: (_build "runtimes")
    just -f web/justfile setup
    just -f web/justfile build
    just -f web/justfile bench
    just -f web/justfile test
    just peers-setup || echo "compare: the peers could not be installed; their column will say so"
    {{rosetta_runtimes}} compare {{args}}

# Workshop exercises (workshop/exercises/): with no arguments, every exercise and your
# state per language; `just exercise NAME LANG` builds your attempt in a scratch copy and
# grades it (`--solution` grades the reference solution instead).
exercise name="" lang="" *flags: host
    {{ if name == "" { "workshop/exercise list" } else { "workshop/exercise check " + name + " " + lang + " " + flags } }}

# Both phases of every exercise x language, two cells at a time: the untouched starter
# fails with its expected message and the solution passes (not yet in `just test`).
workshop-check: host
    workshop/exercise check-all --jobs 2

# Run `just compare` twice and report how far the second agrees with the first.
compare-twice out="target/compare-twice" *args:
    just compare --out {{out}}/first {{args}}
    just compare --out {{out}}/second --check-against {{out}}/first/results.json {{args}}

# The peers of the speed tables, pinned in host/peers/requirements.txt
# (opencv-python-headless, pillow, numpy from PyPI), in a venv under
# target/peers/: for compare and test only, never for `just all`.
peers-setup:
    @toolchains/step peers "cmp -s host/peers/requirements.txt target/peers/requirements.txt" "target/peers/bin/python -c 'import cv2; print(cv2.__version__)'" "rm -rf target/peers && python3 -m venv target/peers && target/peers/bin/pip install -q --disable-pip-version-check -r host/peers/requirements.txt && cp host/peers/requirements.txt target/peers/"

# Compile the host once (release: the benchmarks need it).
host:
    cargo build --release --quiet -p host

# The browser side is the JS fallback and every module under Node's V8, then
# headless Chromium; web/justfile setup installs what only the tests need.
# The host is built once, with the `runtimes` feature, and every step uses that build.
# Build, every language's own tests, the browser side, lint, the host's tests, verify
# (every build, WASI command and component), then the runtimes against each other on the
# core builds (`just verify-runtimes` holds them to it on the ladders too).
test: (_build "runtimes")
    for lang in {{languages}}; do just -f $lang/justfile test; done
    just -f web/justfile setup
    just -f web/justfile build
    just -f web/justfile test
    just lint
    just peers-setup
    ROSETTA_PEERS_REQUIRED=1 cargo test --release -p host --features runtimes
    {{rosetta_runtimes}} verify
    {{rosetta_runtimes}} verify --runtime all --no-ladder

# Every formatter and linter, each ecosystem's own: fails on any finding. First the docs:
# every path, recipe and build a Markdown file names must exist (scripts/check-docs).
lint:
    scripts/check-docs
    for lang in {{languages}}; do just -f $lang/justfile lint; done
    just -f web/justfile lint
    cargo fmt --check -p host
    cargo clippy --release -p host --all-targets -- -D warnings
    cargo clippy --release -p host --all-targets --features runtimes -- -D warnings

# Serve the browser page (web/) on localhost: every module side by side in Web Workers.
# `just web firefox` (or chromium, webkit) opens it in that browser's window.
web *args:
    just -f web/justfile build
    just -f web/justfile {{ if args =~ '^(chromium|firefox|webkit)' { "open" } else { "serve" } }} {{args}}

# The zero-install track's page: AssemblyScript compiled and checked in the
# browser (web/playground.html). Needs only `just setup assemblyscript`.
playground port="8787":
    node web/manifest.mjs >/dev/null
    @echo "playground: http://127.0.0.1:{{port}}/web/playground.html"
    node web/serve.mjs {{port}}

# Run the Chromium test and keep its screenshot of the page for the README.
web-screenshot:
    just -f web/justfile test
    cp target/web/page.png comparisons/web.png

clean:
    for lang in {{languages}}; do just -f $lang/justfile clean; done
    just -f web/justfile clean
    rm -rf build
