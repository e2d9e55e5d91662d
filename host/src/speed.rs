//! Report layer for `bench`: the speed, engine, SIMD and ladder tables.

use crate::bench::{BenchResults, Timing, FULL_HD, UHD};
use crate::report::Table;
use crate::stats::Stats;

fn label((w, h): (usize, usize)) -> String {
    format!("{w}x{h}")
}

/// "8.10 ms ×1.05": the median and the ratio to native Rust.
fn image_cell(t: &Timing, op: &str, size: (usize, usize)) -> String {
    match t.image(op, &label(size)) {
        Some(i) => format!("{} ×{:.2}", i.ms.show(2), i.vs_native),
        None => "–".into(),
    }
}

fn stat_cell(s: Option<Stats>, decimals: usize) -> String {
    s.map(|s| s.show(decimals)).unwrap_or_else(|| "–".into())
}

pub fn tables(r: &BenchResults) -> Vec<Table> {
    let mut tables = vec![speed_table(r), engines_table(r), simd_table(r)];
    tables.extend(ladder_tables(r));
    tables.retain(|t| !t.rows.is_empty());
    tables
}

fn on<'a>(r: &'a BenchResults, engine: &str) -> impl Iterator<Item = &'a Timing> + 'a {
    let engine = engine.to_string();
    r.modules.iter().filter(move |t| t.engine == engine)
}

fn is_ladder(t: &Timing) -> bool {
    t.module.contains("/ladder-")
}

