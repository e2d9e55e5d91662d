//! What `bench` measured, typed: who ran (a build under one of Wasmtime's
//! engines, a build or the JS fallback under V8, or rust/ compiled natively)
//! and the figures. The report layer only reads these; none of it is parsed
//! back out of a name.

use super::stats::Stats;
use super::web::{V8Timing, WebModule};
use crate::load::catalog::BuildId;
use crate::load::kernel::Op;
use crate::load::runtime::EngineKind;
use crate::verify::reference::Rgba;
use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};
use std::fmt;

/// An image size; `1920x1080` in tables and JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub width: usize,
    pub height: usize,
}

pub const FULL_HD: Size = Size { width: 1920, height: 1080 };
pub const UHD: Size = Size { width: 3840, height: 2160 };

impl Size {
    pub fn of(image: &Rgba) -> Size {
        Size { width: image.width, height: image.height }
    }

    /// RGBA bytes of an image this size.
    pub fn bytes(self) -> usize {
        self.width * self.height * 4
    }
}

impl fmt::Display for Size {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}x{}", self.width, self.height)
    }
}

impl Serialize for Size {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// rust/ compiled for this machine: the baselines every wasm time is divided by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Native {
    /// As the host is built: LLVM auto-vectorizes.
    AsBuilt,
    /// The same source with auto-vectorization off (host/native-scalar/).
    Scalar,
}

/// Where a timed row ran: one of Wasmtime's engines, or V8 (Node, by
/// web/bench-v8.mjs, read from target/web/v8.json). The columns of the
/// engine table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Wasmtime(EngineKind),
    V8,
}

impl Engine {
    /// Wasmtime's three, then V8.
    pub const ALL: [Engine; 4] = [
        Engine::Wasmtime(EngineKind::Cranelift),
        Engine::Wasmtime(EngineKind::Winch),
        Engine::Wasmtime(EngineKind::Pulley),
        Engine::V8,
    ];

    /// `cranelift`, `winch`, `pulley`, `v8`.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Wasmtime(kind) => kind.name(),
            Engine::V8 => "v8",
        }
    }
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Who ran the code a row times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Wasm {
        build: BuildId,
        engine: EngineKind,
    },
    /// A core module, or the plain-JS fallback, under Node's V8 (web/).
    V8(WebModule),
    Native(Native),
}

impl Subject {
    /// The build, if this row is that build under `engine`.
    pub fn on(&self, engine: EngineKind) -> Option<&BuildId> {
        match self {
            Subject::Wasm { build, engine: e } if *e == engine => Some(build),
            _ => None,
        }
    }

    /// The build, if this row is that build under `engine` (Wasmtime's or V8).
    pub fn under(&self, engine: Engine) -> Option<&BuildId> {
        match (self, engine) {
            (Subject::Wasm { engine: e, .. }, Engine::Wasmtime(kind)) if *e == kind => self.on(kind),
            (Subject::V8(module), Engine::V8) => module.core(),
            _ => None,
        }
    }

    /// Where the row ran; None for native Rust.
    pub fn engine(&self) -> Option<Engine> {
        match self {
            Subject::Wasm { engine, .. } => Some(Engine::Wasmtime(*engine)),
            Subject::V8(_) => Some(Engine::V8),
            Subject::Native(_) => None,
        }
    }

    /// `cranelift`, `winch`, `pulley`, `v8`, or `native`.
    pub fn engine_name(&self) -> &'static str {
        self.engine().map_or("native", Engine::name)
    }
}

/// The module column: `rust/tuned`, or which native baseline.
impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Wasm { build, .. } => build.fmt(f),
            Subject::V8(module) => module.fmt(f),
            Subject::Native(Native::AsBuilt) => f.write_str("native rust/ (host release build)"),
            Subject::Native(Native::Scalar) => f.write_str("native rust/ scalar (no auto-vectorization)"),
        }
    }
}

/// In JSON a subject is the two strings it always was: `module` and `engine`.
impl Serialize for Subject {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("Subject", 2)?;
        out.serialize_field("module", &self.to_string())?;
        out.serialize_field("engine", self.engine_name())?;
        out.end()
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct ImageTiming {
    pub op: Op,
    pub size: Size,
    pub ms: Stats,
    pub mb_per_s: f64,
    /// Median time / median native time (native row: 1.0).
    pub vs_native: f64,
    /// Median time / median time of native Rust with auto-vectorization off.
    pub vs_native_scalar: Option<f64>,
}

impl ImageTiming {
    /// Median and ratios of one kernel on one image size. `native` is None
    /// for the native row itself; `scalar` is None for both native rows.
    pub fn new(op: Op, size: Size, samples: Vec<f64>, native: Option<&Timing>, scalar: Option<&Timing>) -> Self {
        ImageTiming::of(op, size, Stats::of(samples), native, scalar)
    }

