//! What `bench` measured, typed: who ran (a build under one of Wasmtime's
//! engines, a build or the JS fallback under V8, or rust/ compiled natively)
//! and the figures. The report layer only reads these; none of it is parsed
//! back out of a name.

use super::stats::{Interval, Stats};
use super::web::{V8Timing, WebModule};
use crate::load::catalog::BuildId;
use crate::load::instance::OtherRuntime;
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

/// What every wasm time is divided by, all measured natively in the same run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Native {
    /// rust/ as the host is built: LLVM auto-vectorizes (SSE2, x86-64's baseline).
    AsBuilt,
    /// The same source auto-vectorized for AVX2 (host/native-scalar/, built twice).
    Avx2,
    /// The same source with auto-vectorization off: the engine overhead of a
    /// scalar wasm build is its time divided by this one's.
    Scalar,
    /// The physical floor: a copy of the image between two buffers already
    /// touched, so no kernel that reads and writes every byte can beat it.
    CopyFloor,
    /// The native library a user would call instead, one thread: OpenCV's
    /// `cv2.blur(img, (3, 3), borderType=cv2.BORDER_REPLICATE)` and Pillow's
    /// `Image.convert("L")`, both bit-exact with the contract (measure/peers.rs).
    Peer,
}

impl Native {
    /// In the order the tables list them.
    pub const ALL: [Native; 5] = [Native::CopyFloor, Native::AsBuilt, Native::Avx2, Native::Scalar, Native::Peer];

    /// `copy-floor`, `native`, `native-avx2`, `native-scalar`, `peer`: in JSON.
    pub fn key(self) -> &'static str {
        match self {
            Native::CopyFloor => "copy-floor",
            Native::AsBuilt => "native",
            Native::Avx2 => "native-avx2",
            Native::Scalar => "native-scalar",
            Native::Peer => "peer",
        }
    }
}

impl Serialize for Native {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

/// Where a timed row ran: one of Wasmtime's engines, V8 (Node, by
/// web/bench-v8.mjs, read from target/web/v8.json), or another runtime
/// (wasmi, Wasmer; `bench --runtime`). The columns of the engine and
/// runtime tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Wasmtime(EngineKind),
    V8,
    Other(OtherRuntime),
}

impl Engine {
    /// Wasmtime's three, then V8.
    pub const ALL: [Engine; 4] = [
        Engine::Wasmtime(EngineKind::Cranelift),
        Engine::Wasmtime(EngineKind::Winch),
        Engine::Wasmtime(EngineKind::Pulley),
        Engine::V8,
    ];

    /// Every runtime, in the order of the runtime table: Wasmtime's three,
    /// wasmi, Wasmer's two, V8.
    pub const RUNTIMES: [Engine; 7] = [
        Engine::Wasmtime(EngineKind::Cranelift),
        Engine::Wasmtime(EngineKind::Winch),
        Engine::Wasmtime(EngineKind::Pulley),
        Engine::Other(OtherRuntime::Wasmi),
        Engine::Other(OtherRuntime::WasmerCranelift),
        Engine::Other(OtherRuntime::WasmerSinglepass),
        Engine::V8,
    ];

    /// `cranelift`, `winch`, `pulley`, `v8`, `wasmi`, `wasmer-cranelift`, `wasmer-singlepass`.
    pub fn name(self) -> &'static str {
        match self {
            Engine::Wasmtime(kind) => kind.name(),
            Engine::V8 => "v8",
            Engine::Other(other) => other.name(),
        }
    }

    /// The runtime's name as `--runtime` spells it (`wasmtime` is Cranelift), or `v8`.
    pub fn runtime_name(self) -> &'static str {
        match self {
            Engine::Wasmtime(kind) => crate::load::instance::RuntimeKind::Wasmtime(kind).name(),
            other => other.name(),
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
    /// A build under a runtime other than Wasmtime (`bench --runtime`).
    Other {
        build: BuildId,
        runtime: OtherRuntime,
    },
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
            (Subject::Other { build, runtime }, Engine::Other(other)) if *runtime == other => Some(build),
            _ => None,
        }
    }

    /// Where the row ran; None for native Rust.
    pub fn engine(&self) -> Option<Engine> {
        match self {
            Subject::Wasm { engine, .. } => Some(Engine::Wasmtime(*engine)),
            Subject::V8(_) => Some(Engine::V8),
            Subject::Other { runtime, .. } => Some(Engine::Other(*runtime)),
            Subject::Native(_) => None,
        }
    }

    /// `cranelift`, `winch`, `pulley`, `v8`, `wasmi`, `wasmer-…`, or `native`.
    pub fn engine_name(&self) -> &'static str {
        self.engine().map_or("native", Engine::name)
    }
}

