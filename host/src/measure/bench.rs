//! `rosetta bench`: every build beside native Rust, measured in one run so
//! each figure also reads as a ratio (wasm time / native time).
//!
//! Every timed image run is checked against the reference: a fast wrong
//! answer is a failure, not a result.

use super::native;
use super::stats::{timed, Stats};
use super::timing::{Baselines, BenchResults, ImageTiming, Native, Size, Subject, Timing, FULL_HD, UHD};
use crate::load::catalog::Build;
use crate::load::kernel::{Kernel, Op};
use crate::load::runtime::{EngineKind, Limits, Runtime};
use crate::verify::reference;
use crate::verify::workload::Workload;
use anyhow::{bail, ensure, Context, Result};
use std::hint::black_box;

/// How hard to measure one (module, engine) pair.
#[derive(Debug, Clone)]
pub(super) struct Plan {
    pub sizes: Vec<Size>,
    pub image_reps: usize,
    pub call_samples: usize,
    pub calls_per_sample: u32,
    pub compile_reps: usize,
}

impl Plan {
    pub fn for_job(quick: bool, engine: EngineKind, ladder: bool) -> Plan {
        let sizes = if quick || ladder || engine != EngineKind::Cranelift { vec![FULL_HD] } else { vec![FULL_HD, UHD] };
        let image_reps = match (quick, engine) {
            (true, _) | (false, EngineKind::Pulley) => 3,
            (false, _) if ladder => 5,
            (false, EngineKind::Winch) => 5,
            (false, EngineKind::Cranelift) => 11,
        };
        let calls_per_sample = if engine == EngineKind::Pulley { 20_000 } else { 200_000 };
        Plan {
            sizes,
            image_reps,
            call_samples: if quick { 3 } else { 7 },
            calls_per_sample: if quick { calls_per_sample / 4 } else { calls_per_sample },
            compile_reps: if quick { 1 } else { 3 },
        }
    }
}

/// Measure the native baselines, then every (build, engine) job. Ladder steps
/// run under Cranelift only; the engine comparison uses the other builds.
pub fn run(builds: &[Build], engines: &[EngineKind], quick: bool) -> Result<BenchResults> {
    let sizes = if quick { vec![FULL_HD] } else { vec![FULL_HD, UHD] };
    let workloads: Vec<Workload> =
        sizes.into_iter().map(|s| Workload::random(s.width, s.height, 0xBE7C4 + s.width as u64)).collect();
    let plan = Plan::for_job(quick, EngineKind::Cranelift, false);
    let baselines = Baselines {
        floor: native::copy_floor(&workloads, &plan),
        native: native::as_built(&workloads, &plan),
        native_avx2: native::library(Native::Avx2, &workloads, &plan),
        native_scalar: native::library(Native::Scalar, &workloads, &plan),
    };
    let jobs = jobs(builds, engines);
    let progress = crate::progress::bar(jobs.len() as u64, "benchmarking");
    let mut modules = Vec::new();
    for &engine in engines {
        let runtime = Runtime::new(engine, Limits::default())?;
        for (build, _) in jobs.iter().filter(|(_, e)| *e == engine) {
            progress.set_message(format!("{} on {engine}", build.id));
            let plan = Plan::for_job(quick, engine, build.id.is_ladder());
            modules.push(bench_module(&runtime, build, &plan, &workloads));
            progress.inc(1);
        }
    }
    progress.finish_and_clear();
    Ok(BenchResults::new(quick, baselines, modules))
}

/// Which builds run on which engine. Builds that miss a check on purpose
/// (a `.expect`) are lessons, not contenders, and are not timed.
fn jobs<'a>(builds: &'a [Build], engines: &[EngineKind]) -> Vec<(&'a Build, EngineKind)> {
    engines
        .iter()
        .flat_map(|&e| {
            builds.iter().filter(move |b| e == EngineKind::Cranelift || !b.id.is_ladder()).map(move |b| (b, e))
        })
        .filter(|(b, _)| b.unavailable.is_none() && b.expectations.is_empty())
        .collect()
}

