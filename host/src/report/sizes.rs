//! The size tables of `sizes`: every build in full, and the short form
//! for the front README.

use super::Table;
use crate::measure::sizes::SizeRow;

pub fn table(rows: &[SizeRow]) -> Table {
    let mut t = Table::new(
        "Sizes in bytes (gzip and brotli of the stripped module)",
        &["module", "raw", "wasm-opt -Oz", "stripped", "gzip", "brotli", "code", "data", "custom", "other", "imports"],
    );
    for r in rows {
        if let Some(reason) = &r.unavailable {
            let mut row = vec![r.module.to_string()];
            row.extend(std::iter::repeat_n("unavailable".to_string(), 10));
            t.row(row);
            t.notes.push(format!("{}: unavailable: {reason}", r.module));
            continue;
        }
        let s = r.sections.clone().unwrap_or_default();
        t.row(vec![
            r.module.to_string(),
            n(r.raw),
            n(r.wasm_opt_oz),
            n(r.stripped),
            n(r.gzip),
            n(r.brotli),
            s.code.to_string(),
            s.data.to_string(),
            s.custom.to_string(),
            s.other.to_string(),
            summarize_imports(&r.imports),
        ]);
        if let Some(e) = &r.error {
            t.notes.push(format!("{}: {e}", r.module));
        }
    }
    // What it costs on the wire, and what it needs from the host.
    t.brief(&[0, 1, 2, 4, 10]);
    t
}

/// A byte count, or "n/a" where it could not be measured.
fn n(v: Option<usize>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "n/a".into())
}

/// The short form for the front README: non-ladder builds only.
pub fn summary_table(rows: &[SizeRow]) -> Table {
    let mut t = Table::new("Module sizes in bytes", &["module", "raw", "wasm-opt -Oz", "gzip", "brotli", "imports"]);
    for r in rows.iter().filter(|r| !r.module.is_ladder()) {
        match &r.unavailable {
            Some(reason) => {
                t.row(vec![r.module.to_string(), "unavailable".into(), "".into(), "".into(), "".into(), reason.clone()])
            }
            None => t.row(vec![
                r.module.to_string(),
                n(r.raw),
                n(r.wasm_opt_oz),
                n(r.gzip),
                n(r.brotli),
                summarize_imports(&r.imports),
            ]),
        }
    }
    t
}

/// "none", or each import module with how many functions it provides.
pub fn summarize_imports(imports: &[String]) -> String {
    if imports.is_empty() {
        return "none".into();
    }
    let mut by_module: std::collections::BTreeMap<&str, Vec<&str>> = Default::default();
    for i in imports {
        let (m, f) = i.split_once('.').unwrap_or((i, ""));
        by_module.entry(m).or_default().push(f);
    }
    by_module
        .into_iter()
        .map(
            |(m, fs)| {
                if fs.len() <= 2 {
                    format!("{m}.{}", fs.join(", "))
                } else {
                    format!("{m} ({} functions)", fs.len())
                }
            },
        )
        .collect::<Vec<_>>()
        .join("; ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn imports_are_summarized_per_module() {
        assert_eq!(summarize_imports(&[]), "none");
        let wasi: Vec<String> = ["a", "b", "c"].iter().map(|f| format!("wasi_snapshot_preview1.{f}")).collect();
        assert_eq!(summarize_imports(&wasi), "wasi_snapshot_preview1 (3 functions)");
        assert_eq!(summarize_imports(&["env.abort".into()]), "env.abort");
    }
}
