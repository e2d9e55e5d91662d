//! Differential fuzzing: every built module against the host's reference.
//!
//! Each case is a seed. The seed draws a kernel (grayscale or blur), its
//! dimensions and where its buffers go; a fresh instance of the module gets
//! buffers from its own `alloc` at random offsets (or a null, a pointer at or
//! past the end of memory, a destination overlapping its source), filled with
//! random bytes. From those plain numbers the test works out what the contract
//! says must happen (contract/README.md, "Status codes") and holds the call to it:
//! - the status code, the checks taken in the contract's order;
//! - on status 0, the output bytes, against reference.rs;
//! - no byte the host owns changes outside the output (on an error status, none
//!   at all), and nothing traps or runs out of its instruction budget.
//!
//! "The host owns" is every block it had from `alloc` (its buffers with 64
//! bytes on each side) and every page it grew memory by. Every other byte is
//! the module's own: a compiled language's shadow stack changes on every call,
//! even one that returns an error (the long round counts where), so "nothing
//! else changed" can only be asked of the host's bytes (README, "Security model").
//!
//! The same seed gives every module the same case, so the modules are also
//! held to each other. A failure names the module and the seed, saves both in
//! target/fuzz-found/, and `replay_one_case` runs that case again.
//!
//! `cargo test -p host --test differential` runs a quick round over each
//! language's default, tuned and simd builds; `just fuzz` runs
//! `every_module_for_a_while` over every build for DIFF_SECONDS.

mod common;

// The host's own reference, the code `rosetta verify` compares with. It names
// the contract by its place in the host (`crate::load::contract`), so that
// module comes along under the same path.
#[allow(dead_code)]
#[path = "../src/load/contract.rs"]
pub mod contract;
mod load {
    pub use super::contract;
}
#[allow(dead_code)]
#[path = "../src/verify/reference.rs"]
mod reference;

use rand::{Rng, RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::BTreeMap;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use wasmtime::{Config, Engine, InstancePre, Linker, Memory, Module, Store, StoreLimits, StoreLimitsBuilder};

/// The largest linear memory an instance may have: the host's cap (contract/README.md).
const MEMORY_CAP: usize = 1 << 30;
/// What a call may run, in instructions (fuel): the host's default budget
/// (runtime.rs, `Budget::DEFAULT`), a base plus so much per image byte and per
/// byte of linear memory. A count, so a runaway loop stops at the same place
/// on every machine.
const FUEL_BASE: u64 = 50_000_000;
const FUEL_PER_IMAGE_BYTE: u64 = 1000;
const FUEL_PER_MEMORY_BYTE: u64 = 20;
/// Images up to this many pixels a side are placed, filled and compared.
const SIDE: i32 = 40;
/// Dimensions too large to place get a stand-in buffer of this many bytes:
/// the module must refuse them before it reads one.
const STAND_IN: u64 = 64;
/// Bytes on each side of a buffer in its block, the host's too (as guard.rs):
/// a write just outside a buffer lands in them.
const GUARD: u64 = 64;
/// The quick round: these builds of every language, these many seeds each.
const QUICK_BUILDS: [&str; 3] = ["default", "tuned", "simd"];
const QUICK_SEEDS: u64 = 150;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Grayscale,
    Blur,
}

/// Where a buffer goes, as the seed draws it, before the instance is known.
#[derive(Debug, Clone, Copy)]
enum Place {
    /// In a block of its own from the module's `alloc`, this many bytes past
    /// the guard (any alignment: the contract asks for none).
    Own(u64),
    Null,
    /// Ending this many bytes after the end of linear memory (negative:
    /// before it), in pages the host grows for it, so that no byte is the module's.
    End(i64),
    /// This many bytes after the end of memory.
    Beyond(u32),
    /// This many bytes under 2^32: negative as an i32, and `ptr + len` wraps.
    Top(u32),
    /// Blur's destination only: the source plus `k` bytes, in the source's
    /// block (0 is in place; `|k| >= len` is adjacent or apart, which is fine).
    Shifted(i64),
}

