//! The browser side's tables for comparisons/README.md: the page's numbers
//! in headless Chromium, and the glue builds' sizes as rows of the size
//! table. (V8's timings are rows of the bench results: speed.rs.)

use super::Table;
use crate::load::kernel::Op;
use crate::measure::web::{Chromium, GlueSize};

/// One row per module of the page: its cold start and warm medians.
pub fn chromium_table(c: &Chromium) -> Table {
    let mut sizes: Vec<String> = c.rows.iter().flat_map(|r| r.warm.iter().map(|w| w.size.to_string())).collect();
    sizes.dedup();
    let mut t = Table::new(
        format!(
            "The page in headless Chromium {} (web/e2e.mjs, {}): cold = fetch + compile + instantiate + first grayscale; warm = median (min–max) of {} calls, {}",
            c.browser,
            sizes.join(", "),
            c.reps,
            c.measures
        ),
        &["module", "kind", "cold ms", "grayscale warm ms", "blur warm ms", "wasm bytes (gzip)", "JS glue bytes (gzip)"],
    );
    for r in &c.rows {
        let warm = |op| r.warm(op).map(|w| w.ms.show(1)).unwrap_or_else(|| "–".into());
        let bytes = |b: Option<crate::measure::web::Bytes>| {
            b.map(|b| format!("{} ({})", b.raw, b.gzip)).unwrap_or_else(|| "–".into())
        };
        t.row(vec![
            r.module.to_string(),
            r.module.kind().into(),
            r.cold_ms.map(|ms| format!("{ms:.1}")).unwrap_or_else(|| "–".into()),
            warm(Op::Grayscale),
            warm(Op::Blur),
            bytes(r.wasm),
            bytes(r.glue),
        ]);
    }
    t
}

/// The glue builds as rows of the size table (`sizes::table`'s columns):
/// each build's .wasm alone, then with its JS glue. Only raw and gzip are
/// known for them.
pub fn add_glue_rows(t: &mut Table, glue: &[GlueSize]) {
    for g in glue {
        for (what, b) in [("wasm only", g.wasm), ("with JS glue", g.total)] {
            let mut row = vec![format!("{} ({what})", g.module), b.raw.to_string(), "–".into(), "–".into()];
            row.push(b.gzip.to_string());
            row.resize(t.headers.len(), "–".into());
            t.row(row);
        }
    }
    if !glue.is_empty() {
        let names: Vec<String> = glue.iter().map(|g| g.module.to_string()).collect();
        t.notes.push(format!(
            "{}: built by web/justfile with their JS glue (target/web/sizes.json); gzip there is of the file as shipped (zlib level 9), not stripped",
            names.join(", ")
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::web::{read, sample};

    #[test]
    fn the_page_table_has_a_row_per_module_with_cold_and_warm() {
        let dir = tempfile::tempdir().unwrap();
        sample::write(dir.path());
        let t = chromium_table(&read(dir.path()).chromium.unwrap());
        assert!(t.title.contains("Chromium 156.0.1") && t.title.contains("1920x1080") && t.title.contains("5 calls"));
        assert_eq!(
            t.rows,
            [
                ["js/fallback", "plain JS", "17.5", "14.0 (14.0–14.0)", "44.0 (44.0–44.0)", "–", "–"],
                ["rust/default", "core module", "25.0", "4.5 (4.5–4.5)", "30.0 (30.0–30.0)", "1200 (600)", "–"],
                [
                    "rust/bindgen",
                    "wasm + JS glue",
                    "29.0",
                    "4.0 (4.0–4.0)",
                    "43.5 (43.5–43.5)",
                    "20000 (9000)",
                    "9100 (2700)"
                ],
            ]
        );
    }

    #[test]
    fn glue_builds_are_two_size_rows_each_with_and_without_glue() {
        let dir = tempfile::tempdir().unwrap();
        sample::write(dir.path());
        let mut t = super::super::sizes::table(&[]);
        add_glue_rows(&mut t, &read(dir.path()).glue_sizes);
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0][..5], ["rust/bindgen (wasm only)", "19843", "–", "–", "9060"]);
        assert_eq!(t.rows[1][..5], ["rust/bindgen (with JS glue)", "28979", "–", "–", "11748"]);
        assert!(t.rows.iter().all(|r| r.len() == t.headers.len()));
        assert!(t.notes[0].starts_with("rust/bindgen: built by web/justfile"), "{:?}", t.notes);
    }
}
