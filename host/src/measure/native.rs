//! The baselines, all native: rust/'s image kernels as the host is built
//! (auto-vectorized), auto-vectorized for AVX2, and with auto-vectorization
//! off; the copy floor; and the peers (OpenCV, Pillow: measure/peers.rs).
//! Each is timed one call at a time, in the same round as the wasm call it
//! is set against (measure/bench.rs).

use super::bench::Plan;
use super::peers::Peers;
use super::stats::{timed, Stats};
use super::timing::Native;
use crate::load::kernel::Op;
use crate::verify::reference;
use crate::verify::workload::Workload;
use anyhow::{bail, ensure, Context, Result};
use std::hint::black_box;

/// grayscale(pixels), natively.
type GrayFn = Box<dyn Fn(&mut [u8])>;
/// blur(src, dst, width, height), natively.
type BlurFn = Box<dyn Fn(&[u8], &mut [u8], usize, usize)>;

/// A native build of rust/'s two image kernels.
struct NativeKernels {
    grayscale: GrayFn,
    blur: BlurFn,
    /// The shared library the functions live in, kept loaded.
    _library: Option<libloading::Library>,
}

/// Every baseline that could be had, with buffers to time them in; why
/// the others could not.
pub struct Natives {
    as_built: NativeKernels,
    avx2: Result<NativeKernels, String>,
    scalar: Result<NativeKernels, String>,
    peers: Result<Peers, String>,
    src: Vec<u8>,
    dst: Vec<u8>,
}

impl Natives {
    /// Load the libraries host/build.rs made and, if `peers`, start the
    /// peers' process with `workloads`' images.
    pub fn load(workloads: &[Workload], peers: bool) -> Natives {
        let largest = workloads.iter().map(|w| w.input.pixels.len()).max().unwrap_or(0);
        let peers = if peers {
            Peers::start(workloads).map_err(|e| format!("{e:#}"))
        } else {
            Err("not asked for (`compare` times them; `bench --peers` too)".into())
        };
        Natives {
            as_built: NativeKernels {
                grayscale: Box::new(rosetta_kernel::grayscale),
                blur: Box::new(rosetta_kernel::blur),
                _library: None,
            },
            avx2: library(Native::Avx2).map_err(|e| format!("{e:#}")),
            scalar: library(Native::Scalar).map_err(|e| format!("{e:#}")),
            peers,
            src: vec![0; largest],
            dst: vec![1; largest],
        }
    }

    /// Why `which` cannot be timed, if it cannot.
    pub fn unavailable(&self, which: Native) -> Option<&str> {
        match which {
            Native::Avx2 => self.avx2.as_ref().err(),
            Native::Scalar => self.scalar.as_ref().err(),
            Native::Peer => self.peers.as_ref().err(),
            Native::AsBuilt | Native::CopyFloor => None,
        }
        .map(String::as_str)
    }

    /// The peers failed mid-run: they are unavailable from now on, and say why.
    pub fn lose_peers(&mut self, why: String) {
        if self.peers.is_ok() {
            self.peers = Err(format!("failed during the run: {why}"));
        }
    }

    /// The peers' versions, if they run.
    pub fn peer_versions(&self) -> Option<&str> {
        self.peers.as_ref().ok().map(|p| p.versions.as_str())
    }

    /// One timed call of `which` on workload `index` of `workloads`, in ms,
    /// its input written just before (not timed) and its output checked.
    pub fn time(&mut self, which: Native, op: Op, workloads: &[Workload], index: usize) -> Result<f64> {
        let w = &workloads[index];
        let len = w.input.pixels.len();
        let (src, dst) = (&mut self.src[..len], &mut self.dst[..len]);
        src.copy_from_slice(&w.input.pixels);
        let kernels = match which {
            Native::CopyFloor => {
                let (_, t) = timed(|| black_box(&mut *dst).copy_from_slice(black_box(&*src)));
                return Ok(t.as_secs_f64() * 1e3);
            }
            Native::Peer => {
                let peers = self.peers.as_mut().map_err(|e| anyhow::anyhow!("{e}"))?;
                return peers.time(op, index);
            }
            Native::AsBuilt => &self.as_built,
            Native::Avx2 => self.avx2.as_ref().map_err(|e| anyhow::anyhow!("{e}"))?,
            Native::Scalar => self.scalar.as_ref().map_err(|e| anyhow::anyhow!("{e}"))?,
        };
        let (width, height) = (w.input.width, w.input.height);
        let (_, t) = timed(|| match op {
            Op::Grayscale => (kernels.grayscale)(black_box(&mut *src)),
            Op::Blur => (kernels.blur)(black_box(&*src), black_box(&mut *dst), width, height),
        });
        let out = if op == Op::Grayscale { &*src } else { &*dst };
        ensure!(
            reference::first_difference(w.expected(op), out).is_none(),
            "native rust/ ({}) disagrees with the reference: `cargo test -p rosetta-kernel` should catch this",
            which.key()
        );
        Ok(t.as_secs_f64() * 1e3)
    }
}

/// ns per call of `add` and of `Counter::increment`, natively.
pub fn call_overheads(plan: &Plan) -> (Stats, Stats) {
    let add = calls(plan, |i| rosetta_kernel::add(black_box(i), 1));
    let mut counter = rosetta_kernel::Counter::new();
    let increment = calls(plan, |_| black_box(&mut counter).increment());
    (add, increment)
}

type LibGray = unsafe extern "C" fn(*mut u8, usize);
type LibBlur = unsafe extern "C" fn(*const u8, *mut u8, usize, usize);

/// rust/'s kernels from one of the shared libraries host/build.rs made.
fn library(which: Native) -> Result<NativeKernels> {
    let path = match which {
        Native::Scalar => env!("NATIVE_SCALAR_LIB"),
        Native::Avx2 if !has_avx2() => bail!("this CPU has no AVX2"),
        Native::Avx2 => env!("NATIVE_AVX2_LIB"),
        _ => unreachable!("{which:?} is not a library"),
    };
    // SAFETY: the library is one host/build.rs compiled from our own source;
    // it runs no initialisers beyond Rust's own.
    let library = unsafe { libloading::Library::new(path) }.with_context(|| format!("cannot load {path}"))?;
    // SAFETY: the symbols have exactly these types in host/native-scalar/lib.rs.
    let (gray, blur): (LibGray, LibBlur) =
        unsafe { (*library.get::<LibGray>(b"rosetta_grayscale")?, *library.get::<LibBlur>(b"rosetta_blur")?) };
    Ok(NativeKernels {
        // SAFETY: the slices give valid, non-overlapping pointers and lengths.
        grayscale: Box::new(move |px: &mut [u8]| unsafe { gray(px.as_mut_ptr(), px.len()) }),
        blur: Box::new(move |src: &[u8], dst: &mut [u8], w, h| {
            assert!(src.len() == w * h * 4 && dst.len() == src.len());
            unsafe { blur(src.as_ptr(), dst.as_mut_ptr(), w, h) }
        }),
        _library: Some(library),
    })
}

fn has_avx2() -> bool {
    #[cfg(target_arch = "x86_64")]
    return std::arch::is_x86_feature_detected!("avx2");
    #[cfg(not(target_arch = "x86_64"))]
    false
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
