# wasm-rosetta: the front door. `just --list` shows every recipe.

# Every language folder. Adding a language = a folder with a `justfile`
# (recipes: setup, doctor, build, test, lint, clean) + one word on this line.
languages := "rust cpp assemblyscript go"

rosetta := "cargo run --release --quiet -p host --"
# The host with wasmi and Wasmer beside Wasmtime (feature `runtimes`: a few
# minutes more to compile the first time, so `all` goes without it).
rosetta_runtimes := "cargo run --release --quiet -p host --features runtimes --"

# Build every language, verify it, size it, say what happened: the main job.
all: _build
    {{rosetta}} all

# build-all and the host at once: the host compiles (minutes, the first
# time) while the languages build; `features` as cargo takes them.
_build features="":
    #!/usr/bin/env bash
    set -euo pipefail
    cargo build --release --quiet -p host {{ if features == "" { "" } else { "--features " + features } }} &
    host=$!
    just build-all || { kill $host 2>/dev/null; exit 1; }
    wait $host

# One line per toolchain; the full log is target/setup.log.
# Install every pinned toolchain from the registries (idempotent).
setup:
    @toolchains/step binaryen "toolchains/apt.sh --check binaryen build-essential pkg-config" "wasm-opt --version" "toolchains/apt.sh binaryen build-essential pkg-config"
    @for lang in {{languages}}; do just -f $lang/justfile setup; done
    @toolchains/step "host crates" "cargo fetch --locked --offline" "cargo --version" "cargo fetch --locked"
    @echo "setup: done; \`just doctor\` prints every tool, target/setup.log has the details"

# Print each tool's version, or what is missing.
doctor:
    #!/usr/bin/env bash
    echo "just        $(just --version)"
    echo "cargo       $(cargo --version 2>/dev/null || echo MISSING)"
    echo "wasm-tools  $(wasm-tools --version 2>/dev/null || echo 'MISSING: run ./setup.sh')"
    echo "wasm-opt    $(wasm-opt --version 2>/dev/null || echo 'MISSING: run just setup')"
    for lang in {{languages}}; do just -f $lang/justfile doctor; done
    just -f web/justfile doctor

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

# Fuzz for `seconds` in all, one target after the other, half the time each: wasm-smith
# modules through load-and-verify (host/tests/fuzz.rs), then every built module against
# the reference with random inputs (host/tests/differential.rs; compiling them, 5-15 s, comes on top).
fuzz seconds="90":
    FUZZ_SECONDS=$(({{seconds}} / 2)) cargo test --release -q -p host --test fuzz -- --ignored --nocapture
    DIFF_SECONDS=$(({{seconds}} - {{seconds}} / 2)) cargo test --release -q -p host --test differential every_module_for_a_while -- --ignored --nocapture

# The browser numbers come first: V8 timings (web bench) and the Chromium run (web test).
# Regenerate comparisons/ (tables, JSON, charts) from one full run.
compare *args: (_build "runtimes")
    just -f web/justfile setup
    just -f web/justfile build
    just -f web/justfile bench
    just -f web/justfile test
    {{rosetta_runtimes}} compare {{args}}

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
    cargo test --release -p host --features runtimes
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
web *args:
    just -f web/justfile build
    just -f web/justfile serve {{args}}

# Run the Chromium test and keep its screenshot of the page for the README.
web-screenshot:
    just -f web/justfile test
    cp target/web/page.png comparisons/web.png

clean:
    for lang in {{languages}}; do just -f $lang/justfile clean; done
    just -f web/justfile clean
    rm -rf build
