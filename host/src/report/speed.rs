//! The tables of `bench`: speed beside native Rust, against the floor (a copy
//! of the image), the three engines, SIMD against scalar, and one
//! optimization ladder per language. When
//! `compare` has folded in V8's numbers (target/web/v8.json), the engine
//! table gets a V8 column and the speed tables a `js/fallback` row: the
//! contract in plain JavaScript under V8, the JS baseline.

use super::Table;
use crate::load::catalog::BuildId;
use crate::load::instance::WASMEDGE;
use crate::load::kernel::Op;
use crate::load::runtime::EngineKind;
use crate::measure::peers::peer_name;
use crate::measure::stats::{Interval, Stats};
use crate::measure::timing::{BenchResults, Engine, ImageTiming, Native, Size, Subject, Timing, FULL_HD, UHD};
use crate::measure::web::WebModule;

const CRANELIFT: EngineKind = EngineKind::Cranelift;

/// The module column of the JS baseline's row.
const FALLBACK_ROW: &str = "js/fallback (plain JS under V8)";

/// "×1.05 [1.01–1.09] (8.10 ms)": the median of the per-round ratios to
/// native Rust, its 95% interval, and the median time; for a row timed
/// elsewhere (V8) "8.10 (8.00–8.30) ×1.05": the time's median and spread,
/// and its median over native's.
fn image_cell(t: &Timing, op: Op, size: Size) -> String {
    match t.image(op, size) {
        Some(i) => match i.ratio(Native::AsBuilt) {
            Some(r) => format!("×{} ({:.2} ms)", r.show(2), i.ms.median),
            None => format!("{} ×{}", i.ms.show(2), ratio(i.vs_native)),
        },
        None => "–".into(),
    }
}

/// A ratio to `against` with its interval where it was paired: "1.38
/// [1.31–1.45]"; "1.38" where it was not; "–" where there is none.
fn paired_cell(i: Option<&ImageTiming>, against: Native) -> String {
    let Some(i) = i else { return "–".into() };
    match i.ratio(against) {
        Some(r) => show_interval(r),
        None => copies(i.vs(against)),
    }
}

/// "1.38 [1.31–1.45]", two decimals below 10, one above.
fn show_interval(r: Interval) -> String {
    r.show(if r.median < 10.0 { 2 } else { 1 })
}

/// "1.05", or "–" where the baseline was not measured.
fn ratio(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |x| format!("{x:.2}"))
}

/// "8.5", "0.77": how many copies of the image a time is worth.
fn copies(x: Option<f64>) -> String {
    x.map_or_else(|| "–".into(), |x| if x < 10.0 { format!("{x:.2}") } else { format!("{x:.1}") })
}

fn stat_cell(s: Option<Stats>, decimals: usize) -> String {
    s.map(|s| s.show(decimals)).unwrap_or_else(|| "–".into())
}

pub fn tables(r: &BenchResults) -> Vec<Table> {
    let mut tables = vec![
        speed_table(r),
        floor_table(r),
        engines_table(r),
        runtimes_table(r),
        runtime_detail_table(r),
        simd_table(r),
    ];
    tables.extend(ladder_tables(r));
    tables.push(noise_table(r));
    tables.push(same_bytes_table(r));
    tables.retain(|t| !t.rows.is_empty());
    tables
}

/// The short form for the front README: ratios at 1080p to the peer, to
/// native (as built and scalar) and to the floor, each with its interval.
pub fn summary_table(r: &BenchResults) -> Table {
    let mut t = Table::new(
        "Speed at 1080p under Cranelift (lower is faster), each the median of per-round ratios [95% interval]: ×peer = time / OpenCV's cv2.blur or Pillow's convert(\"L\") (one thread; Pillow writes one byte a pixel, the kernel four); ×native = time / rust/ built natively as usual (auto-vectorized); ×native scalar = the same source natively with auto-vectorization off; ×copy = time / a native copy of the image (the floor)",
        &[
            "module",
            "grayscale ×Pillow",
            "grayscale ×native",
            "grayscale ×native scalar",
            "grayscale ×copy",
            "blur ×cv2.blur",
            "blur ×native",
            "blur ×native scalar",
            "blur ×copy",
            "add ns/call",
        ],
    );
    let peer = peer_unavailable(r);
    for m in r.js_fallback().into_iter().chain(r.good_on(CRANELIFT).map(|(_, m)| m)) {
        let mut row = vec![module_name(m)];
        for op in Op::ALL {
            let i = m.image(op, FULL_HD);
            row.push(if peer.is_some() { "unavailable".into() } else { paired_cell(i, Native::Peer) });
            row.push(paired_cell(i, Native::AsBuilt));
            row.push(paired_cell(i, Native::Scalar));
            row.push(paired_cell(i, Native::CopyFloor));
        }
        row.push(m.add_ns.map(|s| format!("{:.1}", s.median)).unwrap_or_default());
        t.row(row);
    }
    t.notes.extend(peer.map(|e| format!("peers unavailable: {e}")));
    t.notes.extend(noise_note(r));
    if r.js_fallback().is_some() {
        t.notes.push(v8_note());
    }
    t
}

