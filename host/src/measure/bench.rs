//! `rosetta bench`: every build beside native Rust, measured in one run so
//! each figure also reads as a ratio (wasm time / native time).
//!
//! Every timed image run is checked against the reference: a fast wrong
//! answer is a failure, not a result.

use super::native;
use super::stats::{timed, Stats};
use super::timing::{Baselines, BenchResults, ImageTiming, Native, Size, Subject, Timing, FULL_HD, UHD};
use crate::load::catalog::Build;
use crate::load::inspect;
use crate::load::instance::{self, Compiled, Instance, OtherRuntime, Runner, RuntimeArg, RuntimeKind};
use crate::load::kernel::Op;
use crate::load::runtime::{EngineKind, Limits};
use crate::verify::reference;
use crate::verify::workload::Workload;
use anyhow::{bail, ensure, Context, Result};
use std::hint::black_box;

/// How hard to measure one (module, engine) pair in one pass.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub sizes: Vec<Size>,
    pub image_reps: usize,
    pub call_samples: usize,
    pub calls_per_sample: u32,
    pub compile_reps: usize,
}

/// A full run goes over every baseline and every build this many times and
/// pools the passes (`Timing::pool`): a shared machine that slows down for a
/// minute slows one pass of a few builds, and the median of the passes
/// outvotes it. A quick run is one pass.
pub const PASSES: usize = 3;