fn bench_module(runtime: &Runtime, build: &Build, plan: &Plan, workloads: &[Workload]) -> Timing {
    let mut timing = Timing::new(Subject::Wasm { build: build.id.clone(), engine: runtime.kind });
    timing.raw_bytes = std::fs::metadata(&build.path).ok().map(|m| m.len() as usize);
    if let Err(e) = measure_module(runtime, build, plan, workloads, &mut timing) {
        timing.error = Some(format!("{e:#}"));
    }
    timing
}

fn measure_module(
    runtime: &Runtime,
    build: &Build,
    plan: &Plan,
    workloads: &[Workload],
    timing: &mut Timing,
) -> Result<()> {
    let name = build.id.to_string();
    let bytes = std::fs::read(&build.path).with_context(|| format!("cannot read {}", build.path.display()))?;
    let (module, compile) = compile(runtime, &name, &bytes, plan.compile_reps)?;
    timing.compile_ms = Some(compile);
    timing.instantiate_us = Some(instantiate(runtime, &name, &module)?);
    let mut kernel = Kernel::new(runtime, &name, &module)?;
    timing.add_ns = Some(add_overhead(&mut kernel, plan)?);
    timing.counter_ns = Some(counter_overhead(&mut kernel, plan)?);
    for workload in workloads.iter().filter(|w| plan.sizes.contains(&Size::of(&w.input))) {
        for op in Op::ALL {
            let samples = time_wasm_image(&mut kernel, op, workload, plan.image_reps)?;
            let size = Size::of(&workload.input);
            timing.images.push(ImageTiming::new(op, size, samples));
        }
    }
    Ok(())
}

/// Milliseconds per compile, `reps` times; the last module is kept.
fn compile(runtime: &Runtime, name: &str, bytes: &[u8], reps: usize) -> Result<(wasmtime::Module, Stats)> {
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
fn instantiate(runtime: &Runtime, name: &str, module: &wasmtime::Module) -> Result<Stats> {
    let mut samples = Vec::new();
    for _ in 0..10 {
        let (k, t) = timed(|| Kernel::new(runtime, name, module));
        k?;
        samples.push(t.as_secs_f64() * 1e6);
    }
    Ok(Stats::of(samples))
}

/// ns per host-to-wasm call of `add`, through the bare typed function.
fn add_overhead(kernel: &mut Kernel, plan: &Plan) -> Result<Stats> {
    let (add, store) = kernel.raw_add();
    let mut samples = Vec::new();
    for _ in 0..plan.call_samples {
        let (r, t) = timed(|| -> Result<()> {
            for i in 0..plan.calls_per_sample as i32 {
                black_box(add.call(&mut *store, (black_box(i), 1))?);
            }
            Ok(())
        });
        r?;
        samples.push(t.as_nanos() as f64 / plan.calls_per_sample as f64);
    }
    ensure!(add.call(&mut *store, (i32::MAX, 1))? == i32::MIN, "add gave a wrong answer while timed");
    Ok(Stats::of(samples))
}

fn counter_overhead(kernel: &mut Kernel, plan: &Plan) -> Result<Stats> {
    let h = kernel.counter_new()?;
    ensure!(h != 0, "counter_new returned 0");
    let (inc, store) = kernel.raw_counter_increment();
    let mut samples = Vec::new();
    let mut last = 0;
    for _ in 0..plan.call_samples {
        let (r, t) = timed(|| -> Result<i32> {
            let mut v = 0;
            for _ in 0..plan.calls_per_sample {
                v = inc.call(&mut *store, black_box(h))?;
            }
            Ok(v)
        });
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
fn time_wasm_image(kernel: &mut Kernel, op: Op, w: &Workload, reps: usize) -> Result<Vec<f64>> {
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
