//! The baselines, all native: rust/'s image kernels as the host is built
//! (auto-vectorized), auto-vectorized for AVX2, and with auto-vectorization
//! off; and the copy floor.

use super::bench::Plan;
use super::stats::{timed, Stats};
use super::timing::{ImageTiming, Native, Size, Subject, Timing};
use crate::load::kernel::Op;
use crate::verify::reference;
use crate::verify::workload::Workload;
use anyhow::{bail, Context, Result};
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
    let mut timing = images(Native::AsBuilt, workloads, plan, &kernels);
    timing.add_ns = Some(calls(plan, |i| rosetta_kernel::add(black_box(i), 1)));
    let mut counter = rosetta_kernel::Counter::new();
    timing.counter_ns = Some(calls(plan, |_| black_box(&mut counter).increment()));
    timing
}

/// rust/'s kernels from one of the shared libraries host/build.rs made
/// (`Native::Scalar` or `Native::Avx2`); an error row if it cannot be had.
pub fn library(which: Native, workloads: &[Workload], plan: &Plan) -> Timing {
    match load(which) {
        Ok((kernels, _library)) => images(which, workloads, plan, &kernels),
        Err(e) => Timing { error: Some(format!("{e:#}")), ..Timing::new(Subject::Native(which)) },
    }
}

/// The floor: a copy of each image between two buffers already touched, in
/// the cache state every kernel is timed in (its input written just before,
/// its output written by the run before): the least a kernel that reads and
/// writes every byte can cost. Timed once per size; both kernels divide by it.
pub fn copy_floor(workloads: &[Workload], plan: &Plan) -> Timing {
    let mut timing = Timing::new(Subject::Native(Native::CopyFloor));
    for w in workloads {
        let mut src = vec![0u8; w.input.pixels.len()];
        let mut dst = vec![1u8; src.len()];
        let mut samples = Vec::new();
        for rep in 0..=plan.image_reps {
            src.copy_from_slice(&w.input.pixels);
            let (_, t) = timed(|| black_box(&mut dst).copy_from_slice(black_box(&src)));
            if rep > 0 {
                samples.push(t.as_secs_f64() * 1e3); // rep 0 is the warm-up
            }
        }
        for op in Op::ALL {
            timing.images.push(ImageTiming::new(op, Size::of(&w.input), samples.clone()));
        }
    }
    timing
}

type LibGray = unsafe extern "C" fn(*mut u8, usize);
type LibBlur = unsafe extern "C" fn(*const u8, *mut u8, usize, usize);

fn load(which: Native) -> Result<(NativeKernels, libloading::Library)> {
    let path = match which {
        Native::Scalar => env!("NATIVE_SCALAR_LIB"),
        Native::Avx2 if !has_avx2() => bail!("this CPU has no AVX2"),
        Native::Avx2 => env!("NATIVE_AVX2_LIB"),
        Native::AsBuilt | Native::CopyFloor => unreachable!("{which:?} is not a library"),
    };
    // SAFETY: the library is one host/build.rs compiled from our own source;
    // it runs no initialisers beyond Rust's own.
    let library = unsafe { libloading::Library::new(path) }.with_context(|| format!("cannot load {path}"))?;
    // SAFETY: the symbols have exactly these types in host/native-scalar/lib.rs.
    let (gray, blur): (LibGray, LibBlur) =
        unsafe { (*library.get::<LibGray>(b"rosetta_grayscale")?, *library.get::<LibBlur>(b"rosetta_blur")?) };
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

fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("avx2");
    #[cfg(not(target_arch = "x86_64"))]
    false
}

fn images(which: Native, workloads: &[Workload], plan: &Plan, k: &NativeKernels) -> Timing {
    let mut timing = Timing::new(Subject::Native(which));
    for w in workloads {
        for op in Op::ALL {
            let samples = time_image(k, op, w, plan.image_reps);
            timing.images.push(ImageTiming::new(op, Size::of(&w.input), samples));
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