/// What the seed says to call.
#[derive(Debug, Clone, Copy)]
struct Case {
    op: Op,
    width: i32,
    height: i32,
    src: Place,
    dst: Place,
}

/// `width * height * 4` when the contract accepts the dimensions.
fn image_len(width: i32, height: i32) -> Option<u64> {
    let len = (width > 0 && height > 0).then(|| width as u64 * height as u64 * 4)?;
    (len <= i32::MAX as u64).then_some(len)
}

/// The bytes a buffer gets: the image, or a stand-in for one too large to place.
fn room(width: i32, height: i32) -> u64 {
    image_len(width, height).filter(|&len| len <= (SIDE * SIDE * 4) as u64).unwrap_or(STAND_IN)
}

/// The status the contract gives a call, from plain numbers: dimensions,
/// then bounds (src, then dst), then overlap. `memory` is its size in bytes.
fn expected_status(op: Op, width: i32, height: i32, src: u32, dst: u32, memory: u64) -> i32 {
    let Some(len) = image_len(width, height) else { return 1 };
    let inside = |p: u32| p != 0 && p as u64 + len <= memory;
    if !inside(src) || (op == Op::Blur && !inside(dst)) {
        return 2;
    }
    if op == Op::Blur && (src as u64) < dst as u64 + len && (dst as u64) < src as u64 + len {
        return 3;
    }
    0
}

/// Dimensions at the edge: `w * h * 4` of exactly 2^31 (one too many) three
/// ways, `w * h` alone past an i32, and the two largest that fit (2^31 - 4
/// and 2^31 - 2^16).
const EDGES: [(i32, i32); 6] =
    [(32768, 16384), (65536, 8192), (536870912, 1), (46341, 46341), (1, 536870911), (16384, 32767)];

/// Mostly small images; sometimes a zero or negative side, dimensions whose
/// `width * height * 4` does not fit an i32, or fits one but no memory here.
fn dimensions(rng: &mut ChaCha8Rng) -> (i32, i32) {
    let small = |rng: &mut ChaCha8Rng| rng.random_range(1..=SIDE);
    match rng.random_range(0..100) {
        0..80 => (small(rng), small(rng)),
        80..88 => {
            let bad = [0, -1, i32::MIN, rng.random_range(i32::MIN..0)][rng.random_range(0..4)];
            let other = rng.random_range(-1..=SIDE);
            if rng.random() {
                (bad, other)
            } else {
                (other, bad)
            }
        }
        88..91 => EDGES[rng.random_range(0..EDGES.len())],
        // w*h*4 >= 2^31, anywhere.
        91..95 => {
            let w = rng.random_range(1..=i32::MAX);
            let least = (1u64 << 31).div_ceil(4 * w as u64) as i32;
            (w, rng.random_range(least..=i32::MAX))
        }
        // 2^30 < w*h*4 <= 2^31 - 4: valid, and larger than the memory cap.
        _ => {
            let pixels = rng.random_range((1u64 << 28) + 1..=(i32::MAX as u64) / 4);
            let tallest = 1u64 << rng.random_range(0..16);
            let h = rng.random_range(1..=tallest);
            let w = pixels / h;
            let w = if w * h * 4 <= 1 << 30 { w + 1 } else { w };
            if rng.random() {
                (w as i32, h as i32)
            } else {
                (h as i32, w as i32)
            }
        }
    }
}

fn place(rng: &mut ChaCha8Rng) -> Place {
    match rng.random_range(0..100) {
        0..70 => Place::Own(rng.random_range(0..=16)),
        70..78 => Place::Null,
        78..88 => Place::End(rng.random_range(-16..=16)),
        88..94 => Place::Beyond(if rng.random() { rng.random_range(0..64) } else { rng.random_range(0..1 << 31) }),
        _ => Place::Top(rng.random_range(0..64)),
    }
}

