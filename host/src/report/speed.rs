//! The tables of `bench`: speed beside native Rust, the three engines,
//! SIMD against scalar, and one optimization ladder per language.

use super::Table;
use crate::load::catalog::BuildId;
use crate::load::kernel::Op;
use crate::load::runtime::EngineKind;
use crate::measure::stats::Stats;
use crate::measure::timing::{BenchResults, Size, Timing, FULL_HD, UHD};

const CRANELIFT: EngineKind = EngineKind::Cranelift;

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
    for (id, m) in r.good_on(CRANELIFT) {
        let image = |op| m.image(op, FULL_HD);
        let ratio = |op| image(op).map(|i| format!("{:.2}", i.vs_native)).unwrap_or_default();
        let scalar = |op| image(op).and_then(|i| i.vs_native_scalar).map(|x| format!("{x:.2}")).unwrap_or_default();
        let add = m.add_ns.map(|s| format!("{:.1}", s.median)).unwrap_or_default();
        let (gray, blur) = (Op::Grayscale, Op::Blur);
        t.row(vec![id.to_string(), ratio(gray), scalar(gray), ratio(blur), scalar(blur), add]);
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
    let builds = r.on(CRANELIFT).filter(|(id, _)| !id.is_ladder()).map(|(_, m)| m);
    for m in [&r.native, &r.native_scalar].into_iter().chain(builds) {
        if let Some(e) = &m.error {
            let mut row = vec![m.subject.to_string(), "error".into()];
            row.resize(t.headers.len(), String::new());
            t.row(row);
            t.notes.push(format!("{}: {e}", m.subject));
            continue;
        }
        t.row(vec![
            m.subject.to_string(),
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
    t
}

fn engines_table(r: &BenchResults) -> Table {
    let engines: Vec<EngineKind> = EngineKind::ALL.into_iter().filter(|&e| r.on(e).next().is_some()).collect();
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
    for (id, _) in r.on(CRANELIFT).filter(|(id, _)| !id.is_ladder()) {
        let per_engine: Vec<Option<&Timing>> = engines.iter().map(|&e| r.find(id, e)).collect();
        let mut row = vec![id.to_string()];
        row.extend(per_engine.iter().map(|x| cell_or_error(*x, |x| stat_cell(x.compile_ms, 1))));
        for op in Op::ALL {
            row.extend(per_engine.iter().map(|x| cell_or_error(*x, |x| image_cell(x, op, FULL_HD))));
        }
        t.row(row);
        for (engine, x) in engines.iter().zip(&per_engine).filter(|(&e, _)| e != CRANELIFT) {
            if let Some(e) = x.and_then(|x| x.error.as_ref()) {
                t.notes.push(format!("{id} on {engine}: {e}"));
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
