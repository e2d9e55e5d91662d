//! `rosetta bench`: every build beside native Rust, paired. The run goes in
//! rounds; in each round every module, in an order shuffled anew (seeded),
//! is timed back to back with its baselines (native rust/ as built, AVX2 and
//! scalar, the copy floor, the peers), and every ratio is taken within the
//! round. A shared machine drifts over minutes, not over the milliseconds
//! of one pair, so the median of the per-round ratios, with its interval,
//! is what the tables quote; milliseconds stay as a secondary column.
//!
//! Builds with identical bytes are measured once. The first of each such
//! group is also measured a second time, as an independent job in the same
//! rounds: how far apart the two land is the run's own noise band.
//!
//! Every timed image run is checked against the reference: a fast wrong
//! answer is a failure, not a result.

use super::native::{self, Natives};
use super::stats::{timed, Stats};
use super::timing::{
    Baselines, BenchResults, ImageTiming, Native, NoiseProbe, Rounds, SameBytes, Size, Subject, Timing, FULL_HD, UHD,
};
use crate::load::catalog::{Build, BuildId};
use crate::load::inspect;
use crate::load::instance::{self, Compiled, Instance, OtherRuntime, Runner, RuntimeArg, RuntimeKind};
use crate::load::kernel::Op;
use crate::load::runtime::{EngineKind, Limits};
use crate::verify::reference;
use crate::verify::workload::Workload;
use anyhow::{bail, ensure, Context, Result};
use rand::seq::SliceRandom;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::hint::black_box;

/// How hard to measure one (module, engine) job.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub sizes: Vec<Size>,
    /// How many rounds the job takes part in (each: one timed call per
    /// size and kernel, paired with the baselines).
    pub rounds: usize,
    pub call_samples: usize,
    pub calls_per_sample: u32,
    pub compile_reps: usize,
}

/// Rounds of a full run: 15 give a 95% interval of the median from the
/// 4th and 12th per-round ratio. Interpreters (Pulley, wasmi) take 6 (their
/// interval is the whole range, 97%); a quick run 5 and 3 (the whole
/// range, 94% and 75%: wide).
pub const ROUNDS: (usize, usize) = (15, 6);
pub const QUICK_ROUNDS: (usize, usize) = (5, 3);

/// How a run is made: quick or full, the seed of its shuffles, whether
/// the peers (OpenCV, Pillow) are timed too.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub quick: bool,
    pub seed: u64,
    pub peers: bool,
}

impl Settings {
    /// With no seed given, one from the clock; it is printed, so any run's
    /// order can be had again.
    pub fn new(quick: bool, seed: Option<u64>, peers: bool) -> Settings {
        let clock = || std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        Settings { quick, seed: seed.unwrap_or_else(|| clock() as u64 % 1_000_000), peers }
    }

    fn rounds(&self) -> (usize, usize) {
        if self.quick {
            QUICK_ROUNDS
        } else {
            ROUNDS
        }
    }
}

impl Plan {
    pub fn for_job(quick: bool, engine: EngineKind, ladder: bool) -> Plan {
        let sizes = if quick || ladder || engine != EngineKind::Cranelift { vec![FULL_HD] } else { vec![FULL_HD, UHD] };
        let (compiled, interpreted) = if quick { QUICK_ROUNDS } else { ROUNDS };
        let calls_per_sample = if engine == EngineKind::Pulley { 20_000 } else { 200_000 };
        Plan {
            sizes,
            rounds: if engine == EngineKind::Pulley { interpreted } else { compiled },
            call_samples: if quick { 3 } else { 9 },
            calls_per_sample: if quick { calls_per_sample / 4 } else { calls_per_sample },
            compile_reps: if quick { 1 } else { 3 },
        }
    }

    /// The plan of the Wasmtime engine most like `kind`: wasmi is an
    /// interpreter like Pulley, Wasmer's compilers are timed like Winch.
    pub fn for_runtime(quick: bool, kind: RuntimeKind, ladder: bool) -> Plan {
        let like = match kind {
            RuntimeKind::Wasmtime(engine) => engine,
            RuntimeKind::Other(OtherRuntime::Wasmi) => EngineKind::Pulley,
            RuntimeKind::Other(_) => EngineKind::Winch,
        };
        Plan::for_job(quick, like, ladder)
    }
}