    /// The same from a median and spread measured elsewhere (V8).
    pub fn of(op: Op, size: Size, ms: Stats, native: Option<&Timing>, scalar: Option<&Timing>) -> Self {
        let ratio = |base: Option<&Timing>| base?.image(op, size).map(|n| ms.median / n.ms.median);
        ImageTiming {
            op,
            size,
            mb_per_s: size.bytes() as f64 / (ms.median / 1e3) / 1e6,
            vs_native: ratio(native).unwrap_or(1.0),
            vs_native_scalar: ratio(scalar),
            ms,
        }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    #[serde(flatten)]
    pub subject: Subject,
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
    pub fn new(subject: Subject) -> Timing {
        Timing {
            subject,
            raw_bytes: None,
            compile_ms: None,
            instantiate_us: None,
            add_ns: None,
            counter_ns: None,
            images: Vec::new(),
            error: None,
        }
    }

    pub fn image(&self, op: Op, size: Size) -> Option<&ImageTiming> {
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
    /// Every (build, engine) row: Wasmtime's first, as `bench` ran them;
    /// then, in `compare`, V8's from target/web/v8.json (`add_v8`).
    pub modules: Vec<Timing>,
}

impl BenchResults {
    /// Every build timed under `engine`, with its id, in run order.
    pub fn on(&self, engine: EngineKind) -> impl Iterator<Item = (&BuildId, &Timing)> + '_ {
        self.modules.iter().filter_map(move |t| Some((t.subject.on(engine)?, t)))
    }

    /// The same, leaving out ladder steps and rows that failed.
    pub fn good_on(&self, engine: EngineKind) -> impl Iterator<Item = (&BuildId, &Timing)> + '_ {
        self.on(engine).filter(|(id, t)| !id.is_ladder() && t.error.is_none())
    }

    /// `build`'s row under `engine`, if it was timed there.
    pub fn find(&self, build: &BuildId, engine: EngineKind) -> Option<&Timing> {
        self.on(engine).find(|(id, _)| *id == build).map(|(_, t)| t)
    }

    /// `build`'s row under any engine, V8 included.
    pub fn find_under(&self, build: &BuildId, engine: Engine) -> Option<&Timing> {
        self.modules.iter().find(|t| t.subject.under(engine) == Some(build))
    }

    /// Whether any row ran under `engine`.
    pub fn ran_under(&self, engine: Engine) -> bool {
        self.modules.iter().any(|t| t.subject.engine() == Some(engine))
    }

    /// web/fallback.js under V8: the JS baseline, if v8.json had it.
    pub fn js_fallback(&self) -> Option<&Timing> {
        self.modules.iter().find(|t| t.subject == Subject::V8(WebModule::Fallback))
    }

    /// Fold V8's timings in: one row per module (in the file's order), each
    /// image timed as a ratio to this run's native medians like every other
    /// row. A timing at a size native Rust was not timed at has no ratio and
    /// is left out.
    pub fn add_v8(&mut self, timings: &[V8Timing]) {
        let mut rows: Vec<Timing> = Vec::new();
        for v in timings {
            if self.native.image(v.op, v.size).is_none() {
                continue;
            }
            let image = ImageTiming::of(v.op, v.size, v.ms, Some(&self.native), Some(&self.native_scalar));
            let subject = Subject::V8(v.module.clone());
            match rows.iter_mut().find(|t| t.subject == subject) {
                Some(row) => row.images.push(image),
                None => {
                    let mut row = Timing::new(subject);
                    row.images.push(image);
                    rows.push(row);
                }
            }
        }
        self.modules.extend(rows);
    }
}

#[cfg(test)]
mod tests {
    use super::super::sample;
    use super::*;

    #[test]
    fn ratios_divide_by_the_native_medians() {
        let r = sample::results();
        let rust = r.find(&BuildId::new("rust", "default"), EngineKind::Cranelift).unwrap();
        let gray = rust.image(Op::Grayscale, FULL_HD).unwrap();
        assert_eq!((gray.ms.median, gray.vs_native, gray.vs_native_scalar), (3.0, 1.5, Some(1.2)));
        assert!((gray.mb_per_s - FULL_HD.bytes() as f64 / 3e3).abs() < 1e-9);
        assert_eq!(r.native.image(Op::Blur, FULL_HD).unwrap().vs_native, 1.0);
    }

    #[test]
    fn v8_rows_are_typed_and_divided_by_the_same_native_medians() {
        let mut r = sample::results();
        let dir = tempfile::tempdir().unwrap();
        crate::measure::web::sample::write(dir.path());
        r.add_v8(&crate::measure::web::read(dir.path()).v8);
        let fallback = r.js_fallback().unwrap();
        assert_eq!(fallback.subject.to_string(), "js/fallback");
        let gray = fallback.image(Op::Grayscale, FULL_HD).unwrap();
        assert_eq!((gray.ms.median, gray.vs_native, gray.vs_native_scalar), (10.0, 5.0, Some(4.0)));
        let rust = BuildId::new("rust", "default");
        let v8 = r.find_under(&rust, Engine::V8).unwrap();
        assert_eq!(v8.image(Op::Blur, FULL_HD).unwrap().vs_native, 2.0);
        assert!(r.ran_under(Engine::V8) && !r.ran_under(Engine::Wasmtime(EngineKind::Pulley)));
        // V8 rows stay out of every Wasmtime engine's rows.
        assert_eq!(r.on(EngineKind::Cranelift).count(), sample::results().on(EngineKind::Cranelift).count());
        assert_eq!(r.find_under(&rust, Engine::Wasmtime(EngineKind::Winch)).unwrap().subject.engine_name(), "winch");
        let json = serde_json::to_value(&r).unwrap();
        let last = json["modules"].as_array().unwrap().iter().find(|m| m["module"] == "js/fallback").unwrap();
        assert_eq!(last["engine"], "v8");
    }

    #[test]
    fn json_keeps_module_and_engine_strings() {
        let r = sample::results();
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["modules"][0]["module"], "rust/default");
        assert_eq!(json["modules"][0]["engine"], "cranelift");
        assert_eq!(json["modules"][0]["images"][0]["op"], "grayscale");
        assert_eq!(json["modules"][0]["images"][0]["size"], "1920x1080");
        assert_eq!(json["native"]["engine"], "native");
        assert_eq!(json["native_scalar"]["module"], "native rust/ scalar (no auto-vectorization)");
    }
}