/// Blur's destination: mostly a place of its own, often the source shifted
/// by a few bytes either way, by about an image, or not at all.
fn destination(rng: &mut ChaCha8Rng, room: u64) -> Place {
    if rng.random_range(0..100) < 65 {
        return place(rng);
    }
    let len = room as i64;
    let k = match rng.random_range(0..4) {
        0 => 0,
        1 => rng.random_range(-8..=8),
        2 => (len + rng.random_range(-4..=4)) * if rng.random() { 1 } else { -1 },
        _ => rng.random_range(-len - 8..=len + 8),
    };
    Place::Shifted(k)
}

fn case(rng: &mut ChaCha8Rng) -> Case {
    let op = if rng.random() { Op::Grayscale } else { Op::Blur };
    let (width, height) = dimensions(rng);
    let src = place(rng);
    let dst = if op == Op::Blur { destination(rng, room(width, height)) } else { Place::Null };
    Case { op, width, height, src, dst }
}

/// What every store holds: WASI with no capabilities, and the memory cap.
struct Host {
    wasi: wasmtime_wasi::p1::WasiP1Ctx,
    limits: StoreLimits,
}

/// One engine (fuel on) and one linker with what the host links for a kernel.
struct Lab {
    engine: Engine,
    linker: Linker<Host>,
}

/// A compiled module, instantiated afresh for every case.
struct Subject {
    name: String,
    path: PathBuf,
    pre: InstancePre<Host>,
}

impl Lab {
    fn new() -> Lab {
        let mut config = Config::new();
        config.consume_fuel(true);
        let engine = Engine::new(&config).unwrap();
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |h: &mut Host| &mut h.wasi).unwrap();
        // AssemblyScript's abort is a trap here; Emscripten's growth notice a no-op.
        let abort = |_: i32, _: i32, _: i32, _: i32| -> wasmtime::Result<()> { wasmtime::bail!("abort") };
        linker.func_wrap("env", "abort", abort).unwrap();
        linker.func_wrap("env", "emscripten_notify_memory_growth", |_: i32| {}).unwrap();
        Lab { engine, linker }
    }

    fn load(&self, name: &str, path: &Path) -> Subject {
        let module = Module::from_file(&self.engine, path).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        self.subject(name, path, &module)
    }

    fn load_wat(&self, name: &str, wat: &str) -> Subject {
        let module = Module::new(&self.engine, wat::parse_str(wat).unwrap()).unwrap();
        self.subject(name, Path::new(""), &module)
    }

    fn subject(&self, name: &str, path: &Path, module: &Module) -> Subject {
        let pre = self.linker.instantiate_pre(module).unwrap_or_else(|e| panic!("{name}: {e:#}"));
        Subject { name: name.to_string(), path: path.to_path_buf(), pre }
    }
}

/// A fresh instance of a subject.
struct Live {
    store: Store<Host>,
    instance: wasmtime::Instance,
    memory: Memory,
}

impl Live {
    fn new(subject: &Subject) -> Result<Live, String> {
        let wasi = wasmtime_wasi::WasiCtxBuilder::new().build_p1();
        let limits = StoreLimitsBuilder::new().memory_size(MEMORY_CAP).build();
        let mut store = Store::new(subject.pre.module().engine(), Host { wasi, limits });
        store.limiter(|h| &mut h.limits);
        store.set_fuel(FUEL_BASE).unwrap();
        let instance = subject.pre.instantiate(&mut store).map_err(|e| format!("instantiate: {e:#}"))?;
        let memory = instance.get_memory(&mut store, "memory").ok_or("no memory export")?;
        let mut live = Live { store, instance, memory };
        if live.instance.get_func(&mut live.store, "_initialize").is_some() {
            live.call::<(), ()>("_initialize", (), 0)?;
        }
        Ok(live)
    }