/// What `bench` runs under: the `--engine`s and the `--runtime`s, each
/// once; Wasmtime's three engines when neither is given.
pub fn chosen(engines: &[EngineKind], runtimes: &[RuntimeArg]) -> Vec<RuntimeKind> {
    let mut kinds: Vec<RuntimeKind> = engines.iter().map(|&e| RuntimeKind::Wasmtime(e)).collect();
    kinds.extend(RuntimeArg::expand(runtimes));
    if kinds.is_empty() {
        kinds = EngineKind::ALL.map(RuntimeKind::Wasmtime).to_vec();
    }
    RuntimeKind::ALL.into_iter().filter(|k| kinds.contains(k)).collect()
}

/// Measure every (build, runtime) job in paired rounds. Ladder steps run
/// under Cranelift only; the engine comparison uses the other builds.
pub fn run(builds: &[Build], runtimes: &[RuntimeKind], settings: Settings) -> Result<BenchResults> {
    run_scoped(builds, runtimes, settings, &|_, _| true)
}

/// At most this many modules are measured twice for the noise band.
const MAX_TWINS: usize = 6;

/// One module measured under one runtime: its figures so far, the
/// compiled module its rounds instantiate, and its timed series.
struct Unit<'a, 'r> {
    build: &'a Build,
    kind: RuntimeKind,
    plan: Plan,
    timing: Timing,
    module: Option<Box<dyn Compiled + 'r>>,
    series: Vec<Series>,
    /// A second measurement of a module measured already (the noise band).
    twin_of: Option<usize>,
}

/// One kernel at one size, over the rounds: its times and, per baseline,
/// its per-round ratios.
struct Series {
    op: Op,
    workload: usize,
    ms: Vec<f64>,
    ratios: Vec<(Native, Vec<f64>)>,
}

impl Series {
    fn new(op: Op, workload: usize) -> Series {
        Series { op, workload, ms: Vec::new(), ratios: Native::ALL.map(|n| (n, Vec::new())).to_vec() }
    }

    fn timing(&self, workloads: &[Workload]) -> ImageTiming {
        ImageTiming::paired(self.op, Size::of(&workloads[self.workload].input), self.ms.clone(), &self.ratios)
    }

    /// Record one pair: this time and the baselines' times of the same round.
    fn push(&mut self, ms: f64, baselines: &[(Native, f64)]) {
        self.ms.push(ms);
        for (against, b) in baselines {
            if let Some((_, r)) = self.ratios.iter_mut().find(|(n, _)| n == against) {
                r.push(ms / b);
            }
        }
    }
}