/// Why the peers were not timed, if they were not.
fn peer_unavailable(r: &BenchResults) -> Option<&str> {
    r.baselines.peer.error.as_deref()
}

/// One line: how far two measurements of the same bytes landed apart.
fn noise_note(r: &BenchResults) -> Option<String> {
    let band: Vec<String> =
        Op::ALL.iter().filter_map(|&op| Some(format!("{} {:.1}%", op.name(), 100.0 * r.noise_band(op)?))).collect();
    (!band.is_empty()).then(|| {
        format!(
            "noise band of this run: the same bytes measured twice differ by up to {} (×native); a difference smaller than the intervals is within noise",
            band.join(", ")
        )
    })
}

/// The module column: the build (and which build it shares its bytes and
/// so its measurement with), or what the JS baseline is.
fn module_name(m: &Timing) -> String {
    match (&m.subject, &m.same_bytes_as) {
        (Subject::V8(WebModule::Fallback), _) => FALLBACK_ROW.into(),
        (subject, Some(first)) => format!("{subject} (same bytes as {first})"),
        (subject, None) => subject.to_string(),
    }
}

/// Under the tables a V8 figure appears in.
fn v8_note() -> String {
    format!(
        "{FALLBACK_ROW} and the V8 column: Node's V8, web/bench-v8.mjs (target/web/v8.json), timed like Wasmtime here (the export call alone, 1080p); ×native divides by this run's native medians"
    )
}

fn speed_table(r: &BenchResults) -> Table {
    let mut t = Table::new(
        "Speed under Cranelift: median (min–max); ×native = time / native rust/ as built (auto-vectorized)",
        &[
            "module",
            "compile ms",
            "instantiate µs",
            "add ns/call",
            "counter ns/call",
            "grayscale 1080p ms",
            "blur 1080p ms",
            "grayscale 4K ms",
            "blur 4K ms",
        ],
    );
    let builds = r.on(CRANELIFT).filter(|(id, _)| !id.is_ladder()).map(|(_, m)| m);
    for m in baselines(r).chain(r.js_fallback()).chain(builds) {
        if let (Some(e), Subject::Native(Native::Peer)) = (&m.error, &m.subject) {
            t.notes.push(format!("{}: unavailable: {e}", m.subject));
            continue;
        }
        if let Some(e) = &m.error {
            let mut row = vec![m.subject.to_string(), "error".into()];
            row.resize(t.headers.len(), String::new());
            t.row(row);
            t.notes.push(format!("{}: {e}", m.subject));
            continue;
        }
        t.row(vec![
            module_name(m),
            stat_cell(m.compile_ms, 1),
            stat_cell(m.instantiate_us, 0),
            stat_cell(m.add_ns, 1),
            stat_cell(m.counter_ns, 1),
            image_cell(m, Op::Grayscale, FULL_HD),
            image_cell(m, Op::Blur, FULL_HD),
            image_cell(m, Op::Grayscale, UHD),
            image_cell(m, Op::Blur, UHD),
        ]);
    }
    if r.js_fallback().is_some() {
        t.notes.push(v8_note());
    }
    // A projector's terminal: the module and the two kernels at 1080p.
    t.brief(&[0, 5, 6]);
    t
}

/// The four native rows, floor first.
fn baselines(r: &BenchResults) -> impl Iterator<Item = &Timing> {
    Native::ALL.into_iter().map(|which| r.baselines.get(which))
}