    fn size(&self) -> u64 {
        self.memory.data_size(&self.store) as u64
    }

    fn bytes(&self) -> &[u8] {
        self.memory.data(&self.store)
    }

    /// One export under its budget (`bytes`: what it works on); a trap,
    /// an exhausted budget included, is an `Err`.
    fn call<P: wasmtime::WasmParams, R: wasmtime::WasmResults>(
        &mut self,
        name: &str,
        args: P,
        bytes: u64,
    ) -> Result<R, String> {
        let func = self.instance.get_typed_func::<P, R>(&mut self.store, name).map_err(|e| format!("{name}: {e:#}"))?;
        let fuel = FUEL_BASE + FUEL_PER_IMAGE_BYTE * bytes + FUEL_PER_MEMORY_BYTE * self.size();
        self.store.set_fuel(fuel).unwrap();
        func.call(&mut self.store, args).map_err(|e| format!("{name} trapped: {e:#}").replace('\n', " "))
    }

    /// A block of `len` bytes from the module's own `alloc`, filled with random bytes.
    fn block(&mut self, len: u64, rng: &mut ChaCha8Rng) -> Result<Range<u64>, String> {
        let at = self.call::<i32, i32>("alloc", len as i32, len)? as u32 as u64;
        if at == 0 || at + len > self.size() {
            return Err(format!("alloc({len}) returned {at:#x}, memory is {:#x} bytes", self.size()));
        }
        self.fill(at..at + len, rng);
        Ok(at..at + len)
    }

    /// Random bytes in `range`, as much of it as lies in memory: a range
    /// drawn at the end of memory may start or end past it.
    fn fill(&mut self, range: Range<u64>, rng: &mut ChaCha8Rng) {
        let size = self.size();
        let start = range.start.min(size);
        let end = range.end.min(size).max(start);
        rng.fill_bytes(&mut self.memory.data_mut(&mut self.store)[start as usize..end as usize]);
    }

    /// Grow memory by at least `len` fresh bytes: the range they take, or
    /// `None` at the cap.
    fn grow(&mut self, len: u64) -> Option<Range<u64>> {
        let before = self.size();
        self.memory.grow(&mut self.store, len.div_ceil(65536)).ok()?;
        Some(before..self.size())
    }
}

/// A case with its pointers: the call the module gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Call {
    op: Op,
    width: i32,
    height: i32,
    src: u32,
    dst: u32,
}

impl std::fmt::Display for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.op {
            Op::Grayscale => write!(f, "grayscale({:#x}, {}, {})", self.src, self.width, self.height),
            Op::Blur => write!(f, "blur({:#x}, {:#x}, {}, {})", self.src, self.dst, self.width, self.height),
        }
    }
}

/// A call ready to make, and the bytes of memory the host owns.
struct Setup {
    call: Call,
    owned: Vec<Range<u64>>,
}

/// Place the case's buffers in `live`, filled with random bytes.
fn prepare(live: &mut Live, case: &Case, rng: &mut ChaCha8Rng) -> Result<Setup, String> {
    let len = room(case.width, case.height);
    let k = if let Place::Shifted(k) = case.dst { k } else { 0 };
    let mut owned = Vec::new();
    let at_end = [case.src, case.dst].iter().any(|p| matches!(p, Place::End(_)));
    // At the cap nothing grows, and a place at the end falls just past it.
    let grown = if at_end { live.grow(len + GUARD) } else { None };
    owned.extend(grown.clone());
    let end = live.size();
    let mut put = |live: &mut Live, place: Place, room: u64| -> Result<u32, String> {
        Ok(match place {
            Place::Own(offset) => {
                let block = live.block(GUARD + offset + room + GUARD, rng)?;
                owned.push(block.clone());
                (block.start + GUARD + offset) as u32
            }
            Place::Null => 0,
            // `past` may be more than the buffer is long: then it starts past
            // the end (seed 942: a 1x1 image, 11 bytes past), and nothing is filled.
            Place::End(past) if grown.is_some() => {
                let start = end.saturating_add_signed(past).saturating_sub(len);
                live.fill(start..start + len, rng);
                start as u32
            }
            Place::End(past) => end as u32 + past.unsigned_abs() as u32,
            Place::Beyond(gap) => end as u32 + gap,
            Place::Top(below) => u32::MAX - below,
            Place::Shifted(_) => unreachable!("only a destination is shifted"),
        })
    };
    // A source in a block of its own leaves room for the shift on its side.
    let mut src = put(live, case.src, len + k.unsigned_abs())?;
    if k < 0 && matches!(case.src, Place::Own(_)) {
        src += k.unsigned_abs() as u32;
    }
    let dst = match case.dst {
        Place::Shifted(k) => (src as i64 + k) as u32,
        place if case.op == Op::Blur => put(live, place, len)?,
        _ => 0,
    };
    let call = Call { op: case.op, width: case.width, height: case.height, src, dst };
    Ok(Setup { call, owned })
}