/// The short form for the front README: ratios to native at 1080p.
pub fn summary_table(r: &BenchResults) -> Table {
    let mut t = Table::new(
        "Speed at 1080p under Cranelift: time / native Rust time (lower is faster); native = rust/ built as usual (auto-vectorized), native scalar = the same source with auto-vectorization off",
        &["module", "grayscale ×native", "grayscale ×native scalar", "blur ×native", "blur ×native scalar", "add ns/call"],
    );
    for m in on(r, "cranelift").filter(|m| !is_ladder(m) && m.error.is_none()) {
        let image = |op: &str| m.image(op, &label(FULL_HD));
        let ratio = |op: &str| image(op).map(|i| format!("{:.2}", i.vs_native)).unwrap_or_default();
        let scalar =
            |op: &str| image(op).and_then(|i| i.vs_native_scalar).map(|x| format!("{x:.2}")).unwrap_or_default();
        let add = m.add_ns.map(|s| format!("{:.1}", s.median)).unwrap_or_default();
        t.row(vec![m.module.clone(), ratio("grayscale"), scalar("grayscale"), ratio("blur"), scalar("blur"), add]);
    }
    t
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
    let natives = [&r.native, &r.native_scalar];
    for m in natives.into_iter().chain(on(r, "cranelift").filter(|m| !is_ladder(m))) {
        if let Some(e) = &m.error {
            t.row(vec![
                m.module.clone(),
                "error".into(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
                "".into(),
            ]);
            t.notes.push(format!("{}: {e}", m.module));
            continue;
        }
        t.row(vec![
            m.module.clone(),
            stat_cell(m.compile_ms, 1),
            stat_cell(m.instantiate_us, 0),
            stat_cell(m.add_ns, 1),
            stat_cell(m.counter_ns, 1),
            image_cell(m, "grayscale", FULL_HD),
            image_cell(m, "blur", FULL_HD),
            image_cell(m, "grayscale", UHD),
            image_cell(m, "blur", UHD),
        ]);
    }
    t
}

fn engines_table(r: &BenchResults) -> Table {
    let engines: Vec<&str> =
        ["cranelift", "winch", "pulley"].into_iter().filter(|e| r.modules.iter().any(|m| m.engine == *e)).collect();
    let mut headers = vec!["module".to_string()];
    for what in ["compile ms", "grayscale 1080p ms", "blur 1080p ms"] {
        headers.extend(engines.iter().map(|e| format!("{what} ({e})")));
    }
    let mut t = Table {
        title: "Engines: Cranelift (optimizing), Winch (baseline), Pulley (interpreter); ×native at 1080p".into(),
        headers,
        ..Table::default()
    };
    if engines.len() < 2 {
        return t;
    }
    for m in on(r, "cranelift").filter(|m| !is_ladder(m)) {
        let per_engine: Vec<Option<&Timing>> =
            engines.iter().map(|e| r.modules.iter().find(|x| x.module == m.module && x.engine == *e)).collect();
        let mut row = vec![m.module.clone()];
        row.extend(per_engine.iter().map(|x| cell_or_error(*x, |x| stat_cell(x.compile_ms, 1))));
        for op in ["grayscale", "blur"] {
            row.extend(per_engine.iter().map(|x| cell_or_error(*x, |x| image_cell(x, op, FULL_HD))));
        }
        t.row(row);
        for x in per_engine.into_iter().flatten().filter(|x| x.engine != "cranelift") {
            if let Some(e) = &x.error {
                t.notes.push(format!("{} on {}: {e}", x.module, x.engine));
            }
        }
    }
    t
}

fn cell_or_error(t: Option<&Timing>, f: impl Fn(&Timing) -> String) -> String {
    match t {
        None => "–".into(),
        Some(t) if t.error.is_some() => "error".into(),
        Some(t) => f(t),
    }
}

/// Scalar (`default`) against `simd`, per language, at 1080p.
fn simd_table(r: &BenchResults) -> Table {
    let mut t = Table::new(
        "SIMD (simd128) vs scalar default build, Cranelift, 1080p: ms and ×native (auto-vectorized rust/)",
        &["language", "grayscale scalar", "grayscale simd", "speed-up", "blur scalar", "blur simd", "speed-up"],
    );
    for simd in on(r, "cranelift").filter(|m| m.module.ends_with("/simd") && m.error.is_none()) {
        let lang = simd.module.trim_end_matches("/simd");
        let Some(scalar) = on(r, "cranelift").find(|m| m.module == format!("{lang}/default") && m.error.is_none())
        else {
            continue;
        };
        let mut row = vec![lang.to_string()];
        for op in ["grayscale", "blur"] {
            let (a, b) = (scalar.image(op, &label(FULL_HD)), simd.image(op, &label(FULL_HD)));
            row.push(image_cell(scalar, op, FULL_HD));
            row.push(image_cell(simd, op, FULL_HD));
            row.push(match (a, b) {
                (Some(a), Some(b)) => format!("{:.2}x", a.ms.median / b.ms.median),
                _ => "–".into(),
            });
        }
        t.row(row);
    }
    t
}

/// One table per language: each ladder step's size and speed.
fn ladder_tables(r: &BenchResults) -> Vec<Table> {
    let mut langs: Vec<&str> =
        on(r, "cranelift").filter(|m| is_ladder(m)).filter_map(|m| m.module.split('/').next()).collect();
    langs.dedup();
    langs
        .into_iter()
        .map(|lang| {
            let mut t = Table::new(
                format!("Optimization ladder: {lang} (each step adds to the one above; Cranelift, 1080p)"),
                &["step", "raw bytes", "grayscale ms", "blur ms"],
            );
            for m in on(r, "cranelift").filter(|m| is_ladder(m) && m.module.starts_with(&format!("{lang}/"))) {
                let step = m.module.split('/').nth(1).unwrap_or("").trim_start_matches("ladder-").to_string();
                let size = m.raw_bytes.map(|b| b.to_string()).unwrap_or_default();
                match &m.error {
                    Some(e) => {
                        t.row(vec![step, size, "error".into(), "error".into()]);
                        t.notes.push(format!("{}: {e}", m.module));
                    }
                    None => {
                        t.row(vec![step, size, image_cell(m, "grayscale", FULL_HD), image_cell(m, "blur", FULL_HD)])
                    }
                }
            }
            t
        })
        .collect()
}
