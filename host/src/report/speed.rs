//! The tables of `bench`: speed beside native Rust, the three engines,
//! SIMD against scalar, and one optimization ladder per language. When
//! `compare` has folded in V8's numbers (target/web/v8.json), the engine
//! table gets a V8 column and the speed tables a `js/fallback` row: the
//! contract in plain JavaScript under V8, the JS baseline.

use super::Table;
use crate::load::catalog::BuildId;
use crate::load::kernel::Op;
use crate::load::runtime::EngineKind;
use crate::measure::stats::Stats;
use crate::measure::timing::{BenchResults, Engine, Size, Subject, Timing, FULL_HD, UHD};
use crate::measure::web::WebModule;

const CRANELIFT: EngineKind = EngineKind::Cranelift;

/// The module column of the JS baseline's row.
const FALLBACK_ROW: &str = "js/fallback (plain JS under V8)";

/// "8.10 ms ×1.05": the median and the ratio to native Rust.
fn image_cell(t: &Timing, op: Op, size: Size) -> String {
    match t.image(op, size) {
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

/// The short form for the front README: ratios to native at 1080p.
pub fn summary_table(r: &BenchResults) -> Table {
    let mut t = Table::new(
        "Speed at 1080p under Cranelift: time / native Rust time (lower is faster); native = rust/ built as usual (auto-vectorized), native scalar = the same source with auto-vectorization off",
        &["module", "grayscale ×native", "grayscale ×native scalar", "blur ×native", "blur ×native scalar", "add ns/call"],
    );
    for m in r.js_fallback().into_iter().chain(r.good_on(CRANELIFT).map(|(_, m)| m)) {
        let image = |op| m.image(op, FULL_HD);
        let ratio = |op| image(op).map(|i| format!("{:.2}", i.vs_native)).unwrap_or_default();
        let scalar = |op| image(op).and_then(|i| i.vs_native_scalar).map(|x| format!("{x:.2}")).unwrap_or_default();
        let add = m.add_ns.map(|s| format!("{:.1}", s.median)).unwrap_or_default();
        let (gray, blur) = (Op::Grayscale, Op::Blur);
        t.row(vec![module_name(m), ratio(gray), scalar(gray), ratio(blur), scalar(blur), add]);
    }
    if r.js_fallback().is_some() {
        t.notes.push(v8_note());
    }
    t
}

/// The module column: the build, or what the JS baseline is.
fn module_name(m: &Timing) -> String {
    match &m.subject {
        Subject::V8(WebModule::Fallback) => FALLBACK_ROW.into(),
        subject => subject.to_string(),
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
    for m in [&r.native, &r.native_scalar].into_iter().chain(r.js_fallback()).chain(builds) {
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
    t
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
                Engine::Wasmtime(_) => "–".into(),
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
    for (id, simd) in r.good_on(CRANELIFT).filter(|(id, _)| id.is_simd()) {
        let default = BuildId::new(&id.lang, "default");
        let Some(scalar) = r.find(&default, CRANELIFT).filter(|m| m.error.is_none()) else { continue };
        let mut row = vec![id.lang.clone()];
        for op in Op::ALL {
            let (a, b) = (scalar.image(op, FULL_HD), simd.image(op, FULL_HD));
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
    let ladder = || r.on(CRANELIFT).filter(|(id, _)| id.is_ladder());
    let mut langs: Vec<&str> = ladder().map(|(id, _)| id.lang.as_str()).collect();
    langs.dedup();
    langs.into_iter().map(|lang| ladder_table(lang, ladder().filter(|(id, _)| id.lang == lang))).collect()
}

fn ladder_table<'a>(lang: &str, steps: impl Iterator<Item = (&'a BuildId, &'a Timing)>) -> Table {
    let mut t = Table::new(
        format!("Optimization ladder: {lang} (each step adds to the one above; Cranelift, 1080p)"),
        &["step", "raw bytes", "grayscale ms", "blur ms"],
    );
    for (id, m) in steps {
        let step = id.ladder_step().unwrap_or_default().to_string();
        let size = m.raw_bytes.map(|b| b.to_string()).unwrap_or_default();
        match &m.error {
            Some(e) => {
                t.row(vec![step, size, "error".into(), "error".into()]);
                t.notes.push(format!("{id}: {e}"));
            }
            None => t.row(vec![step, size, image_cell(m, Op::Grayscale, FULL_HD), image_cell(m, Op::Blur, FULL_HD)]),
        }
    }
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
        assert_eq!(row(&t, "rust/default")[1..], ["1.50", "1.20", "6.00", "1.20", "20.0"]);
        assert_eq!(row(&t, "rust/simd")[1..], ["0.25", "0.20", "1.25", "0.25", "20.0"]);
        assert_eq!(row(&t, "go/default")[5], "35.0");
    }

    #[test]
    fn the_speed_table_starts_with_the_natives_and_notes_errors() {
        let t = speed_table(&sample::results());
        assert_eq!(t.rows[0][0], "native rust/ (host release build)");
        assert_eq!(t.rows[1][0], "native rust/ scalar (no auto-vectorization)");
        assert_eq!(t.rows[1][5], "2.50 (2.50–2.50) ×1.25");
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
        assert_eq!(t.rows[2][0], "js/fallback (plain JS under V8)");
        assert_eq!(t.rows[2][1..5], ["–", "–", "–", "–"]);
        assert_eq!(t.rows[2][5..], ["10.00 (9.00–11.00) ×5.00", "40.00 (39.00–41.00) ×10.00", "–", "–"]);
        assert_eq!(t.rows.iter().filter(|r| r[0] == "rust/default").count(), 1, "V8's rust/default is not a row");
        let summary = summary_table(&r);
        assert_eq!(summary.rows[0], ["js/fallback (plain JS under V8)", "5.00", "4.00", "10.00", "2.00", ""]);
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
    fn simd_is_set_against_the_default_build_of_its_language() {
        let t = simd_table(&sample::results());
        assert_eq!(t.rows.len(), 1);
        assert_eq!(t.rows[0][0], "rust");
        assert_eq!((t.rows[0][3].as_str(), t.rows[0][6].as_str()), ("6.00x", "4.80x"));
    }

    #[test]
    fn each_language_gets_its_own_ladder_table_in_step_order() {
        let tables = ladder_tables(&sample::results());
        assert_eq!(tables.len(), 1);
        assert!(tables[0].title.contains("rust"));
        let steps: Vec<(&str, &str)> = tables[0].rows.iter().map(|r| (r[0].as_str(), r[1].as_str())).collect();
        assert_eq!(steps, [("01-release", "2700"), ("02-lto", "2300")]);
    }
}