/// `run`, timing a build under a runtime only where `keep` says so (as
/// `compare` keeps wasmi and Wasmer to the default builds).
pub fn run_scoped(
    builds: &[Build],
    runtimes: &[RuntimeKind],
    settings: Settings,
    keep: &dyn Fn(RuntimeKind, &Build) -> bool,
) -> Result<BenchResults> {
    // Every runtime first: one that cannot be had fails before the long part.
    let runners = runtimes.iter().map(|&k| instance::runner(k, Limits::default())).collect::<Result<Vec<_>>>()?;
    let quick = settings.quick;
    let sizes = if quick { vec![FULL_HD] } else { vec![FULL_HD, UHD] };
    let workloads: Vec<Workload> =
        sizes.into_iter().map(|s| Workload::random(s.width, s.height, 0xBE7C4 + s.width as u64)).collect();
    let jobs: Vec<(&Build, RuntimeKind)> = jobs(builds, runtimes).into_iter().filter(|(b, k)| keep(*k, b)).collect();
    let shas: HashMap<&BuildId, String> = jobs
        .iter()
        .map(|(b, _)| (&b.id, std::fs::read(&b.path).map(|bytes| sha256(&bytes)).unwrap_or_default()))
        .collect();
    // Identical bytes under one runtime: the first (not a ladder step, if
    // one is not) is measured, the others share its figures.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&i| jobs[i].0.id.is_ladder());
    let mut measured: HashMap<(RuntimeKind, &str), usize> = HashMap::new();
    let mut copy_of: Vec<Option<usize>> = vec![None; jobs.len()];
    for &i in &order {
        let (build, kind) = jobs[i];
        let sha = shas[&build.id].as_str();
        if sha.is_empty() {
            continue;
        }
        match measured.get(&(kind, sha)) {
            Some(&first) => copy_of[i] = Some(first),
            None => {
                measured.insert((kind, sha), i);
            }
        }
    }
    let mut units: Vec<Unit> = Vec::new();
    let mut unit_of: Vec<Option<usize>> = vec![None; jobs.len()];
    for (i, &(build, kind)) in jobs.iter().enumerate().filter(|(i, _)| copy_of[*i].is_none()) {
        unit_of[i] = Some(units.len());
        units.push(unit(build, kind, quick, None, &workloads));
    }
    // The noise band: the measured build of each group of identical bytes
    // under Cranelift (or the first build, if there is no such group), again.
    let mut twins: Vec<usize> = (0..jobs.len())
        .filter(|&i| copy_of[i].is_none() && jobs[i].1 == RuntimeKind::DEFAULT)
        .filter(|&i| copy_of.contains(&Some(i)))
        .collect();
    if twins.is_empty() {
        twins.extend((0..jobs.len()).find(|&i| jobs[i].1 == RuntimeKind::DEFAULT));
    }
    for &i in twins.iter().take(MAX_TWINS) {
        let (build, kind) = jobs[i];
        units.push(unit(build, kind, quick, unit_of[i], &workloads));
    }
    compile_all(&runners, &mut units);
    let mut natives = Natives::load(&workloads, settings.peers);
    let baselines = rounds(&mut units, &mut natives, &workloads, settings)?;
    // Job order is runtime by runtime, as the tables expect (Wasmtime's first).
    let timings: Vec<Timing> = units
        .iter()
        .map(|u| {
            let images = u.series.iter().filter(|s| !s.ms.is_empty()).map(|s| s.timing(&workloads)).collect();
            Timing { images, ..u.timing.clone() }
        })
        .collect();
    let modules = (0..jobs.len())
        .map(|i| match (unit_of[i], copy_of[i]) {
            (Some(u), _) => timings[u].clone(),
            (None, Some(first)) => {
                let mut row = timings[unit_of[first].expect("the first of a group is measured")].clone();
                row.same_bytes_as = Some(jobs[first].0.id.clone());
                row.subject = subject(jobs[i].0, jobs[i].1);
                row.raw_bytes = std::fs::metadata(&jobs[i].0.path).ok().map(|m| m.len() as usize);
                row
            }
            (None, None) => unreachable!("every job is measured or shares a measurement"),
        })
        .collect();
    let mut results = BenchResults::new(quick, baselines, modules);
    let (compiled, interpreted) = settings.rounds();
    results.rounds = Rounds { compiled, interpreted, seed: settings.seed };
    results.same_bytes = same_bytes(&jobs, &copy_of);
    results.noise = noise(&units, &timings);
    results.peers = natives.peer_versions().map(str::to_string);
    Ok(results)
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

fn subject(build: &Build, kind: RuntimeKind) -> Subject {
    match kind {
        RuntimeKind::Wasmtime(engine) => Subject::Wasm { build: build.id.clone(), engine },
        RuntimeKind::Other(other) => Subject::Other { build: build.id.clone(), runtime: other },
    }
}

fn unit<'a, 'r>(
    build: &'a Build,
    kind: RuntimeKind,
    quick: bool,
    twin_of: Option<usize>,
    workloads: &[Workload],
) -> Unit<'a, 'r> {
    let plan = Plan::for_runtime(quick, kind, build.id.is_ladder());
    let mut timing = Timing::new(subject(build, kind));
    if let Ok(bytes) = std::fs::read(&build.path) {
        timing.raw_bytes = Some(bytes.len());
        timing.simd = inspect::uses_simd(&bytes);
        timing.sha256 = Some(sha256(&bytes));
    }
    let series = workloads
        .iter()
        .enumerate()
        .filter(|(_, w)| plan.sizes.contains(&Size::of(&w.input)))
        .flat_map(|(i, _)| Op::ALL.map(|op| Series::new(op, i)))
        .collect();
    Unit { build, kind, plan, timing, module: None, series, twin_of }
}

/// Compile every unit and time what is not paired: compile, instantiate,
/// the call overheads. A module that fails is an error row, not timed on.
fn compile_all<'r>(runners: &'r [Box<dyn Runner>], units: &mut [Unit<'_, 'r>]) {
    let progress = crate::progress::bar(units.len() as u64, "compiling");
    for u in units.iter_mut() {
        let runner = runners.iter().find(|r| r.kind() == u.kind).expect("a runner per runtime");
        progress.set_message(format!("{} on {}", u.build.id, u.kind));
        match prepare(runner.as_ref(), u.build, &u.plan, &mut u.timing) {
            Ok(module) => u.module = Some(module),
            Err(e) => u.timing.error = Some(format!("{e:#}")),
        }
        progress.inc(1);
    }
    progress.finish_and_clear();
}

