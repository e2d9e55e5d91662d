//! Hand-made bench results for the report layer's tests: fixed numbers, so
//! a table cell or a ratio can be checked exactly (no timing in any test).
//!
//! At 1080p (4K is four times as long): the copy floor 1 ms; native rust/
//! grayscale 2 ms, blur 4 ms; AVX2 1 and 2 ms; native scalar 2.5 and 20 ms.
//! The peers: Pillow's grayscale 2 ms, OpenCV's blur 8 ms.
//! So rust/default's 3 ms grayscale is ×1.5 native, ×1.2 scalar, ×3 copies.

use super::stats::Stats;
use super::timing::{Baselines, BenchResults, ImageTiming, Native, Size, Subject, Timing, FULL_HD, UHD};
use crate::load::catalog::BuildId;
use crate::load::kernel::Op;
use crate::load::runtime::EngineKind;

pub fn results() -> BenchResults {
    let baselines = Baselines {
        floor: native_row(Native::CopyFloor, 1.0, 1.0),
        native: native_row(Native::AsBuilt, 2.0, 4.0),
        native_avx2: native_row(Native::Avx2, 1.0, 2.0),
        native_scalar: native_row(Native::Scalar, 2.5, 20.0),
        peer: native_row(Native::Peer, 2.0, 8.0),
    };
    let cranelift = EngineKind::Cranelift;
    let mut modules = vec![
        wasm("rust", "default", cranelift, &[(FULL_HD, 3.0, 24.0), (UHD, 12.0, 96.0)]),
        wasm("rust", "simd", cranelift, &[(FULL_HD, 0.5, 5.0)]),
        wasm("rust", "ladder-01-release", cranelift, &[(FULL_HD, 2.75, 30.0)]),
        wasm("rust", "ladder-02-lto", cranelift, &[(FULL_HD, 3.25, 26.0)]),
        wasm("rust", "speed-01-plain", cranelift, &[(FULL_HD, 3.0, 60.0)]),
        wasm("go", "default", cranelift, &[(FULL_HD, 6.0, 50.0)]),
        wasm("go", "tuned", cranelift, &[]),
        wasm("rust", "default", EngineKind::Winch, &[(FULL_HD, 6.0, 48.0)]),
        wasm("go", "default", EngineKind::Winch, &[]),
    ];
    modules[5].add_ns = Some(Stats::of(vec![35.0]));
    modules[6].error = Some("blur gave a wrong answer while timed".into());
    modules[8].error = Some("winch: unsupported".into());
    BenchResults::new(true, baselines, modules)
}

/// A native row: grayscale and blur medians (ms) at 1080p, four times that at 4K.
fn native_row(which: Native, gray: f64, blur: f64) -> Timing {
    let mut t = Timing::new(Subject::Native(which));
    for (size, factor) in [(FULL_HD, 1.0), (UHD, 4.0)] {
        t.images.push(ImageTiming::new(Op::Grayscale, size, vec![gray * factor]));
        t.images.push(ImageTiming::new(Op::Blur, size, vec![blur * factor]));
    }
    if which == Native::AsBuilt {
        t.add_ns = Some(Stats::of(vec![0.5]));
    }
    t
}

/// A wasm row with grayscale and blur medians (ms) per size; 20 ns calls.
fn wasm(lang: &str, build: &str, engine: EngineKind, ms: &[(Size, f64, f64)]) -> Timing {
    let mut t = Timing::new(Subject::Wasm { build: BuildId::new(lang, build), engine });
    t.raw_bytes = Some(1000 + 100 * build.len());
    t.simd = build.contains("simd");
    t.compile_ms = Some(Stats::of(vec![5.0, 6.0, 7.0]));
    t.instantiate_us = Some(Stats::of(vec![15.0]));
    t.add_ns = Some(Stats::of(vec![20.0]));
    t.counter_ns = Some(Stats::of(vec![22.0]));
    for &(size, gray, blur) in ms {
        t.images.push(ImageTiming::new(Op::Grayscale, size, vec![gray]));
        t.images.push(ImageTiming::new(Op::Blur, size, vec![blur]));
    }
    t
}