/// What one case came to.
struct Outcome {
    call: Option<Call>,
    /// The status the module returned; `None` if it trapped or never got called.
    status: Option<i32>,
    finding: Option<String>,
    /// The span of the module's own memory the call changed, if any.
    own_writes: Option<Range<usize>>,
}

/// Case `seed` on a fresh instance of `subject`, judged by the contract.
fn run(subject: &Subject, seed: u64) -> Outcome {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let case = case(&mut rng);
    let fail = |call, what: String| Outcome { call, status: None, finding: Some(what), own_writes: None };
    let mut live = match Live::new(subject) {
        Ok(live) => live,
        Err(e) => return fail(None, format!("instantiating: {e}")),
    };
    let Setup { call, owned } = match prepare(&mut live, &case, &mut rng) {
        Ok(setup) => setup,
        Err(e) => return fail(None, format!("placing the buffers: {e}")),
    };
    let memory = live.size();
    let before = live.bytes().to_vec();
    let want = expected_status(call.op, call.width, call.height, call.src, call.dst, memory);
    let len = image_len(call.width, call.height).unwrap_or(0);
    let (src, dst, w, h) = (call.src as i32, call.dst as i32, call.width, call.height);
    let result = match call.op {
        Op::Grayscale => live.call::<(i32, i32, i32), i32>("grayscale", (src, w, h), len),
        Op::Blur => live.call::<(i32, i32, i32, i32), i32>("blur", (src, dst, w, h), 2 * len),
    };
    let got = match result {
        Ok(got) => got,
        Err(e) => return fail(Some(call), format!("{e} (memory {memory:#x} bytes)")),
    };
    let (finding, own_writes) = judge(&call, want, got, &before, live.bytes(), &owned);
    let finding = finding.map(|f| format!("{f} (memory {memory:#x} bytes)"));
    Outcome { call: Some(call), status: Some(got), finding, own_writes }
}

/// The contract's verdict on a call that returned `got`, and the span of the
/// module's own memory it changed.
fn judge(
    call: &Call,
    want: i32,
    got: i32,
    before: &[u8],
    after: &[u8],
    owned: &[Range<u64>],
) -> (Option<String>, Option<Range<usize>>) {
    if got != want {
        return (Some(format!("returned status {got}, the contract says {want}")), None);
    }
    let mut output = 0..0;
    if got == 0 {
        let len = image_len(call.width, call.height).unwrap() as usize;
        let input = reference::Rgba::new(
            call.width as usize,
            call.height as usize,
            before[call.src as usize..][..len].to_vec(),
        );
        let (expected, at) = match call.op {
            Op::Grayscale => (reference::grayscale(&input), call.src as usize),
            Op::Blur => (reference::blur(&input), call.dst as usize),
        };
        if let Some(diff) = reference::first_difference(&expected, &after[at..at + len]) {
            return (Some(format!("output differs from the reference: {diff}")), None);
        }
        output = at..at + len;
    }
    let is_owned = |i: usize| owned.iter().any(|r| r.contains(&(i as u64)));
    let (mut host, mut own): (Vec<usize>, Option<Range<usize>>) = (Vec::new(), None);
    for i in changed(before, after).filter(|i| !output.contains(i)) {
        if is_owned(i) {
            host.push(i);
        } else {
            own = Some(own.map_or(i..i + 1, |r| r.start.min(i)..r.end.max(i + 1)));
        }
    }
    let Some(&first) = host.first() else { return (None, own) };
    let finding = format!(
        "changed {} byte(s) the host owns outside its output ({output:#x?}), the first at {first:#x} ({:#04x} -> {:#04x})",
        host.len(),
        before[first],
        after[first]
    );
    (Some(finding), own)
}

