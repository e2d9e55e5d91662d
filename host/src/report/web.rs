//! The browser side's tables for comparisons/README.md: the page's numbers
//! in each headless browser engine, the engines side by side, and the glue
//! builds' sizes as rows of the size table. (V8's timings under Node are rows
//! of the bench results: speed.rs.)

use super::Table;
use crate::load::kernel::Op;
use crate::measure::web::{GlueSize, Page, PageRow, WebModule, WebResults};

/// How one page run was timed, for a table's title.
fn method(p: &Page) -> String {
    let warmup = p.warmup.map(|w| format!(" after {w} untimed")).unwrap_or_default();
    let timer = match (p.timer_resolution_ms, p.cross_origin_isolated) {
        (Some(ms), true) => format!("; timer step {ms} ms, cross-origin isolated"),
        (Some(ms), false) => format!("; timer step {ms} ms, not cross-origin isolated"),
        (None, _) => String::new(),
    };
    format!("median (min–max) of {} calls{warmup}, {}{timer}", p.reps, p.measures)
}

/// One row per module of the page in one browser: its cold start and warm medians.
pub fn page_table(c: &Page) -> Table {
    let mut sizes: Vec<String> = c.rows.iter().flat_map(|r| r.warm.iter().map(|w| w.size.to_string())).collect();
    sizes.dedup();
    let mut t = Table::new(
        format!(
            "The page in headless {} {} ({}; web/e2e.mjs, {}): cold = fetch + compile + instantiate + first grayscale; warm = {}",
            c.engine.name(),
            c.browser,
            c.engine.js_engine(),
            sizes.join(", "),
            method(c)
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

/// The same modules in every browser that ran the page, side by side: cold
/// start and warm medians per engine (none when fewer than two engines ran).
pub fn engines_table(web: &WebResults) -> Option<Table> {
    let pages: Vec<&Page> = web.pages().collect();
    if pages.len() < 2 {
        return None;
    }
    let mut headers = vec!["module".to_string()];
    for p in &pages {
        let e = p.engine.js_engine();
        headers.extend([format!("{e} cold ms"), format!("{e} grayscale ms"), format!("{e} blur ms")]);
    }
    let methods: Vec<String> =
        pages.iter().map(|p| format!("{} {}: {}", p.engine.name(), p.browser, method(p))).collect();
    let mut t = Table::new(
        format!(
            "Every browser engine, the same modules (web/e2e.mjs): cold = fetch + compile + instantiate + first grayscale; warm = the median of each engine's calls ({})",
            methods.join("; ")
        ),
        &headers.iter().map(String::as_str).collect::<Vec<_>>(),
    );
    let mut modules: Vec<&WebModule> = Vec::new();
    for r in pages.iter().flat_map(|p| &p.rows) {
        if !modules.contains(&&r.module) {
            modules.push(&r.module);
        }
    }
    for m in modules {
        let mut row = vec![m.to_string()];
        for p in &pages {
            let r: Option<&PageRow> = p.rows.iter().find(|r| &r.module == m);
            let warm = |op| r.and_then(|r| r.warm(op)).map(|w| format!("{:.2}", w.ms.median));
            let cold = r.and_then(|r| r.cold_ms).map(|ms| format!("{ms:.1}"));
            row.extend([cold, warm(Op::Grayscale), warm(Op::Blur)].map(|c| c.unwrap_or_else(|| "not run".into())));
        }
        t.row(row);
    }
    Some(t)
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
        let t = page_table(&read(dir.path()).chromium.unwrap());
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
    fn the_engines_table_puts_each_engine_beside_the_others() {
        let dir = tempfile::tempdir().unwrap();
        sample::write(dir.path());
        let web = read(dir.path());
        let firefox = page_table(web.firefox.as_ref().unwrap());
        assert!(firefox.title.contains("Firefox 153.8.0 (SpiderMonkey"), "{}", firefox.title);
        assert!(firefox.title.contains("after 2 untimed") && firefox.title.contains("0.02 ms, cross-origin isolated"));
        let t = engines_table(&web).unwrap();
        assert_eq!(t.headers[1..4], ["V8 cold ms", "V8 grayscale ms", "V8 blur ms"]);
        assert_eq!(t.headers[4..7], ["SpiderMonkey cold ms", "SpiderMonkey grayscale ms", "SpiderMonkey blur ms"]);
        assert_eq!(t.headers[7], "JavaScriptCore cold ms");
        assert_eq!(t.rows[1][..7], ["rust/default", "25.0", "4.50", "30.00", "12.0", "3.00", "20.00"]);
        assert_eq!(t.rows[2][4..7], ["not run", "not run", "not run"], "rust/bindgen ran in Chromium only");
        let only_chromium = WebResults { firefox: None, webkit: None, ..web };
        assert!(engines_table(&only_chromium).is_none());
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