/// Every build against the floor, the three native builds of rust/ and the
/// peer, 1080p.
fn floor_table(r: &BenchResults) -> Table {
    let mut headers = vec!["module".to_string()];
    for op in Op::ALL {
        let op = op.name();
        headers.extend([format!("{op} ms"), format!("{op} ×copy"), format!("{op} ×native")]);
        headers.extend([format!("{op} ×AVX2"), format!("{op} ×scalar"), format!("{op} ×peer")]);
    }
    let mut t = Table {
        title: "Against the floor and the peers, Cranelift, 1080p, each the median of per-round ratios [95% interval]: ×copy = time / a native copy of the image (the least a kernel that reads and writes every byte can cost); ×native, ×AVX2 = time / rust/ natively auto-vectorized for SSE2 (as built), for AVX2; ×scalar = time / the same source natively without auto-vectorization (for rust/'s scalar builds: the engine's overhead alone); ×peer = time / OpenCV's cv2.blur (blur) or Pillow's convert(\"L\") (grayscale; Pillow writes one byte a pixel, the kernel four), one thread".into(),
        headers,
        ..Table::default()
    };
    let builds = r.good_on(CRANELIFT).map(|(_, m)| m);
    for m in baselines(r).chain(r.js_fallback()).chain(builds).filter(|m| m.error.is_none()) {
        let mut row = vec![module_name(m)];
        for op in Op::ALL {
            row.extend(floor_cells(m.image(op, FULL_HD)));
        }
        t.row(row);
    }
    for e in baselines(r).filter_map(|m| Some(format!("{}: {}", m.subject, m.error.as_ref()?))) {
        t.notes.push(e);
    }
    // ×native and ×peer of each kernel.
    t.brief(&[0, 3, 6, 9, 12]);
    if let Some(versions) = &r.peers {
        t.notes.push(format!("peers: {versions}; {} and {}, one thread (cv2.setNumThreads(1)), timed inside Python (perf_counter_ns) in the same rounds", peer_name(Op::Blur), peer_name(Op::Grayscale)));
    }
    t
}

/// ms, ×copy, ×native, ×AVX2, ×scalar, ×peer of one kernel.
fn floor_cells(i: Option<&ImageTiming>) -> [String; 6] {
    let Some(i) = i else { return std::array::from_fn(|_| "–".into()) };
    [
        format!("{:.2}", i.ms.median),
        paired_cell(Some(i), Native::CopyFloor),
        paired_cell(Some(i), Native::AsBuilt),
        paired_cell(Some(i), Native::Avx2),
        paired_cell(Some(i), Native::Scalar),
        paired_cell(Some(i), Native::Peer),
    ]
}

fn engines_table(r: &BenchResults) -> Table {
    let engines: Vec<Engine> = Engine::ALL.into_iter().filter(|&e| r.ran_under(e)).collect();
    // V8's numbers are image kernels only: no compile column of its own.
    let compiled: Vec<Engine> = engines.iter().copied().filter(|&e| e != Engine::V8).collect();
    let mut headers = vec!["module".to_string()];
    headers.extend(compiled.iter().map(|e| format!("compile ms ({e})")));
    for what in ["grayscale 1080p ms", "blur 1080p ms"] {
        headers.extend(engines.iter().map(|e| format!("{what} ({e})")));
    }
    let v8 = engines.contains(&Engine::V8);
    let mut t = Table {
        title: format!(
            "Engines: Cranelift (optimizing), Winch (baseline), Pulley (interpreter){}; ×native at 1080p",
            if v8 { ", V8 (Node)" } else { "" }
        ),
        headers,
        ..Table::default()
    };
    if engines.len() < 2 {
        return t;
    }
    // The JS baseline first: it ran under V8 only.
    if let Some(fallback) = r.js_fallback() {
        let mut row = vec![module_name(fallback)];
        row.extend(compiled.iter().map(|_| "–".to_string()));
        for op in Op::ALL {
            row.extend(engines.iter().map(|&e| match e {
                Engine::V8 => image_cell(fallback, op, FULL_HD),
                Engine::Wasmtime(_) | Engine::Other(_) => "–".into(),
            }));
        }
        t.row(row);
    }
    for (id, _) in r.on(CRANELIFT).filter(|(id, _)| !id.is_ladder()) {
        let per_engine: Vec<Option<&Timing>> = engines.iter().map(|&e| r.find_under(id, e)).collect();
        let compile = engines.iter().zip(&per_engine).filter(|(&e, _)| e != Engine::V8);
        let mut row = vec![id.to_string()];
        row.extend(compile.map(|(_, x)| cell_or_error(*x, |x| stat_cell(x.compile_ms, 1))));
        for op in Op::ALL {
            row.extend(per_engine.iter().map(|x| cell_or_error(*x, |x| image_cell(x, op, FULL_HD))));
        }
        t.row(row);
        for (engine, x) in engines.iter().zip(&per_engine).filter(|(&e, _)| e != Engine::Wasmtime(CRANELIFT)) {
            if let Some(e) = x.and_then(|x| x.error.as_ref()) {
                t.notes.push(format!("{id} on {engine}: {e}"));
            }
        }
    }
    if v8 {
        t.notes.push(v8_note());
    }
    // The blur column of each engine.
    let blur = 1 + compiled.len() + engines.len();
    t.brief(&std::iter::once(0).chain(blur..blur + engines.len()).collect::<Vec<_>>());
    t
}