fn prepare<'r>(
    runtime: &'r dyn Runner,
    build: &Build,
    plan: &Plan,
    timing: &mut Timing,
) -> Result<Box<dyn Compiled + 'r>> {
    let name = build.id.to_string();
    let bytes = std::fs::read(&build.path).with_context(|| format!("cannot read {}", build.path.display()))?;
    let (module, compile) = compile(runtime, &name, &bytes, plan.compile_reps)?;
    timing.compile_ms = Some(compile);
    timing.instantiate_us = Some(instantiate(module.as_ref())?);
    let mut kernel = module.instantiate()?;
    timing.add_ns = Some(add_overhead(&mut *kernel, plan)?);
    timing.counter_ns = Some(counter_overhead(&mut *kernel, plan)?);
    drop(kernel);
    Ok(module)
}

/// The rounds: each unit still in the running, in a shuffled order, timed
/// pair by pair; the baselines' rows from every pair they were in.
fn rounds(units: &mut [Unit], natives: &mut Natives, workloads: &[Workload], settings: Settings) -> Result<Baselines> {
    let mut rng = ChaCha8Rng::seed_from_u64(settings.seed);
    let available: Vec<Native> = Native::ALL.into_iter().filter(|&n| natives.unavailable(n).is_none()).collect();
    // The baselines' own rows: per (workload, op), their times and ratios to each other.
    let mut base: Vec<(Native, Vec<Series>)> = available
        .iter()
        .map(|&n| (n, (0..workloads.len()).flat_map(|i| Op::ALL.map(|op| Series::new(op, i))).collect()))
        .collect();
    let max_rounds = units.iter().map(|u| u.plan.rounds).max().unwrap_or(0);
    let total: usize = units.iter().map(|u| u.plan.rounds).sum();
    eprintln!(
        "bench: {} modules in up to {max_rounds} rounds, paired with {} baselines; shuffled with seed {} (--seed {} repeats the order)",
        units.len(),
        available.len(),
        settings.seed,
        settings.seed
    );
    let progress = crate::progress::bar(total as u64, "benchmarking (paired rounds)");
    for round in 0..max_rounds {
        let mut order: Vec<usize> = (0..units.len()).filter(|&u| units[u].plan.rounds > round).collect();
        order.shuffle(&mut rng);
        for u in order {
            let unit = &mut units[u];
            progress.set_message(format!("round {}: {} on {}", round + 1, unit.build.id, unit.kind));
            progress.inc(1);
            let Some(module) = unit.module.as_deref() else { continue };
            if let Err(e) = pair_round(module, &mut unit.series, natives, &available, &mut base, workloads, &mut rng) {
                unit.timing.error = Some(format!("{e:#}"));
                unit.module = None;
            }
        }
    }
    progress.finish_and_clear();
    let row = |which: Native| {
        let mut t = Timing::new(Subject::Native(which));
        match natives.unavailable(which) {
            Some(e) => t.error = Some(e.to_string()),
            None => {
                let series = &base.iter().find(|(n, _)| *n == which).expect("a row per available baseline").1;
                t.images = series.iter().filter(|s| !s.ms.is_empty()).map(|s| s.timing(workloads)).collect();
            }
        }
        t
    };
    let mut native = row(Native::AsBuilt);
    let plan = Plan::for_job(settings.quick, EngineKind::Cranelift, false);
    let (add, counter) = native::call_overheads(&plan);
    (native.add_ns, native.counter_ns) = (Some(add), Some(counter));
    Ok(Baselines {
        floor: row(Native::CopyFloor),
        native,
        native_avx2: row(Native::Avx2),
        native_scalar: row(Native::Scalar),
        peer: row(Native::Peer),
    })
}