/// The module column: `rust/tuned`, or which native baseline.
impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Wasm { build, .. } | Subject::Other { build, .. } => build.fmt(f),
            Subject::V8(module) => module.fmt(f),
            Subject::Native(Native::AsBuilt) => f.write_str("native rust/ (host release build)"),
            Subject::Native(Native::Avx2) => f.write_str("native rust/ AVX2 (auto-vectorized)"),
            Subject::Native(Native::Scalar) => f.write_str("native rust/ scalar (no auto-vectorization)"),
            Subject::Native(Native::CopyFloor) => f.write_str("copy floor (native copy of the image)"),
            Subject::Native(Native::Peer) => {
                f.write_str("peer: OpenCV cv2.blur, Pillow convert(\"L\") (native, one thread)")
            }
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

/// A time divided by a baseline's time round by round: the median of the
/// per-round ratios and its interval (`Interval`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Paired {
    pub against: Native,
    #[serde(flatten)]
    pub ratio: Interval,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImageTiming {
    pub op: Op,
    pub size: Size,
    pub ms: Stats,
    /// The 95% interval of the median time (ms), from the same samples.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ms_interval: Option<Interval>,
    pub mb_per_s: f64,
    /// Time / time of native rust/ as built (auto-vectorized): the median
    /// of the per-round ratios where `paired` has it, else median over median.
    pub vs_native: Option<f64>,
    /// The same against native rust/ with auto-vectorization off.
    pub vs_native_scalar: Option<f64>,
    /// The same against native rust/ auto-vectorized for AVX2.
    pub vs_native_avx2: Option<f64>,
    /// The same against the copy floor: how many image copies it costs.
    pub vs_floor: Option<f64>,
    /// The same against the peer (cv2.blur for blur, Pillow for grayscale).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub vs_peer: Option<f64>,
    /// Every ratio measured round by round against a baseline timed in the
    /// same round, with its interval; empty for rows timed elsewhere (V8).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub paired: Vec<Paired>,
}

impl ImageTiming {
    /// One kernel on one image size, from its samples (ms). The ratios come
    /// later, from [`BenchResults::new`], once every baseline is measured.
    pub fn new(op: Op, size: Size, samples: Vec<f64>) -> Self {
        ImageTiming::of(op, size, Stats::of(samples))
    }

    /// The same from a median and spread measured elsewhere (V8).
    pub fn of(op: Op, size: Size, ms: Stats) -> Self {
        ImageTiming {
            op,
            size,
            mb_per_s: size.bytes() as f64 / (ms.median / 1e3) / 1e6,
            ms_interval: None,
            vs_native: None,
            vs_native_scalar: None,
            vs_native_avx2: None,
            vs_floor: None,
            vs_peer: None,
            paired: Vec::new(),
            ms,
        }
    }

    /// One kernel timed in rounds: its times (ms) and, per baseline, its
    /// per-round ratios to that baseline timed beside it.
    pub fn paired(op: Op, size: Size, samples: Vec<f64>, ratios: &[(Native, Vec<f64>)]) -> Self {
        let mut i = ImageTiming::new(op, size, samples.clone());
        i.ms_interval = Some(Interval::of(&samples));
        i.paired = ratios
            .iter()
            .filter(|(_, r)| !r.is_empty())
            .map(|(against, r)| Paired { against: *against, ratio: Interval::of(r) })
            .collect();
        i
    }

    /// The per-round ratio to `against`, with its interval, if paired.
    pub fn ratio(&self, against: Native) -> Option<Interval> {
        self.paired.iter().find(|p| p.against == against).map(|p| p.ratio)
    }