fn cell_or_error(t: Option<&Timing>, f: impl Fn(&Timing) -> String) -> String {
    match t {
        None => "–".into(),
        Some(t) if t.error.is_some() => "error".into(),
        Some(t) => f(t),
    }
}

/// Whether any row ran under wasmi or Wasmer (`bench --runtime`).
fn others_ran(r: &BenchResults) -> bool {
    r.modules.iter().any(|m| matches!(m.subject, Subject::Other { .. }))
}

/// Every runtime that ran, in table order: Wasmtime's, wasmi, Wasmer's, V8.
pub fn runtimes_ran(r: &BenchResults) -> Vec<Engine> {
    Engine::RUNTIMES.into_iter().filter(|&e| r.ran_under(e)).collect()
}

/// The languages' `default` builds, in the order they were timed.
pub fn default_builds(r: &BenchResults) -> Vec<&BuildId> {
    let mut ids: Vec<&BuildId> = Vec::new();
    for m in &r.modules {
        let id = match &m.subject {
            Subject::Wasm { build, .. } | Subject::Other { build, .. } => build,
            _ => continue,
        };
        if id.build == "default" && !ids.contains(&id) {
            ids.push(id);
        }
    }
    ids
}

/// The runtime table: each language's default build under every runtime,
/// blur at 1080p in ms and in copies of the image.
pub fn runtimes_table(r: &BenchResults) -> Table {
    let runtimes = runtimes_ran(r);
    let mut headers = vec!["module".to_string()];
    for e in &runtimes {
        let e = e.runtime_name();
        headers.extend([format!("blur 1080p ms ({e})"), format!("blur ×copy ({e})")]);
    }
    let mut t = Table {
        title: "Runtimes, default builds: blur at 1080p, ms and ×copy (time / a native copy of the image); wasmtime = Cranelift, wasmi interprets, V8 = Node".into(),
        headers,
        ..Table::default()
    };
    if !others_ran(r) {
        return t;
    }
    for id in default_builds(r) {
        let mut row = vec![id.to_string()];
        for &e in &runtimes {
            let x = r.find_under(id, e);
            let blur = |x: &Timing| x.image(Op::Blur, FULL_HD).map(|i| (i.ms.median, i.vs_floor));
            row.push(cell_or_error(x, |x| blur(x).map_or("–".into(), |(ms, _)| format!("{ms:.2}"))));
            row.push(cell_or_error(x, |x| blur(x).map_or("–".into(), |(_, floor)| copies(floor))));
            if let Some(error) = x.and_then(|x| x.error.as_ref()) {
                t.notes.push(format!("{id} on {}: {error}", e.runtime_name()));
            }
        }
        t.row(row);
    }
    t.notes.push(format!("{}: {}", WASMEDGE.0, WASMEDGE.1));
    if runtimes.contains(&Engine::V8) {
        t.notes.push(v8_note());
    }
    // ×copy under each runtime.
    t.brief(&std::iter::once(0).chain((0..runtimes.len()).map(|j| 2 + 2 * j)).collect::<Vec<_>>());
    t
}

/// Every build timed under wasmi or Wasmer, under each runtime: compile,
/// instantiate, call overhead and the two kernels at 1080p.
fn runtime_detail_table(r: &BenchResults) -> Table {
    let mut t = Table::new(
        "Runtimes, per build: median (min–max); ×native = time / native rust/ as built (auto-vectorized); 1080p",
        &["module", "runtime", "compile ms", "instantiate µs", "add ns/call", "grayscale 1080p ms", "blur 1080p ms"],
    );
    let mut ids: Vec<&BuildId> = Vec::new();
    for m in &r.modules {
        if let Subject::Other { build, .. } = &m.subject {
            if !ids.contains(&build) {
                ids.push(build);
            }
        }
    }
    let runtimes: Vec<Engine> = runtimes_ran(r).into_iter().filter(|&e| e != Engine::V8).collect();
    for id in ids {
        for &e in &runtimes {
            let Some(m) = r.find_under(id, e) else { continue };
            let mut row = vec![id.to_string(), e.runtime_name().to_string()];
            match &m.error {
                Some(error) => {
                    row.push("error".into());
                    row.resize(t.headers.len(), String::new());
                    t.notes.push(format!("{id} on {}: {error}", e.runtime_name()));
                }
                None => row.extend([
                    stat_cell(m.compile_ms, 1),
                    stat_cell(m.instantiate_us, 0),
                    stat_cell(m.add_ns, 1),
                    image_cell(m, Op::Grayscale, FULL_HD),
                    image_cell(m, Op::Blur, FULL_HD),
                ]),
            }
            t.row(row);
        }
    }
    // The module, the runtime and the two kernels.
    t.brief(&[0, 1, 5, 6]);
    t
}