/// The offsets where two snapshots of memory differ (a grown tail is not
/// compared), found a page at a time: most pages are equal.
fn changed<'a>(before: &'a [u8], after: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    const PAGE: usize = 4096;
    before.chunks(PAGE).zip(after.chunks(PAGE)).enumerate().filter(|(_, (a, b))| a != b).flat_map(|(n, (a, b))| {
        a.iter().zip(b.iter()).enumerate().filter(|(_, (x, y))| x != y).map(move |(i, _)| n * PAGE + i)
    })
}

/// Every core build under build/ that is meant to pass every check (no
/// `.expect` file): ("lang/build", path), sorted. `wasi/` and `component/`
/// are folders, so `*.wasm` one level down leaves them out.
fn built() -> Vec<(String, PathBuf)> {
    let build = Path::new(env!("CARGO_MANIFEST_DIR")).join("../build");
    let mut found = Vec::new();
    for lang in std::fs::read_dir(&build).into_iter().flatten().flatten() {
        for file in std::fs::read_dir(lang.path()).into_iter().flatten().flatten() {
            let path = file.path();
            if path.extension().is_some_and(|e| e == "wasm") && !path.with_extension("expect").exists() {
                let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
                found.push((format!("{}/{stem}", lang.file_name().to_string_lossy()), path));
            }
        }
    }
    found.sort();
    found
}

/// What a round saw; the long round prints it.
#[derive(Default)]
struct Tally {
    calls: u64,
    /// Returned status codes ("none": it trapped, or was never called).
    statuses: BTreeMap<String, u64>,
    findings: Vec<String>,
    /// Per module, the span of its own memory its calls changed.
    own_writes: BTreeMap<String, Range<usize>>,
}

/// At most this many findings of one module are saved in one round.
const SAVED_PER_MODULE: usize = 5;

impl Tally {
    fn add(&mut self, subject: &Subject, seed: u64, outcome: Outcome) {
        self.calls += 1;
        *self.statuses.entry(outcome.status.map_or("none".into(), |s| s.to_string())).or_default() += 1;
        if let Some(r) = outcome.own_writes {
            let span = self.own_writes.entry(subject.name.clone()).or_insert(r.clone());
            *span = span.start.min(r.start)..span.end.max(r.end);
        }
        let Some(what) = outcome.finding else { return };
        let call = outcome.call.map_or(String::new(), |c| format!("{c}: "));
        let line = format!("{} seed {seed}: {call}{what}", subject.name);
        let prefix = format!("{} seed", subject.name);
        if self.findings.iter().filter(|f| f.starts_with(&prefix)).count() < SAVED_PER_MODULE {
            save(subject, seed, &line);
        }
        self.findings.push(line);
    }

    /// Panics, listing them, if there were findings.
    fn assert_clean(&self, what: &str) {
        let shown: Vec<&str> = self.findings.iter().take(20).map(String::as_str).collect();
        assert!(
            self.findings.is_empty(),
            "{what}: {} finding(s) in {} calls (saved in target/fuzz-found/):\n{}",
            self.findings.len(),
            self.calls,
            shown.join("\n")
        );
    }
}

