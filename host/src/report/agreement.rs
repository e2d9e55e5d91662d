//! `compare --check-against PREVIOUS.json`: is a run reproducible? Every
//! cell this run and an earlier one both measured (a module under an
//! engine, a kernel and size, a ratio to one baseline) agrees when the two
//! intervals overlap. The share of cells that agree is the answer.

use crate::measure::stats::Interval;
use crate::measure::timing::BenchResults;
use anyhow::{Context, Result};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use std::path::Path;

/// An earlier run's cells, read from its results.json.
pub struct Previous {
    path: String,
    generated: String,
    cells: HashMap<String, (f64, f64)>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Agreement {
    pub previous: String,
    pub previous_generated: String,
    /// Cells both runs have.
    pub cells: usize,
    /// Of those, the ones whose intervals overlap.
    pub agree: usize,
    /// The cells that do not, with both intervals (the first few).
    pub disagree: Vec<String>,
}

impl Agreement {
    pub fn share(&self) -> f64 {
        if self.cells == 0 {
            0.0
        } else {
            self.agree as f64 / self.cells as f64
        }
    }

    /// `agreement with PATH (run of DATE): 312 of 330 cells (94.5%) within their intervals`.
    pub fn line(&self) -> String {
        format!(
            "agreement with {} (run of {}): {} of {} cells ({:.1}%) agree within their intervals",
            self.previous,
            self.previous_generated,
            self.agree,
            self.cells,
            100.0 * self.share()
        )
    }
}

/// Read an earlier `compare` run's results.json.
pub fn read(path: &Path) -> Result<Previous> {
    let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let json: Value = serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let bench = json.get("bench").unwrap_or(&json);
    let mut cells = HashMap::new();
    for row in bench["modules"].as_array().into_iter().flatten() {
        if row.get("same_bytes_as").is_some_and(|v| !v.is_null()) {
            continue;
        }
        for image in row["images"].as_array().into_iter().flatten() {
            for p in image["paired"].as_array().into_iter().flatten() {
                let (Some(lo), Some(hi)) = (p["lo"].as_f64(), p["hi"].as_f64()) else { continue };
                let key = key(
                    str_of(&row["module"]),
                    str_of(&row["engine"]),
                    str_of(&image["op"]),
                    str_of(&image["size"]),
                    str_of(&p["against"]),
                );
                cells.insert(key, (lo, hi));
            }
        }
    }
    Ok(Previous { path: path.display().to_string(), generated: str_of(&json["generated"]).to_string(), cells })
}

fn str_of(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

fn key(module: &str, engine: &str, op: &str, size: &str, against: &str) -> String {
    format!("{module} ({engine}) {op} {size} ×{against}")
}

/// Hold this run's cells against the earlier run's.
pub fn check(previous: &Previous, r: &BenchResults) -> Agreement {
    let mut a = Agreement {
        previous: previous.path.clone(),
        previous_generated: previous.generated.clone(),
        cells: 0,
        agree: 0,
        disagree: Vec::new(),
    };
    for m in r.modules.iter().filter(|m| m.same_bytes_as.is_none() && m.error.is_none()) {
        let (module, engine) = (m.subject.to_string(), m.subject.engine_name());
        for i in &m.images {
            for p in &i.paired {
                let k = key(&module, engine, i.op.name(), &i.size.to_string(), p.against.key());
                let Some(&(lo, hi)) = previous.cells.get(&k) else { continue };
                a.cells += 1;
                let before = Interval { median: (lo + hi) / 2.0, lo, hi, n: 0, coverage: 0.0 };
                if p.ratio.overlaps(&before) {
                    a.agree += 1;
                } else if a.disagree.len() < 20 {
                    a.disagree.push(format!("{k}: {:.3}–{:.3} then, {:.3}–{:.3} now", lo, hi, p.ratio.lo, p.ratio.hi));
                }
            }
        }
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::kernel::Op;
    use crate::measure::timing::{ImageTiming, Native, FULL_HD};

    /// The sample results with paired ratios to native: rust/default's
    /// grayscale 1.4–1.6, rust/simd's 0.24–0.26.
    fn paired() -> BenchResults {
        let mut r = crate::measure::sample::results();
        for m in &mut r.modules {
            for i in &mut m.images {
                let mid = i.ms.median;
                let ratios = [(Native::AsBuilt, vec![mid / 2.0 * 0.95, mid / 2.0, mid / 2.0 * 1.05])];
                *i = ImageTiming::paired(i.op, i.size, vec![mid], &ratios);
            }
        }
        r
    }

    #[test]
    fn a_run_agrees_with_itself_and_not_with_a_shifted_one() {
        let r = paired();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("results.json");
        let json = serde_json::json!({ "generated": "then", "bench": r });
        std::fs::write(&path, json.to_string()).unwrap();
        let same = check(&read(&path).unwrap(), &r);
        assert!(same.cells > 0 && same.agree == same.cells, "{same:?}");
        assert!(same.line().contains("(run of then)") && same.line().contains("(100.0%)"), "{}", same.line());
        let mut shifted = paired();
        let rust = &mut shifted.modules[0];
        let gray = rust.images.iter_mut().find(|i| i.op == Op::Grayscale && i.size == FULL_HD).unwrap();
        *gray = ImageTiming::paired(Op::Grayscale, FULL_HD, vec![9.0], &[(Native::AsBuilt, vec![3.0, 3.1])]);
        let moved = check(&read(&path).unwrap(), &shifted);
        assert_eq!((moved.cells, moved.agree + 1), (same.cells, same.cells));
        assert!(moved.disagree[0].starts_with("rust/default (cranelift) grayscale 1920x1080 ×native"), "{moved:?}");
    }
}
