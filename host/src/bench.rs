//! `rosetta bench`: every build beside native Rust, measured in one run so
//! each figure also reads as a ratio (wasm time / native time).
//!
//! Every timed image run is checked against the reference: a fast wrong
//! answer is a failure, not a result.

use crate::catalog::Build;
use crate::cli::BenchArgs;
use crate::imagecmd::Op;
use crate::kernel::Kernel;
use crate::reference::{self, Rgba};
use crate::runtime::{EngineKind, Limits, Runtime};
use crate::stats::{timed, Stats};
use crate::verify::images::random_image;
use anyhow::{bail, ensure, Context, Result};
use serde::Serialize;
use std::hint::black_box;
use std::path::Path;
use std::process::ExitCode;

#[derive(Debug, Clone, Serialize)]
pub struct ImageTiming {
    pub op: String,
    pub size: String,
    pub ms: Stats,
    pub mb_per_s: f64,
    /// Median wasm time / median native time (native row: 1.0).
    pub vs_native: f64,
    /// Median time / median time of native Rust with auto-vectorization off.
    pub vs_native_scalar: Option<f64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    pub module: String,
    pub engine: String,
    pub raw_bytes: Option<usize>,
    pub compile_ms: Option<Stats>,
    pub instantiate_us: Option<Stats>,
    pub add_ns: Option<Stats>,
    pub counter_ns: Option<Stats>,
    pub images: Vec<ImageTiming>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Timing {
    /// A row with nothing measured yet.
    fn new(module: impl Into<String>, engine: &str) -> Timing {
        Timing {
            module: module.into(),
            engine: engine.into(),
            raw_bytes: None,
            compile_ms: None,
            instantiate_us: None,
            add_ns: None,
            counter_ns: None,
            images: Vec::new(),
            error: None,
        }
    }

    pub fn image(&self, op: &str, size: &str) -> Option<&ImageTiming> {
        self.images.iter().find(|i| i.op == op && i.size == size)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchResults {
    pub quick: bool,
    /// rust/ compiled for this machine as the host is (LLVM auto-vectorizes).
    pub native: Timing,
    /// The same source with auto-vectorization off (host/native-scalar/).
    pub native_scalar: Timing,
    pub modules: Vec<Timing>,
}

/// How hard to measure one (module, engine) pair.
#[derive(Debug, Clone)]
struct Plan {
    sizes: Vec<(usize, usize)>,
    image_reps: usize,
    call_samples: usize,
    calls_per_sample: u32,
    compile_reps: usize,
}

pub const FULL_HD: (usize, usize) = (1920, 1080);
pub const UHD: (usize, usize) = (3840, 2160);

impl Plan {
    fn for_job(quick: bool, engine: EngineKind, ladder: bool) -> Plan {
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

/// The input and the reference outputs of one image size, made once.
struct Workload {
    input: Rgba,
    gray: Rgba,
    blurred: Rgba,
}

impl Workload {
    fn new((w, h): (usize, usize)) -> Workload {
        let input = random_image(w, h, 0xBE7C4 + w as u64);
        Workload { gray: reference::grayscale(&input), blurred: reference::blur(&input), input }
    }

    fn label(&self) -> String {
        format!("{}x{}", self.input.width, self.input.height)
    }

    fn expected(&self, op: Op) -> &Rgba {
        match op {
            Op::Grayscale => &self.gray,
            Op::Blur => &self.blurred,
        }
    }
}

pub fn command(build_dir: &Path, args: &BenchArgs) -> Result<ExitCode> {
    let builds = crate::selected(build_dir, &args.select)?;
    let engines = if args.engines.is_empty() { EngineKind::ALL.to_vec() } else { args.engines.clone() };
    let results = run(&builds, &engines, args.quick)?;
    let tables = crate::speed::tables(&results);
    crate::report::print(args.select.format, &results, &tables)?;
    let failed = results.modules.iter().filter(|t| t.error.is_some()).count();
    Ok(if failed == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

/// Measure native Rust, then every (build, engine) job. Ladder steps run
/// under Cranelift only; the engine comparison uses the other builds.
pub fn run(builds: &[Build], engines: &[EngineKind], quick: bool) -> Result<BenchResults> {
    let sizes = if quick { vec![FULL_HD] } else { vec![FULL_HD, UHD] };
    let workloads: Vec<Workload> = sizes.into_iter().map(Workload::new).collect();
    let plan = Plan::for_job(quick, EngineKind::Cranelift, false);
    let native = native(&workloads, &plan);
    let native_scalar = native_scalar(&workloads, &plan, &native);
    let jobs: Vec<(&Build, EngineKind)> = engines
        .iter()
        .flat_map(|&e| builds.iter().filter(move |b| e == EngineKind::Cranelift || !b.is_ladder()).map(move |b| (b, e)))
        .filter(|(b, _)| b.unavailable.is_none() && b.expectations.is_empty())
        .collect();
    let progress = crate::report::progress_bar(jobs.len() as u64, "benchmarking");
    let mut modules = Vec::new();
    for &engine in engines {
        let runtime = Runtime::new(engine, Limits::default())?;
        for (build, _) in jobs.iter().filter(|(_, e)| *e == engine) {
            progress.set_message(format!("{} on {}", build.id(), engine.name()));
            let plan = Plan::for_job(quick, engine, build.is_ladder());
            modules.push(bench_module(&runtime, build, &plan, &workloads, [&native, &native_scalar]));
            progress.inc(1);
        }
    }
    progress.finish_and_clear();
    Ok(BenchResults { quick, native, native_scalar, modules })
}

/// The two native rows every figure is compared with.
type Baselines<'a> = [&'a Timing; 2];

fn bench_module(runtime: &Runtime, build: &Build, plan: &Plan, workloads: &[Workload], native: Baselines) -> Timing {
    let mut timing = Timing::new(build.id(), runtime.kind.name());
    timing.raw_bytes = std::fs::metadata(&build.path).ok().map(|m| m.len() as usize);
    if let Err(e) = measure_module(runtime, build, plan, workloads, native, &mut timing) {
        timing.error = Some(format!("{e:#}"));
    }
    timing
}

fn measure_module(
    runtime: &Runtime,
    build: &Build,
    plan: &Plan,
    workloads: &[Workload],
    native: Baselines,
    timing: &mut Timing,
) -> Result<()> {
    let name = build.id();
    let bytes = std::fs::read(&build.path).with_context(|| format!("cannot read {}", build.path.display()))?;
    let mut compile = Vec::new();
    let mut module = None;
    for _ in 0..plan.compile_reps {
        let (m, t) = timed(|| runtime.compile(&name, &bytes));
        compile.push(t.as_secs_f64() * 1e3);
        module = Some(m?);
    }
    let module = module.expect("compile_reps >= 1");
    timing.compile_ms = Some(Stats::of(compile));
    let mut inst = Vec::new();
    for _ in 0..10 {
        let (k, t) = timed(|| Kernel::new(runtime, &name, &module));
        k?;
        inst.push(t.as_secs_f64() * 1e6);
    }
    timing.instantiate_us = Some(Stats::of(inst));
    let mut kernel = Kernel::new(runtime, &name, &module)?;
    timing.add_ns = Some(add_overhead(&mut kernel, plan)?);
    timing.counter_ns = Some(counter_overhead(&mut kernel, plan)?);
    for workload in workloads.iter().filter(|w| plan.sizes.contains(&(w.input.width, w.input.height))) {
        for op in [Op::Grayscale, Op::Blur] {
            let samples = time_wasm_image(&mut kernel, op, workload, plan.image_reps)?;
            timing.images.push(ImageTiming::new(op, workload, samples, Some(native[0]), Some(native[1])));
        }
    }
    Ok(())
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
            bail!("{op:?} {} gave a wrong answer while timed: {diff}", w.label());
        }
        if rep > 0 {
            samples.push(t.as_secs_f64() * 1e3); // rep 0 is the warm-up
        }
    }
    kernel.dealloc(src, len)?;
    kernel.dealloc(dst, len)?;
    Ok(samples)
}

impl ImageTiming {
    /// Median and ratios of one kernel on one image size. `native` is None
    /// for the native row itself; `scalar` is None for both native rows.
    fn new(op: Op, w: &Workload, samples: Vec<f64>, native: Option<&Timing>, scalar: Option<&Timing>) -> ImageTiming {
        let ms = Stats::of(samples);
        let op = op_name(op);
        let ratio = |base: Option<&Timing>| base?.image(op, &w.label()).map(|n| ms.median / n.ms.median);
        ImageTiming {
            op: op.into(),
            size: w.label(),
            mb_per_s: w.input.pixels.len() as f64 / (ms.median / 1e3) / 1e6,
            vs_native: ratio(native).unwrap_or(1.0),
            vs_native_scalar: ratio(scalar),
            ms,
        }
    }
}

pub fn op_name(op: Op) -> &'static str {
    match op {
        Op::Grayscale => "grayscale",
        Op::Blur => "blur",
    }
}

/// grayscale(pixels), natively.
type GrayFn = Box<dyn Fn(&mut [u8])>;
/// blur(src, dst, width, height), natively.
type BlurFn = Box<dyn Fn(&[u8], &mut [u8], usize, usize)>;

/// A native build of rust/'s two image kernels.
struct NativeKernels {
    grayscale: GrayFn,
    blur: BlurFn,
}

/// The same work on rust/ compiled for this machine: the baseline.
fn native(workloads: &[Workload], plan: &Plan) -> Timing {
    let kernels =
        NativeKernels { grayscale: Box::new(rosetta_kernel::grayscale), blur: Box::new(rosetta_kernel::blur) };
    let mut timing = native_images("native rust/ (host release build)", workloads, plan, &kernels, None);
    timing.add_ns = Some(native_calls(plan, |i| rosetta_kernel::add(black_box(i), 1)));
    let mut counter = rosetta_kernel::Counter::new();
    timing.counter_ns = Some(native_calls(plan, |_| black_box(&mut counter).increment()));
    timing
}

/// rust/src/image.rs built with auto-vectorization off (see host/build.rs),
/// loaded from the shared library the build made. An error row if it is missing.
fn native_scalar(workloads: &[Workload], plan: &Plan, native: &Timing) -> Timing {
    const NAME: &str = "native rust/ scalar (no auto-vectorization)";
    match load_native_scalar() {
        Ok((kernels, _library)) => native_images(NAME, workloads, plan, &kernels, Some(native)),
        Err(e) => Timing { error: Some(format!("{e:#}")), ..Timing::new(NAME, "native") },
    }
}

type ScalarGray = unsafe extern "C" fn(*mut u8, usize);
type ScalarBlur = unsafe extern "C" fn(*const u8, *mut u8, usize, usize);

fn load_native_scalar() -> Result<(NativeKernels, libloading::Library)> {
    let path = env!("NATIVE_SCALAR_LIB");
    // SAFETY: the library is the one host/build.rs compiled from our own source;
    // it runs no initialisers beyond Rust's own.
    let library = unsafe { libloading::Library::new(path) }.with_context(|| format!("cannot load {path}"))?;
    // SAFETY: the symbols have exactly these types in host/native-scalar/lib.rs.
    let (gray, blur): (ScalarGray, ScalarBlur) =
        unsafe { (*library.get::<ScalarGray>(b"scalar_grayscale")?, *library.get::<ScalarBlur>(b"scalar_blur")?) };
    let kernels = NativeKernels {
        // SAFETY: the slices give valid, non-overlapping pointers and lengths.
        grayscale: Box::new(move |px: &mut [u8]| unsafe { gray(px.as_mut_ptr(), px.len()) }),
        blur: Box::new(move |src: &[u8], dst: &mut [u8], w, h| {
            assert!(src.len() == w * h * 4 && dst.len() == src.len());
            unsafe { blur(src.as_ptr(), dst.as_mut_ptr(), w, h) }
        }),
    };
    Ok((kernels, library))
}

fn native_images(name: &str, workloads: &[Workload], plan: &Plan, k: &NativeKernels, base: Option<&Timing>) -> Timing {
    let mut timing = Timing::new(name, "native");
    for w in workloads {
        for op in [Op::Grayscale, Op::Blur] {
            let samples = time_native_image(k, op, w, plan.image_reps);
            timing.images.push(ImageTiming::new(op, w, samples, base, None));
        }
    }
    timing
}

fn native_calls(plan: &Plan, mut f: impl FnMut(i32) -> i32) -> Stats {
    let samples = (0..plan.call_samples)
        .map(|_| {
            let (_, t) = timed(|| {
                (0..plan.calls_per_sample as i32).for_each(|i| {
                    black_box(f(i));
                })
            });
            t.as_nanos() as f64 / plan.calls_per_sample as f64
        })
        .collect();
    Stats::of(samples)
}

fn time_native_image(k: &NativeKernels, op: Op, w: &Workload, reps: usize) -> Vec<f64> {
    let (width, height) = (w.input.width, w.input.height);
    let mut buf = w.input.pixels.clone();
    let mut dst = vec![0u8; buf.len()];
    let mut samples = Vec::new();
    for rep in 0..=reps {
        buf.copy_from_slice(&w.input.pixels);
        let (_, t) = timed(|| match op {
            Op::Grayscale => (k.grayscale)(black_box(&mut buf)),
            Op::Blur => (k.blur)(black_box(&buf), black_box(&mut dst), width, height),
        });
        let out = if op == Op::Grayscale { &buf } else { &dst };
        assert!(
            reference::first_difference(w.expected(op), out).is_none(),
            "native rust/ disagrees with the reference: `cargo test -p rosetta-kernel` should catch this"
        );
        if rep > 0 {
            samples.push(t.as_secs_f64() * 1e3);
        }
    }
    samples
}