/// Keep a finding in target/fuzz-found/: the module as it was, what went
/// wrong, and how to run the case again.
fn save(subject: &Subject, seed: u64, line: &str) {
    let found = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-found");
    std::fs::create_dir_all(&found).unwrap();
    let stem = format!("diff-{}-{seed}", subject.name.replace('/', "-"));
    let wasm = found.join(format!("{stem}.wasm"));
    if subject.path.is_file() {
        std::fs::copy(&subject.path, &wasm).unwrap();
    }
    let replay = format!(
        "DIFF_MODULE={} DIFF_SEED={seed} cargo test --release -p host --test differential replay_one_case -- --ignored --nocapture",
        wasm.display()
    );
    std::fs::write(found.join(format!("{stem}.txt")), format!("{line}\n{replay}\n")).unwrap();
}

/// Run `seeds` on every subject, one seed on all of them before the next.
fn round(subjects: &[Subject], seeds: Range<u64>, tally: &mut Tally) {
    for seed in seeds {
        for subject in subjects {
            tally.add(subject, seed, run_caught(subject, seed));
        }
    }
}

/// `run`, with a panic of the harness itself turned into a finding that
/// names its seed (a harness that trusts a random number too far).
fn run_caught(subject: &Subject, seed: u64) -> Outcome {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run(subject, seed))).unwrap_or_else(|panic| {
        let what =
            panic.downcast_ref::<String>().cloned().or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()));
        let finding = format!("the harness panicked: {}", what.unwrap_or_default());
        Outcome { call: None, status: None, finding: Some(finding), own_writes: None }
    })
}

#[test]
fn default_builds_agree_with_the_reference() {
    let lab = Lab::new();
    let quick = built().into_iter().filter(|(name, _)| QUICK_BUILDS.iter().any(|b| name.ends_with(&format!("/{b}"))));
    let subjects: Vec<Subject> = quick.map(|(name, path)| lab.load(&name, &path)).collect();
    if subjects.is_empty() {
        eprintln!("skipped: no modules under build/ (just build-all)");
        return;
    }
    let mut tally = Tally::default();
    round(&subjects, 0..QUICK_SEEDS, &mut tally);
    tally.assert_clean("the quick round");
    // The seeds reached every status, so every check was exercised.
    assert_eq!(tally.statuses.keys().collect::<Vec<_>>(), ["0", "1", "2", "3"], "{:?}", tally.statuses);
    // A seed is its case: on a fresh instance, the same call and the same
    // status (Go's runtime, for one, asks WASI for random bytes).
    for subject in &subjects {
        for seed in 0..3 {
            let (a, b) = (run(subject, seed), run(subject, seed));
            assert_eq!((a.call, a.status), (b.call, b.status), "{} seed {seed}", subject.name);
        }
    }
}

#[test]
fn the_known_good_module_agrees_with_the_reference() {
    let lab = Lab::new();
    let mut tally = Tally::default();
    round(&[lab.load_wat("good", common::GOOD)], 0..500, &mut tally);
    tally.assert_clean("good.wat");
}

/// Broken modules the round must catch: the hostile corpus's kernel cases
/// and a blur that rounds the other way; (name, WAT, what the finding says).
fn mutants() -> Vec<(&'static str, String, &'static str)> {
    vec![
        ("writes-on-error", common::hostile("writes-on-error"), "the host owns"),
        ("status-wrong-order", common::hostile("status-wrong-order"), "returned status 3, the contract says 2"),
        ("gray-writes-past-end", common::hostile("gray-writes-past-end"), "the host owns"),
        ("blur-writes-source", common::hostile("blur-writes-source"), "the host owns"),
        ("blur-rounds-up", common::broken("(i32.const 4)) (i32.const 9)", "(i32.const 8)) (i32.const 9)"), "differs"),
    ]
}