/// The noise band: modules measured twice in the same rounds, as two
/// independent jobs, side by side.
pub fn noise_table(r: &BenchResults) -> Table {
    let mut t = Table::new(
        "Noise band: the same bytes measured twice in this run (two independent jobs in the same shuffled rounds), time / native rust/ as built, median [95% interval]",
        &["module", "kernel", "size", "first", "second", "apart", "intervals overlap"],
    );
    for p in &r.noise {
        t.row(vec![
            p.build.to_string(),
            p.op.name().into(),
            p.size.to_string(),
            show_interval(p.first),
            show_interval(p.second),
            format!("{:.1}%", 100.0 * p.difference()),
            if p.agree() { "yes".into() } else { "NO".into() },
        ]);
    }
    t.notes.extend(noise_note(r));
    t
}

/// Each group of builds with identical bytes, measured once.
pub fn same_bytes_table(r: &BenchResults) -> Table {
    let mut t = Table::new(
        "Same bytes (one sha256), measured once: the first build is timed, the others share its figures",
        &["measured", "same bytes", "sha256"],
    );
    for g in &r.same_bytes {
        let others: Vec<String> = g.builds[1..].iter().map(|b| b.to_string()).collect();
        t.row(vec![g.builds[0].to_string(), others.join(", "), g.sha256.chars().take(12).collect()]);
    }
    t
}

/// Scalar (`default`) against `simd`, per language, at 1080p.
fn simd_table(r: &BenchResults) -> Table {
    let mut t = Table::new(
        "SIMD (simd128) vs scalar default build, Cranelift, 1080p: ms and ×native (auto-vectorized rust/)",
        &["language", "grayscale scalar", "grayscale simd", "speed-up", "blur scalar", "blur simd", "speed-up"],
    );
    for (id, simd) in r.good_on(CRANELIFT).filter(|(id, _)| id.is_simd()) {
        let default = BuildId::new(&id.lang, "default");
        let Some(scalar) = r.find(&default, CRANELIFT).filter(|m| m.error.is_none()) else { continue };
        let mut row = vec![id.lang.clone()];
        for op in Op::ALL {
            let (a, b) = (scalar.image(op, FULL_HD), simd.image(op, FULL_HD));
            row.push(image_cell(scalar, op, FULL_HD));
            row.push(image_cell(simd, op, FULL_HD));
            row.push(match (a, b) {
                (Some(a), Some(b)) if paired(a, b) && difference(a, b).is_none() => "within noise".into(),
                (Some(a), Some(b)) => format!("{:.2}x", a.ms.median / b.ms.median),
                _ => "–".into(),
            });
        }
        t.row(row);
    }
    // The two speed-ups.
    t.brief(&[0, 3, 6]);
    t
}

/// Whether `b` is faster or slower than `a` by more than the noise: their
/// per-round ratios to native Rust have intervals that do not overlap.
/// None when they overlap (within noise) or either was not paired.
fn difference(a: &ImageTiming, b: &ImageTiming) -> Option<&'static str> {
    let (x, y) = (a.ratio(Native::AsBuilt)?, b.ratio(Native::AsBuilt)?);
    match (x.overlaps(&y), y.median < x.median) {
        (true, _) => None,
        (false, true) => Some("faster"),
        (false, false) => Some("slower"),
    }
}

/// Whether both timings were paired with native Rust, so their intervals can be compared.
fn paired(a: &ImageTiming, b: &ImageTiming) -> bool {
    a.ratio(Native::AsBuilt).is_some() && b.ratio(Native::AsBuilt).is_some()
}

/// "grayscale faster, blur within noise": a step against the one before.
fn against_before(before: Option<&Timing>, m: &Timing) -> String {
    let Some(before) = before.filter(|b| b.error.is_none()) else { return "–".into() };
    let one = |op| match (before.image(op, FULL_HD), m.image(op, FULL_HD)) {
        (Some(a), Some(b)) if paired(a, b) => {
            format!("{} {}", Op::name(op), difference(a, b).unwrap_or("within noise"))
        }
        _ => format!("{} –", Op::name(op)),
    };
    format!("{}, {}", one(Op::Grayscale), one(Op::Blur))
}

/// One table per language and ladder: each step's size and speed.
fn ladder_tables(r: &BenchResults) -> Vec<Table> {
    let ladder = || r.on(CRANELIFT).filter(|(id, _)| id.is_ladder());
    let mut ladders: Vec<(&str, &str)> =
        ladder().filter_map(|(id, _)| Some((id.lang.as_str(), id.ladder_kind()?))).collect();
    ladders.dedup();
    ladders
        .into_iter()
        .map(|(lang, kind)| {
            ladder_table(lang, kind, ladder().filter(|(id, _)| id.lang == lang && id.ladder_kind() == Some(kind)))
        })
        .collect()
}