    /// The ratio to `against` as the tables quote it (`vs_*`).
    pub fn vs(&self, against: Native) -> Option<f64> {
        match against {
            Native::AsBuilt => self.vs_native,
            Native::Scalar => self.vs_native_scalar,
            Native::Avx2 => self.vs_native_avx2,
            Native::CopyFloor => self.vs_floor,
            Native::Peer => self.vs_peer,
        }
    }
}

/// The native rows of one run, which every ratio divides by.
#[derive(Debug, Clone, Serialize)]
pub struct Baselines {
    /// A copy of the image: the floor.
    pub floor: Timing,
    /// rust/ as the host is built (auto-vectorized, SSE2).
    pub native: Timing,
    /// The same source auto-vectorized for AVX2; an error row where the CPU lacks it.
    pub native_avx2: Timing,
    /// The same source with auto-vectorization off.
    pub native_scalar: Timing,
    /// OpenCV and Pillow, one thread; an error row when they cannot be had.
    pub peer: Timing,
}

impl Baselines {
    pub fn get(&self, which: Native) -> &Timing {
        match which {
            Native::CopyFloor => &self.floor,
            Native::AsBuilt => &self.native,
            Native::Avx2 => &self.native_avx2,
            Native::Scalar => &self.native_scalar,
            Native::Peer => &self.peer,
        }
    }

    fn get_mut(&mut self, which: Native) -> &mut Timing {
        match which {
            Native::CopyFloor => &mut self.floor,
            Native::AsBuilt => &mut self.native,
            Native::Avx2 => &mut self.native_avx2,
            Native::Scalar => &mut self.native_scalar,
            Native::Peer => &mut self.peer,
        }
    }

    /// Fill in `t`'s ratios: the median of the per-round ratios where they
    /// were paired, else its median over the baseline's median (V8's rows,
    /// timed elsewhere).
    fn rebase(&self, t: &mut Timing) {
        for i in &mut t.images {
            let [native, scalar, avx2, floor, peer] =
                [Native::AsBuilt, Native::Scalar, Native::Avx2, Native::CopyFloor, Native::Peer].map(|which| {
                    match i.ratio(which) {
                        Some(paired) => Some(paired.median),
                        None => self.get(which).image(i.op, i.size).map(|b| i.ms.median / b.ms.median),
                    }
                });
            (i.vs_native, i.vs_native_scalar, i.vs_native_avx2, i.vs_floor, i.vs_peer) =
                (native, scalar, avx2, floor, peer);
        }
    }