#[test]
fn broken_modules_are_caught() {
    let lab = Lab::new();
    for (name, wat, says) in mutants() {
        let subject = lab.load_wat(name, &wat);
        let found = (0..500).find_map(|seed| run(&subject, seed).finding.filter(|f| f.contains(says)));
        assert!(found.is_some(), "{name}: no finding in 500 seeds says {says:?}");
    }
}

/// One case again: DIFF_MODULE (a .wasm) and DIFF_SEED, as a finding names them.
#[test]
#[ignore = "replays one finding: DIFF_MODULE=path DIFF_SEED=n"]
fn replay_one_case() {
    let path = PathBuf::from(std::env::var("DIFF_MODULE").expect("DIFF_MODULE=path/to/module.wasm"));
    let seed: u64 = std::env::var("DIFF_SEED").expect("DIFF_SEED=n").parse().expect("DIFF_SEED is a number");
    let lab = Lab::new();
    let subject = lab.load(&path.display().to_string(), &path);
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    println!("seed {seed}: {:?}", case(&mut rng));
    let outcome = run(&subject, seed);
    let call = outcome.call.map_or("no call".into(), |c| c.to_string());
    println!("{call} returned {:?}; own memory changed: {:x?}", outcome.status, outcome.own_writes);
    assert!(outcome.finding.is_none(), "{}", outcome.finding.unwrap());
}

#[test]
#[ignore = "long: `just fuzz`"]
fn every_module_for_a_while() {
    let seconds = common::fuzz_seconds("DIFF_SECONDS", 90);
    // A different stretch of seeds each run (DIFF_SEED fixes it), so runs add up.
    let start = common::fuzz_seed("differential", "DIFF_SEED");
    let started = Instant::now();
    let lab = Lab::new();
    let subjects: Vec<Subject> = built().iter().map(|(name, path)| lab.load(name, path)).collect();
    assert!(!subjects.is_empty(), "no modules under build/ (just build-all)");
    // The seconds are for calls; compiling every module comes first, on top.
    let compiled = started.elapsed();
    let (deadline, mut tally, mut seed) = (Instant::now() + Duration::from_secs(seconds), Tally::default(), start);
    loop {
        round(&subjects, seed..seed + 1, &mut tally);
        seed += 1;
        if Instant::now() >= deadline {
            break;
        }
    }
    let statuses: Vec<String> = tally.statuses.iter().map(|(s, n)| format!("{s}: {n}")).collect();
    let widest = tally.own_writes.iter().max_by_key(|(_, r)| r.len());
    println!(
        "differential: {} modules (compiled in {:.1} s), {} calls over seeds {start}..{seed}, statuses {{{}}}, {} finding(s)",
        subjects.len(),
        compiled.as_secs_f64(),
        tally.calls,
        statuses.join(", "),
        tally.findings.len()
    );
    if let Some((name, span)) = widest {
        println!(
            "differential: {} of {} modules changed their own memory during calls (stack, heap, runtime); widest span {} bytes ({name}, {span:#x?})",
            tally.own_writes.len(),
            subjects.len(),
            span.len()
        );
    }
    tally.assert_clean("the long round");
}

/// Seed 942 draws a 1x1 grayscale whose source ends 11 bytes past the end of
/// memory, so it starts 7 bytes past it: a start the harness once sliced
/// memory at, and panicked ("range start index 131075 out of range", issue 21).
#[test]
fn seed_942_a_source_drawn_to_start_past_the_end_of_memory() {
    let mut rng = ChaCha8Rng::seed_from_u64(942);
    let drawn = case(&mut rng);
    assert!(matches!(drawn.src, Place::End(past) if past > room(drawn.width, drawn.height) as i64), "{drawn:?}");
    let outcome = run(&Lab::new().load_wat("good", common::GOOD), 942);
    assert!(outcome.finding.is_none(), "{}", outcome.finding.unwrap());
    assert_eq!(outcome.status, Some(2), "out of bounds");
}