/// One round of one unit: a fresh instance, then per size and kernel the
/// module and every baseline back to back, in a shuffled order.
#[allow(clippy::too_many_arguments)]
fn pair_round(
    module: &dyn Compiled,
    series: &mut [Series],
    natives: &mut Natives,
    available: &[Native],
    base: &mut [(Native, Vec<Series>)],
    workloads: &[Workload],
    rng: &mut ChaCha8Rng,
) -> Result<()> {
    let mut kernel = module.instantiate()?;
    let mut buffers: Option<(usize, Buffers)> = None;
    for s in series.iter_mut() {
        let w = &workloads[s.workload];
        if buffers.as_ref().map(|(i, _)| *i) != Some(s.workload) {
            if let Some((_, b)) = buffers.take() {
                b.free(&mut *kernel)?;
            }
            buffers = Some((s.workload, Buffers::new(&mut *kernel, w)?));
        }
        let (_, b) = buffers.as_ref().expect("buffers for this workload");
        let mut members: Vec<Option<Native>> = available.iter().map(|&n| Some(n)).collect();
        members.push(None);
        members.shuffle(rng);
        let mut wasm_ms = None;
        let mut times: Vec<(Native, f64)> = Vec::new();
        for member in members {
            match member {
                None => wasm_ms = Some(time_wasm_image(&mut *kernel, s.op, w, b)?),
                // The peers' process can fail on its own: it is then a
                // baseline lost (its column says why), not a module's error.
                Some(n) => match natives.time(n, s.op, workloads, s.workload) {
                    Ok(ms) => times.push((n, ms)),
                    Err(e) if n == Native::Peer => natives.lose_peers(format!("{e:#}")),
                    Err(e) => return Err(e),
                },
            }
        }
        s.push(wasm_ms.expect("the module is a member of its pair"), &times);
        for (n, rows) in base.iter_mut() {
            let Some(&(_, mine)) = times.iter().find(|(m, _)| *m == *n) else { continue };
            let row = rows
                .iter_mut()
                .find(|r| r.op == s.op && r.workload == s.workload)
                .expect("a series per size and kernel");
            row.push(mine, &times);
        }
    }
    if let Some((_, b)) = buffers {
        b.free(&mut *kernel)?;
    }
    Ok(())
}

/// A unit's source and destination buffers in its instance's memory.
struct Buffers {
    src: i32,
    dst: i32,
    len: i32,
}

impl Buffers {
    /// Both allocated and written once (not timed), so that no timed call
    /// pays for the memory's first touch, as no native baseline does.
    fn new(kernel: &mut dyn Instance, w: &Workload) -> Result<Buffers> {
        let len = w.input.pixels.len() as i32;
        let (src, dst) = (kernel.alloc(len)?, kernel.alloc(len)?);
        ensure!(src != 0 && dst != 0, "alloc({len}) returned 0");
        kernel.write(dst, &w.input.pixels)?;
        Ok(Buffers { src, dst, len })
    }

    fn free(self, kernel: &mut dyn Instance) -> Result<()> {
        kernel.dealloc(self.src, self.len)?;
        kernel.dealloc(self.dst, self.len)?;
        Ok(())
    }
}

/// Each group of identical bytes, the measured build first (Cranelift's jobs).
fn same_bytes(jobs: &[(&Build, RuntimeKind)], copy_of: &[Option<usize>]) -> Vec<SameBytes> {
    let mut groups: Vec<SameBytes> = Vec::new();
    for (i, (build, kind)) in jobs.iter().enumerate() {
        let Some(first) = copy_of[i].filter(|_| *kind == RuntimeKind::DEFAULT) else { continue };
        let first_id = &jobs[first].0.id;
        match groups.iter_mut().find(|g| &g.builds[0] == first_id) {
            Some(g) => g.builds.push(build.id.clone()),
            None => groups.push(SameBytes {
                sha256: std::fs::read(&build.path).map(|b| sha256(&b)).unwrap_or_default(),
                builds: vec![first_id.clone(), build.id.clone()],
            }),
        }
    }
    groups
}

/// Every twin against the unit it repeats: time / native as built, both.
fn noise(units: &[Unit], timings: &[Timing]) -> Vec<NoiseProbe> {
    let mut probes = Vec::new();
    for (u, unit) in units.iter().enumerate() {
        let Some(first) = unit.twin_of else { continue };
        if timings[u].error.is_some() || timings[first].error.is_some() {
            continue;
        }
        for i in &timings[u].images {
            let Some(second) = i.ratio(Native::AsBuilt) else { continue };
            let Some(one) = timings[first].image(i.op, i.size).and_then(|j| j.ratio(Native::AsBuilt)) else { continue };
            probes.push(NoiseProbe { build: unit.build.id.clone(), op: i.op, size: i.size, first: one, second });
        }
    }
    probes
}

