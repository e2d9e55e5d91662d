//! `rosetta sizes`: what each build costs on the wire. Raw bytes, after
//! `wasm-opt -Oz`, with custom sections stripped, and compressed (gzip,
//! brotli) the way a web server would send it; plus where the bytes go.

use crate::load::catalog::{Build, BuildId};
use crate::load::inspect::{self, Sections};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::process::Command;
use std::sync::OnceLock;

#[derive(Debug, Clone, Serialize)]
pub struct SizeRow {
    pub module: BuildId,
    /// The command that made the module, from `<build>.flags`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub flags: Option<String>,
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

impl SizeRow {
    /// A row with nothing measured yet.
    fn empty(build: &Build) -> SizeRow {
        SizeRow { flags: build.flags.clone(), unavailable: build.unavailable.clone(), ..SizeRow::new(build.id.clone()) }
    }

    /// A row for `module` with nothing in it.
    pub fn new(module: BuildId) -> SizeRow {
        SizeRow {
            module,
            flags: None,
            unavailable: None,
            raw: None,
            wasm_opt_oz: None,
            stripped: None,
            gzip: None,
            brotli: None,
            sections: None,
            imports: Vec::new(),
            error: None,
        }
    }
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
    let progress = crate::progress::bar(builds.len() as u64, "measuring sizes");
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
    let mut row = SizeRow::empty(build);
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
    match inspect::facts(&build.id.to_string(), &bytes) {
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
    let path = crate::load::repo_root().join("target/rosetta-cache/sizes").join(format!("{key}.json"));
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
    &crate::load::contract::Contract::get().build.wasm_opt_features
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
    let out =
        std::env::temp_dir().join(format!("rosetta-{}-{}-{}.wasm", std::process::id(), build.id.lang, build.id.build));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_shrinks_repetitive_bytes() {
        let bytes = vec![7u8; 10_000];
        assert!(gzip(&bytes) < 200 && brotli(&bytes) < 200);
    }
}
