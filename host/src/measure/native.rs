//! The baselines: rust/'s image kernels compiled for this machine, once as
//! the host is built (auto-vectorized) and once with auto-vectorization off.

use super::bench::Plan;
use super::stats::{timed, Stats};
use super::timing::{ImageTiming, Native, Size, Subject, Timing};
use crate::load::kernel::Op;
use crate::verify::reference;
use crate::verify::workload::Workload;
use anyhow::{Context, Result};
use std::hint::black_box;

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
pub fn as_built(workloads: &[Workload], plan: &Plan) -> Timing {
    let kernels =
        NativeKernels { grayscale: Box::new(rosetta_kernel::grayscale), blur: Box::new(rosetta_kernel::blur) };
    let mut timing = images(Native::AsBuilt, workloads, plan, &kernels, None);
    timing.add_ns = Some(calls(plan, |i| rosetta_kernel::add(black_box(i), 1)));
    let mut counter = rosetta_kernel::Counter::new();
    timing.counter_ns = Some(calls(plan, |_| black_box(&mut counter).increment()));
    timing
}

/// rust/src/image.rs built with auto-vectorization off (see host/build.rs),
/// loaded from the shared library the build made. An error row if it is missing.
pub fn scalar(workloads: &[Workload], plan: &Plan, native: &Timing) -> Timing {
    match load_scalar() {
        Ok((kernels, _library)) => images(Native::Scalar, workloads, plan, &kernels, Some(native)),
        Err(e) => Timing { error: Some(format!("{e:#}")), ..Timing::new(Subject::Native(Native::Scalar)) },
    }
}

type ScalarGray = unsafe extern "C" fn(*mut u8, usize);
type ScalarBlur = unsafe extern "C" fn(*const u8, *mut u8, usize, usize);

fn load_scalar() -> Result<(NativeKernels, libloading::Library)> {
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

fn images(which: Native, workloads: &[Workload], plan: &Plan, k: &NativeKernels, base: Option<&Timing>) -> Timing {
    let mut timing = Timing::new(Subject::Native(which));
    for w in workloads {
        for op in Op::ALL {
            let samples = time_image(k, op, w, plan.image_reps);
            timing.images.push(ImageTiming::new(op, Size::of(&w.input), samples, base, None));
        }
    }
    timing
}

fn calls(plan: &Plan, mut f: impl FnMut(i32) -> i32) -> Stats {
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

fn time_image(k: &NativeKernels, op: Op, w: &Workload, reps: usize) -> Vec<f64> {
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