/// Which builds run on which runtime. Builds that miss a check on purpose
/// (a `.expect`) are lessons, not contenders, and are not timed.
fn jobs<'a>(builds: &'a [Build], runtimes: &[RuntimeKind]) -> Vec<(&'a Build, RuntimeKind)> {
    runtimes
        .iter()
        .flat_map(|&k| {
            builds.iter().filter(move |b| k == RuntimeKind::DEFAULT || !b.id.is_ladder()).map(move |b| (b, k))
        })
        .filter(|(b, _)| b.unavailable.is_none() && b.expectations.is_empty())
        .collect()
}

/// Milliseconds per compile, `reps` times; the last module is kept.
fn compile<'r>(
    runtime: &'r dyn Runner,
    name: &str,
    bytes: &[u8],
    reps: usize,
) -> Result<(Box<dyn Compiled + 'r>, Stats)> {
    let mut samples = Vec::new();
    let mut module = None;
    for _ in 0..reps.max(1) {
        let (m, t) = timed(|| runtime.compile(name, bytes));
        samples.push(t.as_secs_f64() * 1e3);
        module = Some(m?);
    }
    Ok((module.expect("at least one compile"), Stats::of(samples)))
}

/// Microseconds per instantiation (including `_initialize`), ten times.
fn instantiate(module: &dyn Compiled) -> Result<Stats> {
    let mut samples = Vec::new();
    for _ in 0..10 {
        let (k, t) = timed(|| module.instantiate());
        k?;
        samples.push(t.as_secs_f64() * 1e6);
    }
    Ok(Stats::of(samples))
}

/// ns per host-to-wasm call of `add`, through the bare typed function.
fn add_overhead(kernel: &mut dyn Instance, plan: &Plan) -> Result<Stats> {
    let mut samples = Vec::new();
    for _ in 0..plan.call_samples {
        let (r, t) = timed(|| kernel.add_loop(black_box(plan.calls_per_sample)));
        r?;
        samples.push(t.as_nanos() as f64 / plan.calls_per_sample as f64);
    }
    ensure!(kernel.add(i32::MAX, 1)? == i32::MIN, "add gave a wrong answer while timed");
    Ok(Stats::of(samples))
}

fn counter_overhead(kernel: &mut dyn Instance, plan: &Plan) -> Result<Stats> {
    let h = kernel.counter_new()?;
    ensure!(h != 0, "counter_new returned 0");
    let mut samples = Vec::new();
    let mut last = 0;
    for _ in 0..plan.call_samples {
        let (r, t) = timed(|| kernel.increment_loop(h, black_box(plan.calls_per_sample)));
        last = r?;
        samples.push(t.as_nanos() as f64 / plan.calls_per_sample as f64);
    }
    let want = (plan.call_samples as i64 * plan.calls_per_sample as i64) as i32;
    ensure!(last == want, "counter_increment returned {last} after {want} calls while timed");
    kernel.counter_free(h)?;
    Ok(Stats::of(samples))
}

/// One timed call, in milliseconds: the input is written just before (not
/// timed) and the output checked after it.
fn time_wasm_image(kernel: &mut dyn Instance, op: Op, w: &Workload, b: &Buffers) -> Result<f64> {
    let (width, height) = (w.input.width as i32, w.input.height as i32);
    kernel.write(b.src, &w.input.pixels)?;
    let (status, t) = timed(|| match op {
        Op::Grayscale => kernel.grayscale(b.src, width, height),
        Op::Blur => kernel.blur(b.src, b.dst, width, height),
    });
    let status = status?;
    ensure!(status == 0, "{op:?} returned status {status}");
    let out = kernel.read(if op == Op::Grayscale { b.src } else { b.dst }, b.len as usize)?;
    if let Some(diff) = reference::first_difference(w.expected(op), out) {
        bail!("{op:?} {} gave a wrong answer while timed: {diff}", w.label);
    }
    Ok(t.as_secs_f64() * 1e3)
}
