//! `rosetta sizes`: what each build costs on the wire. Raw bytes, after
//! `wasm-opt -Oz`, with custom sections stripped, and compressed (gzip,
//! brotli) the way a web server would send it; plus where the bytes go.

use crate::catalog::Build;
use crate::inspect::{self, Sections};
use crate::report::Table;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::process::Command;
use std::sync::OnceLock;

#[derive(Debug, Clone, Default, Serialize)]
pub struct SizeRow {
    pub module: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
    pub raw: Option<usize>,
    /// None when wasm-opt is not installed or rejects the module.
    pub wasm_opt_oz: Option<usize>,
    pub stripped: Option<usize>,
    pub gzip: Option<usize>,
    pub brotli: Option<usize>,
    pub sections: Option<Sections>,
    pub imports: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// The figures that depend only on a module's bytes (and the wasm-opt
/// version): slow to make for the 2 MB Go modules, so they are cached.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Derived {
    wasm_opt_oz: Option<usize>,
    gzip: usize,
    brotli: usize,
}

/// Every row, measured two at a time (one per core), in the order given.
pub fn measure_all(builds: &[Build]) -> Vec<SizeRow> {
    let progress = crate::report::progress_bar(builds.len() as u64, "measuring sizes");
    let rows = builds
        .par_iter()
        .map(|b| {
            let row = measure(b);
            progress.inc(1);
            row
        })
        .collect();
    progress.finish_and_clear();
    rows
}

pub fn measure(build: &Build) -> SizeRow {
    let mut row = SizeRow { module: build.id(), unavailable: build.unavailable.clone(), ..SizeRow::default() };
    if row.unavailable.is_some() {
        return row;
    }
    let bytes = match std::fs::read(&build.path) {
        Ok(b) => b,
        Err(e) => {
            row.error = Some(format!("cannot read {}: {e}", build.path.display()));
            return row;
        }
    };
    row.raw = Some(bytes.len());
    match inspect::facts(&row.module, &bytes) {
        Err(e) => row.error = Some(e.to_string()),
        Ok(facts) => {
            let derived = cached(&bytes, || Derived {
                wasm_opt_oz: wasm_opt_oz(build),
                gzip: gzip(&facts.stripped),
                brotli: brotli(&facts.stripped),
            });
            row.stripped = Some(facts.stripped.len());
            row.gzip = Some(derived.gzip);
            row.brotli = Some(derived.brotli);
            row.wasm_opt_oz = derived.wasm_opt_oz;
            row.sections = Some(facts.sections);
            row.imports = facts.imports;
        }
    }
    row
}

/// `make()`'s answer for these bytes, kept in target/rosetta-cache/sizes/
/// under the SHA-256 of the bytes, the wasm-opt version and its flags. A
/// cache that cannot be read or written only costs time.
fn cached(bytes: &[u8], make: impl FnOnce() -> Derived) -> Derived {
    let mut key = Sha256::new();
    key.update(bytes);
    key.update(wasm_opt_version().as_bytes());
    key.update(wasm_opt_features().join(" ").as_bytes());
    let key: String = key.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let path = crate::cli::repo_root().join("target/rosetta-cache/sizes").join(format!("{key}.json"));
    if let Some(hit) = std::fs::read(&path).ok().and_then(|b| serde_json::from_slice(&b).ok()) {
        return hit;
    }
    let derived = make();
    if let Some(dir) = path.parent() {
        let _ = std::fs::create_dir_all(dir);
        let _ = std::fs::write(&path, serde_json::to_vec(&derived).unwrap_or_default());
    }
    derived
}

fn wasm_opt_version() -> &'static str {
    static VERSION: OnceLock<String> = OnceLock::new();
    VERSION.get_or_init(|| {
        Command::new("wasm-opt")
            .arg("--version")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
            .unwrap_or_else(|_| "missing".into())
    })
}

/// The features binaryen must be told about (it cannot detect them), from
/// the contract, where every build file reads them too.
fn wasm_opt_features() -> &'static [String] {
    &crate::contract::Contract::get().build.wasm_opt_features
}

/// Compressed sizes are of the stripped module: what you would ship.
fn gzip(bytes: &[u8]) -> usize {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(bytes).expect("writing to a Vec cannot fail");
    enc.finish().expect("writing to a Vec cannot fail").len()
}

fn brotli(bytes: &[u8]) -> usize {
    let mut out = Vec::new();
    let params = brotli::enc::BrotliEncoderParams { quality: 11, ..Default::default() };
    brotli::BrotliCompress(&mut &bytes[..], &mut out, &params).expect("writing to a Vec cannot fail");
    out.len()
}

/// Run binaryen's `wasm-opt -Oz` on a copy; None if it is missing or fails.
fn wasm_opt_oz(build: &Build) -> Option<usize> {
    let out = std::env::temp_dir().join(format!("rosetta-{}-{}-{}.wasm", std::process::id(), build.lang, build.build));
    let status = Command::new("wasm-opt")
        .arg("-Oz")
        .args(wasm_opt_features())
        .arg(&build.path)
        .arg("-o")
        .arg(&out)
        .stderr(std::process::Stdio::null())
        .status()
        .ok()?;
    let size = status.success().then(|| std::fs::metadata(&out).ok().map(|m| m.len() as usize)).flatten();
    let _ = std::fs::remove_file(&out);
    size
}

pub fn table(rows: &[SizeRow]) -> Table {
    let mut t = Table::new(
        "Sizes in bytes (gzip and brotli of the stripped module)",
        &["module", "raw", "wasm-opt -Oz", "stripped", "gzip", "brotli", "code", "data", "custom", "other", "imports"],
    );
    for r in rows {
        if let Some(reason) = &r.unavailable {
            let mut row = vec![r.module.clone()];
            row.extend(std::iter::repeat_n("unavailable".to_string(), 10));
            t.row(row);
            t.notes.push(format!("{}: unavailable: {reason}", r.module));
            continue;
        }
        let s = r.sections.clone().unwrap_or_default();
        t.row(vec![
            r.module.clone(),
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
    t
}

/// A byte count, or "n/a" where it could not be measured.
fn n(v: Option<usize>) -> String {
    v.map(|v| v.to_string()).unwrap_or_else(|| "n/a".into())
}

/// The short form for the front README: non-ladder builds only.
pub fn summary_table(rows: &[SizeRow]) -> Table {
    let mut t = Table::new("Module sizes in bytes", &["module", "raw", "wasm-opt -Oz", "gzip", "brotli", "imports"]);
    for r in rows.iter().filter(|r| !r.module.contains("/ladder-")) {
        match &r.unavailable {
            Some(reason) => {
                t.row(vec![r.module.clone(), "unavailable".into(), "".into(), "".into(), "".into(), reason.clone()])
            }
            None => t.row(vec![
                r.module.clone(),
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

    #[test]
    fn compression_shrinks_repetitive_bytes() {
        let bytes = vec![7u8; 10_000];
        assert!(gzip(&bytes) < 200 && brotli(&bytes) < 200);
    }
}