impl Plan {
    /// One pass's share: the repetitions of a whole run, split over the passes.
    pub fn for_job(quick: bool, engine: EngineKind, ladder: bool) -> Plan {
        let sizes = if quick || ladder || engine != EngineKind::Cranelift { vec![FULL_HD] } else { vec![FULL_HD, UHD] };
        let image_reps: usize = match (quick, engine) {
            (true, _) | (false, EngineKind::Pulley) => 3,
            (false, _) if ladder => 6,
            (false, EngineKind::Winch) => 6,
            (false, EngineKind::Cranelift) => 12,
        };
        let calls_per_sample = if engine == EngineKind::Pulley { 20_000 } else { 200_000 };
        let passes = if quick { 1 } else { PASSES };
        Plan {
            sizes,
            image_reps: image_reps.div_ceil(passes),
            call_samples: if quick { 3 } else { 9 / passes },
            calls_per_sample: if quick { calls_per_sample / 4 } else { calls_per_sample },
            compile_reps: if quick { 1 } else { 3 / passes },
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

/// Measure the native baselines, then every (build, runtime) job. Ladder steps
/// run under Cranelift only; the engine comparison uses the other builds.
pub fn run(builds: &[Build], runtimes: &[RuntimeKind], quick: bool) -> Result<BenchResults> {
    run_scoped(builds, runtimes, quick, &|_, _| true)
}

/// `run`, timing a build under a runtime only where `keep` says so (as
/// `compare` keeps wasmi and Wasmer to the default builds).
pub fn run_scoped(
    builds: &[Build],
    runtimes: &[RuntimeKind],
    quick: bool,
    keep: &dyn Fn(RuntimeKind, &Build) -> bool,
) -> Result<BenchResults> {
    // Every runtime first: one that cannot be had fails before the long part.
    let runners = runtimes.iter().map(|&k| instance::runner(k, Limits::default())).collect::<Result<Vec<_>>>()?;
    let sizes = if quick { vec![FULL_HD] } else { vec![FULL_HD, UHD] };
    let workloads: Vec<Workload> =
        sizes.into_iter().map(|s| Workload::random(s.width, s.height, 0xBE7C4 + s.width as u64)).collect();
    let plan = Plan::for_job(quick, EngineKind::Cranelift, false);
    let jobs: Vec<(&Build, RuntimeKind)> = jobs(builds, runtimes).into_iter().filter(|(b, k)| keep(*k, b)).collect();
    let passes = if quick { 1 } else { PASSES };
    let progress = crate::progress::bar((passes * jobs.len()) as u64, "benchmarking");
    let mut baselines = Vec::new();
    let mut rows: Vec<Vec<Timing>> = vec![Vec::new(); jobs.len()];
    for _ in 0..passes {
        baselines.push(Baselines {
            floor: native::copy_floor(&workloads, &plan),
            native: native::as_built(&workloads, &plan),
            native_avx2: native::library(Native::Avx2, &workloads, &plan),
            native_scalar: native::library(Native::Scalar, &workloads, &plan),
        });
        // Runtime by runtime (each compiles its modules its own way), in job order.
        for runner in &runners {
            let kind = runner.kind();
            for (i, (build, _)) in jobs.iter().enumerate().filter(|(_, (_, k))| *k == kind) {
                progress.set_message(format!("{} on {kind}", build.id));
                let plan = Plan::for_runtime(quick, kind, build.id.is_ladder());
                rows[i].push(bench_module(runner.as_ref(), build, &plan, &workloads));
                progress.inc(1);
            }
        }
    }
    progress.finish_and_clear();
    // Job order is runtime by runtime, as the tables expect (Wasmtime's first).
    let modules = rows.into_iter().map(Timing::pool).collect();
    Ok(BenchResults::new(quick, Baselines::pool(baselines), modules))
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

fn bench_module(runtime: &dyn Runner, build: &Build, plan: &Plan, workloads: &[Workload]) -> Timing {
    let subject = match runtime.kind() {
        RuntimeKind::Wasmtime(engine) => Subject::Wasm { build: build.id.clone(), engine },
        RuntimeKind::Other(other) => Subject::Other { build: build.id.clone(), runtime: other },
    };
    let mut timing = Timing::new(subject);
    if let Ok(bytes) = std::fs::read(&build.path) {
        timing.raw_bytes = Some(bytes.len());
        timing.simd = inspect::uses_simd(&bytes);
    }
    if let Err(e) = measure_module(runtime, build, plan, workloads, &mut timing) {
        timing.error = Some(format!("{e:#}"));
    }
    timing
}

fn measure_module(
    runtime: &dyn Runner,
    build: &Build,
    plan: &Plan,
    workloads: &[Workload],
    timing: &mut Timing,
) -> Result<()> {
    let name = build.id.to_string();
    let bytes = std::fs::read(&build.path).with_context(|| format!("cannot read {}", build.path.display()))?;
    let (module, compile) = compile(runtime, &name, &bytes, plan.compile_reps)?;
    timing.compile_ms = Some(compile);
    timing.instantiate_us = Some(instantiate(module.as_ref())?);
    let mut kernel = module.instantiate()?;
    timing.add_ns = Some(add_overhead(&mut *kernel, plan)?);
    timing.counter_ns = Some(counter_overhead(&mut *kernel, plan)?);
    for workload in workloads.iter().filter(|w| plan.sizes.contains(&Size::of(&w.input))) {
        for op in Op::ALL {
            let samples = time_wasm_image(&mut *kernel, op, workload, plan.image_reps)?;
            let size = Size::of(&workload.input);
            timing.images.push(ImageTiming::new(op, size, samples));
        }
    }
    Ok(())
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

/// Milliseconds per call; the input is rewritten before every run (not
/// timed) and the output checked after it.
fn time_wasm_image(kernel: &mut dyn Instance, op: Op, w: &Workload, reps: usize) -> Result<Vec<f64>> {
    let len = w.input.pixels.len() as i32;
    let (width, height) = (w.input.width as i32, w.input.height as i32);
    let src = kernel.alloc(len)?;
    let dst = kernel.alloc(len)?;
    ensure!(src != 0 && dst != 0, "alloc({len}) returned 0");
    let mut samples = Vec::new();
    for rep in 0..=reps {
        kernel.write(src, &w.input.pixels)?;
        let (status, t) = timed(|| match op {
            Op::Grayscale => kernel.grayscale(src, width, height),
            Op::Blur => kernel.blur(src, dst, width, height),
        });
        let status = status?;
        ensure!(status == 0, "{op:?} returned status {status}");
        let out = kernel.read(if op == Op::Grayscale { src } else { dst }, len as usize)?;
        if let Some(diff) = reference::first_difference(w.expected(op), out) {
            bail!("{op:?} {} gave a wrong answer while timed: {diff}", w.label);
        }
        if rep > 0 {
            samples.push(t.as_secs_f64() * 1e3); // rep 0 is the warm-up
        }
    }
    kernel.dealloc(src, len)?;
    kernel.dealloc(dst, len)?;
    Ok(samples)
}