    /// The baselines with their own ratios to each other filled in.
    pub fn rebased(mut self) -> Baselines {
        for which in Native::ALL {
            let mut row = self.get(which).clone();
            self.rebase(&mut row);
            *self.get_mut(which) = row;
        }
        self
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Timing {
    #[serde(flatten)]
    pub subject: Subject,
    pub raw_bytes: Option<usize>,
    /// The module uses simd128 instructions (`inspect::uses_simd`).
    #[serde(default)]
    pub simd: bool,
    pub compile_ms: Option<Stats>,
    pub instantiate_us: Option<Stats>,
    pub add_ns: Option<Stats>,
    pub counter_ns: Option<Stats>,
    pub images: Vec<ImageTiming>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// The module's sha256 (hex), for wasm rows.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// Another build with the very same bytes, whose measurement this row
    /// shares (identical bytes are measured once).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub same_bytes_as: Option<BuildId>,
}

impl Timing {
    /// A row with nothing measured yet.
    pub fn new(subject: Subject) -> Timing {
        Timing {
            subject,
            raw_bytes: None,
            simd: false,
            compile_ms: None,
            instantiate_us: None,
            add_ns: None,
            counter_ns: None,
            images: Vec::new(),
            error: None,
            sha256: None,
            same_bytes_as: None,
        }
    }

    pub fn image(&self, op: Op, size: Size) -> Option<&ImageTiming> {
        self.images.iter().find(|i| i.op == op && i.size == size)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct BenchResults {
    pub quick: bool,
    /// How the rounds went: their number, the seed of their shuffled order.
    pub rounds: Rounds,
    /// Builds with identical bytes (sha256), measured once: each group's
    /// first build is the one measured, the others say `same_bytes_as` it.
    pub same_bytes: Vec<SameBytes>,
    /// Two measurements of the same bytes in this run, side by side: how
    /// far apart the method puts one module from itself.
    pub noise: Vec<NoiseProbe>,
    /// The peers' versions (`opencv …; pillow …; numpy …`), when they ran.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub peers: Option<String>,
    #[serde(flatten)]
    pub baselines: Baselines,
    /// Every (build, engine) row: Wasmtime's first, as `bench` ran them;
    /// then, in `compare`, V8's from target/web/v8.json (`add_v8`).
    pub modules: Vec<Timing>,
}

/// How a run's rounds went.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Rounds {
    /// Rounds of the compiled engines (Cranelift, Winch, Wasmer's).
    pub compiled: usize,
    /// Rounds of the interpreters (Pulley, wasmi), which take longer.
    pub interpreted: usize,
    /// The seed of the per-round shuffle (`--seed` repeats the order).
    pub seed: u64,
}

/// Builds whose bytes are identical.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SameBytes {
    pub sha256: String,
    /// The measured build first.
    pub builds: Vec<BuildId>,
}

/// One module measured twice in the same rounds, as two independent jobs.
#[derive(Debug, Clone, Serialize)]
pub struct NoiseProbe {
    pub build: BuildId,
    pub op: Op,
    pub size: Size,
    /// Time / native rust/ as built, each measurement's median and interval.
    pub first: Interval,
    pub second: Interval,
}

impl NoiseProbe {
    /// |first / second - 1|: how far the two medians are apart.
    pub fn difference(&self) -> f64 {
        (self.first.median / self.second.median - 1.0).abs()
    }

    /// Whether the two intervals overlap, as they should.
    pub fn agree(&self) -> bool {
        self.first.overlaps(&self.second)
    }
}

impl BenchResults {
    /// One run's results, every ratio computed from its own baselines.
    pub fn new(quick: bool, baselines: Baselines, mut modules: Vec<Timing>) -> BenchResults {
        let baselines = baselines.rebased();
        for m in &mut modules {
            baselines.rebase(m);
        }
        BenchResults {
            quick,
            rounds: Rounds::default(),
            same_bytes: Vec::new(),
            noise: Vec::new(),
            peers: None,
            baselines,
            modules,
        }
    }

    /// The noise band of `op`: the largest difference between two
    /// measurements of the same bytes, if any module was measured twice.
    pub fn noise_band(&self, op: Op) -> Option<f64> {
        self.noise.iter().filter(|p| p.op == op).map(NoiseProbe::difference).reduce(f64::max)
    }

    /// rust/ as the host is built: the `×native` of every table.
    pub fn native(&self) -> &Timing {
        &self.baselines.native
    }

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
            if self.native().image(v.op, v.size).is_none() {
                continue;
            }
            let image = ImageTiming::of(v.op, v.size, v.ms);
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
        for row in &mut rows {
            self.baselines.rebase(row);
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
        assert_eq!((gray.ms.median, gray.vs_native, gray.vs_native_scalar), (3.0, Some(1.5), Some(1.2)));
        assert_eq!((gray.vs_native_avx2, gray.vs_floor), (Some(3.0), Some(3.0)));
        assert!((gray.mb_per_s - FULL_HD.bytes() as f64 / 3e3).abs() < 1e-9);
        assert_eq!(r.native().image(Op::Blur, FULL_HD).unwrap().vs_native, Some(1.0));
        // The baselines get ratios to each other: native scalar blur is 20 copies.
        let scalar = r.baselines.native_scalar.image(Op::Blur, FULL_HD).unwrap();
        assert_eq!((scalar.vs_native, scalar.vs_floor), (Some(5.0), Some(20.0)));
        assert_eq!(r.baselines.floor.image(Op::Blur, UHD).unwrap().vs_floor, Some(1.0));
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
        assert_eq!((gray.ms.median, gray.vs_native, gray.vs_native_scalar), (10.0, Some(5.0), Some(4.0)));
        assert_eq!(gray.vs_floor, Some(10.0));
        let rust = BuildId::new("rust", "default");
        let v8 = r.find_under(&rust, Engine::V8).unwrap();
        assert_eq!(v8.image(Op::Blur, FULL_HD).unwrap().vs_native, Some(2.0));
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
        assert_eq!(json["floor"]["module"], "copy floor (native copy of the image)");
        assert_eq!(json["native_avx2"]["images"][1]["vs_floor"], 2.0);
    }
}