fn ladder_table<'a>(lang: &str, kind: &str, steps: impl Iterator<Item = (&'a BuildId, &'a Timing)>) -> Table {
    let title = match kind {
        "speed" => format!(
            "Speed ladder: {lang} (each step changes the kernels' source, one change at a time; Cranelift, 1080p)"
        ),
        _ => format!("Optimization ladder: {lang} (each step adds to the one above; Cranelift, 1080p)"),
    };
    let mut t = Table::new(
        title,
        &[
            "step",
            "raw bytes",
            "grayscale ×native (ms)",
            "grayscale ×copy",
            "blur ×native (ms)",
            "blur ×copy",
            "against the step before",
        ],
    );
    let mut before: Option<&Timing> = None;
    for (id, m) in steps {
        let step = id.ladder_step().unwrap_or_default().to_string();
        let size = m.raw_bytes.map(|b| b.to_string()).unwrap_or_default();
        match &m.error {
            Some(e) => {
                t.row(vec![step, size, "error".into(), String::new(), "error".into(), String::new(), String::new()]);
                t.notes.push(format!("{id}: {e}"));
            }
            None => {
                let floor = |op| paired_cell(m.image(op, FULL_HD), Native::CopyFloor);
                let (gray, blur) = (Op::Grayscale, Op::Blur);
                let step = match &m.same_bytes_as {
                    Some(first) => format!("{step} (same bytes as {first})"),
                    None => step,
                };
                t.row(vec![
                    step,
                    size,
                    image_cell(m, gray, FULL_HD),
                    floor(gray),
                    image_cell(m, blur, FULL_HD),
                    floor(blur),
                    against_before(before, m),
                ]);
            }
        }
        before = Some(m);
    }
    // Size, the two ×native figures, and the step against the one before.
    t.brief(&[0, 1, 2, 4, 6]);
    t.notes.push(
        "against the step before: faster or slower only where the two intervals do not overlap; otherwise within noise"
            .into(),
    );
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::sample;

    fn row<'a>(t: &'a Table, first: &str) -> &'a [String] {
        t.rows.iter().find(|r| r[0] == first).unwrap_or_else(|| panic!("no row {first} in {}", t.title))
    }

    #[test]
    fn the_summary_gives_ratios_to_both_natives_and_leaves_out_ladders_and_errors() {
        let t = summary_table(&sample::results());
        let firsts: Vec<&str> = t.rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(firsts, ["rust/default", "rust/simd", "go/default"]);
        assert_eq!(
            row(&t, "rust/default")[1..],
            ["1.50", "1.50", "1.20", "3.00", "3.00", "6.00", "1.20", "24.0", "20.0"]
        );
        assert_eq!(row(&t, "rust/simd")[1..5], ["0.25", "0.25", "0.20", "0.50"]);
        assert_eq!(row(&t, "rust/simd")[6..], ["1.25", "0.25", "5.00", "20.0"]);
        assert_eq!(row(&t, "go/default")[9], "35.0");
    }

    #[test]
    fn the_speed_table_starts_with_the_natives_and_notes_errors() {
        let t = speed_table(&sample::results());
        let firsts: Vec<&str> = t.rows[..4].iter().map(|r| r[0].as_str()).collect();
        assert_eq!(
            firsts,
            [
                "copy floor (native copy of the image)",
                "native rust/ (host release build)",
                "native rust/ AVX2 (auto-vectorized)",
                "native rust/ scalar (no auto-vectorization)"
            ]
        );
        assert_eq!(t.rows[0][5], "1.00 (1.00–1.00) ×0.50");
        assert_eq!(t.rows[3][5], "2.50 (2.50–2.50) ×1.25");
        let rust = row(&t, "rust/default");
        assert_eq!(rust[1], "6.0 (5.0–7.0)");
        assert_eq!(
            rust[5..],
            [
                "3.00 (3.00–3.00) ×1.50",
                "24.00 (24.00–24.00) ×6.00",
                "12.00 (12.00–12.00) ×1.50",
                "96.00 (96.00–96.00) ×6.00"
            ]
        );
        assert_eq!(row(&t, "rust/simd")[7], "–");
        assert_eq!(row(&t, "go/tuned")[1..3], ["error", ""]);
        assert_eq!(t.notes, ["go/tuned: blur gave a wrong answer while timed"]);
        assert!(t.rows.iter().all(|r| r.len() == t.headers.len() && !r[0].contains("ladder")));
    }

    #[test]
    fn the_engine_table_has_a_column_per_engine_that_ran() {
        let t = engines_table(&sample::results());
        assert_eq!(t.headers.len(), 1 + 3 * 2, "{:?}", t.headers);
        assert_eq!(t.headers[2], "compile ms (winch)");
        let rust = row(&t, "rust/default");
        assert_eq!((rust[3].as_str(), rust[4].as_str()), ("3.00 (3.00–3.00) ×1.50", "6.00 (6.00–6.00) ×3.00"));
        assert_eq!(row(&t, "rust/simd")[2], "–");
        assert_eq!(row(&t, "go/default")[2], "error");
        assert_eq!(t.notes, ["go/default on winch: winch: unsupported"]);
    }

    /// The sample results with the sample v8.json folded in.
    fn with_v8() -> BenchResults {
        let dir = tempfile::tempdir().unwrap();
        crate::measure::web::sample::write(dir.path());
        let mut r = sample::results();
        r.add_v8(&crate::measure::web::read(dir.path()).v8);
        r
    }

    #[test]
    fn v8_is_a_column_of_the_engine_table_and_the_js_baseline_its_first_row() {
        let t = engines_table(&with_v8());
        assert!(t.title.contains("V8"), "{}", t.title);
        assert_eq!(
            t.headers,
            [
                "module",
                "compile ms (cranelift)",
                "compile ms (winch)",
                "grayscale 1080p ms (cranelift)",
                "grayscale 1080p ms (winch)",
                "grayscale 1080p ms (v8)",
                "blur 1080p ms (cranelift)",
                "blur 1080p ms (winch)",
                "blur 1080p ms (v8)",
            ]
        );
        assert_eq!(
            t.rows[0],
            [
                "js/fallback (plain JS under V8)",
                "–",
                "–",
                "–",
                "–",
                "10.00 (9.00–11.00) ×5.00",
                "–",
                "–",
                "40.00 (39.00–41.00) ×10.00"
            ]
        );
        let rust = row(&t, "rust/default");
        assert_eq!((rust[5].as_str(), rust[8].as_str()), ("2.50 (2.50–2.50) ×1.25", "8.00 (8.00–8.00) ×2.00"));
        assert_eq!(rust[3], "3.00 (3.00–3.00) ×1.50", "the Wasmtime columns are unchanged");
        assert_eq!(
            (row(&t, "go/default")[5].as_str(), row(&t, "go/default")[8].as_str()),
            ("7.00 (7.00–7.00) ×3.50", "–")
        );
        assert_eq!(row(&t, "rust/simd")[5], "–", "not in v8.json");
        assert!(t.rows.iter().all(|r| r.len() == t.headers.len()));
        assert!(t.notes.iter().any(|n| n.contains("web/bench-v8.mjs")), "{:?}", t.notes);
    }

    #[test]
    fn v8_alone_beside_cranelift_still_makes_an_engine_table() {
        let mut r = with_v8();
        r.modules.retain(|m| m.subject.engine_name() != "winch");
        let t = engines_table(&r);
        assert_eq!(t.headers.len(), 1 + 1 + 2 * 2, "{:?}", t.headers);
        assert!(!t.rows.is_empty());
    }

    #[test]
    fn the_js_baseline_is_a_row_of_the_speed_tables_in_time_and_ratio() {
        let r = with_v8();
        let t = speed_table(&r);
        assert_eq!(t.rows[5][0], "js/fallback (plain JS under V8)");
        assert_eq!(t.rows[5][1..5], ["–", "–", "–", "–"]);
        assert_eq!(t.rows[5][5..], ["10.00 (9.00–11.00) ×5.00", "40.00 (39.00–41.00) ×10.00", "–", "–"]);
        assert_eq!(t.rows.iter().filter(|r| r[0] == "rust/default").count(), 1, "V8's rust/default is not a row");
        let summary = summary_table(&r);
        assert_eq!(
            summary.rows[0],
            ["js/fallback (plain JS under V8)", "5.00", "5.00", "4.00", "10.0", "5.00", "10.0", "2.00", "40.0", ""]
        );
        assert_eq!(summary.rows.len(), 4);
        assert!(summary.notes[0].contains("V8"));
    }

    #[test]
    fn without_v8_numbers_there_is_no_v8_column_and_no_js_row() {
        let r = sample::results();
        assert!(tables(&r).iter().all(
            |t| t.headers.iter().all(|h| !h.contains("v8")) && t.rows.iter().all(|row| !row[0].starts_with("js/"))
        ));
    }

    #[test]
    fn the_floor_table_divides_every_row_by_the_copy_and_each_native_build() {
        let t = floor_table(&sample::results());
        assert_eq!(t.headers.len(), 1 + 2 * 6);
        assert_eq!(
            t.headers[1..6],
            ["grayscale ms", "grayscale ×copy", "grayscale ×native", "grayscale ×AVX2", "grayscale ×scalar"]
        );
        assert_eq!(t.rows[0][1..6], ["1.00", "1.00", "0.50", "1.00", "0.40"]);
        // rust/default: 3 ms grayscale, 24 ms blur; AVX2 1 and 2 ms, scalar 2.5 and 20 ms.
        assert_eq!(
            row(&t, "rust/default")[1..],
            ["3.00", "3.00", "1.50", "3.00", "1.20", "1.50", "24.00", "24.0", "6.00", "12.0", "1.20", "3.00"]
        );
        let firsts: Vec<&str> = t.rows.iter().map(|r| r[0].as_str()).collect();
        assert!(!firsts.iter().any(|f| f.contains("ladder") || *f == "go/tuned"), "{firsts:?}");
        assert!(t.notes.is_empty());
    }

    #[test]
    fn a_missing_avx2_baseline_is_a_note_and_its_ratios_dashes() {
        let mut r = sample::results();
        r.baselines.native_avx2 =
            Timing { error: Some("this CPU has no AVX2".into()), ..Timing::new(Subject::Native(Native::Avx2)) };
        let r = BenchResults::new(true, r.baselines, r.modules);
        let t = floor_table(&r);
        assert_eq!(row(&t, "rust/default")[4], "–");
        assert_eq!(t.notes, ["native rust/ AVX2 (auto-vectorized): this CPU has no AVX2"]);
    }

    #[test]
    fn the_runtime_table_has_a_column_pair_per_runtime_and_a_row_per_default_build() {
        use crate::load::instance::OtherRuntime;
        assert!(runtimes_table(&sample::results()).rows.is_empty(), "no table without wasmi or Wasmer");
        let mut r = sample::results();
        let mut wasmi =
            Timing::new(Subject::Other { build: BuildId::new("rust", "default"), runtime: OtherRuntime::Wasmi });
        wasmi.images.push(ImageTiming::new(Op::Blur, FULL_HD, vec![240.0]));
        wasmi.add_ns = Some(Stats::of(vec![110.0]));
        r.modules.push(wasmi);
        let r = BenchResults::new(true, r.baselines, r.modules);
        let t = runtimes_table(&r);
        assert_eq!(t.headers[1..3], ["blur 1080p ms (wasmtime)", "blur ×copy (wasmtime)"]);
        assert_eq!(t.headers.last().unwrap(), "blur ×copy (wasmi)");
        let firsts: Vec<&str> = t.rows.iter().map(|r| r[0].as_str()).collect();
        assert_eq!(firsts, ["rust/default", "go/default"]);
        assert_eq!(row(&t, "rust/default")[1..], ["24.00", "24.0", "48.00", "48.0", "240.00", "240.0"]);
        assert_eq!(row(&t, "go/default")[5..], ["–", "–"]);
        assert!(t.notes.iter().any(|n| n.contains("WasmEdge C library")), "{:?}", t.notes);
        assert!(t.notes.iter().any(|n| n.contains("go/default on wasmtime-winch")), "{:?}", t.notes);
        let detail = runtime_detail_table(&r);
        assert_eq!(detail.rows.len(), 3, "rust/default under wasmtime, winch and wasmi");
        assert_eq!(detail.rows[2][..2], ["rust/default", "wasmi"]);
        assert_eq!(detail.rows[2][4], "110.0 (110.0–110.0)");
    }

    #[test]
    fn simd_is_set_against_the_default_build_of_its_language() {
        let t = simd_table(&sample::results());
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0][0], "rust");
        assert_eq!((t.rows[0][3].as_str(), t.rows[0][6].as_str()), ("6.00x", "4.80x"));
    }

    #[test]
    fn each_language_gets_its_own_ladder_table_in_step_order() {
        let tables = ladder_tables(&sample::results());
        assert_eq!(tables.len(), 2);
        assert!(tables[0].title.starts_with("Optimization ladder: rust"));
        let steps: Vec<(&str, &str)> = tables[0].rows.iter().map(|r| (r[0].as_str(), r[1].as_str())).collect();
        assert_eq!(steps, [("01-release", "2700"), ("02-lto", "2300")]);
        assert!(tables[1].title.starts_with("Speed ladder: rust"));
        assert_eq!(tables[1].rows[0][0], "01-plain");
        assert_eq!(tables[1].rows[0][4..], ["60.00 (60.00–60.00) ×15.00", "60.0", "–"]);
    }
}
