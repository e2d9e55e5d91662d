//! The learner's module beside the reference builds of its language:
//! bytes (raw and gzip), then speed as instructions executed (Wasmtime's
//! fuel: the same on every laptop) with the time beside it.

use super::tasks::{blur_instructions, SPEED_SIDE};
use crate::load::kernel::Kernel;
use crate::load::runtime::Runtime;
use crate::report::Table;
use anyhow::Result;
use flate2::{write::GzEncoder, Compression};
use std::io::Write;
use std::path::Path;
use std::time::{Duration, Instant};

/// The reference builds shown beside the learner's, when built.
const REFERENCES: [&str; 3] = ["default", "tuned", "simd"];

/// One row: a module's figures, or why it could not be measured.
struct Figures {
    raw: usize,
    gzip: usize,
    speed: Result<(u64, Duration), String>,
}

pub fn table(runtime: &Runtime, lang: &str, yours: &Path, build_dir: &Path) -> Table {
    let title = format!("Your module beside the {lang} reference builds (blur on {SPEED_SIDE}x{SPEED_SIDE})");
    let mut table = Table::new(title, &["module", "bytes", "gzip", "instructions", "time"]);
    let references = REFERENCES.map(|b| (format!("{lang}/{b}"), build_dir.join(lang).join(format!("{b}.wasm"))));
    let rows = std::iter::once(("yours".to_string(), yours.to_path_buf())).chain(references);
    for (name, path) in rows.filter(|(_, p)| p.is_file()) {
        let (cells, note) = row(runtime, &name, &path);
        table.row(std::iter::once(name.clone()).chain(cells).collect());
        table.notes.extend(note.map(|why| format!("{name}: {why}")));
    }
    table.notes.push("instructions: WebAssembly instructions executed, counted by Wasmtime's fuel (the same on every machine); time: this machine, best of 3".into());
    table
}

/// A row's cells after the name, and why a figure is missing, if one is.
fn row(runtime: &Runtime, name: &str, path: &Path) -> (Vec<String>, Option<String>) {
    let dash = || "-".to_string();
    match figures(runtime, name, path) {
        Ok(f) => match f.speed {
            Ok((n, t)) => (
                vec![f.raw.to_string(), f.gzip.to_string(), n.to_string(), format!("{:.2} ms", t.as_secs_f64() * 1e3)],
                None,
            ),
            Err(why) => (vec![f.raw.to_string(), f.gzip.to_string(), dash(), dash()], Some(why)),
        },
        Err(e) => (vec![dash(), dash(), dash(), dash()], Some(format!("{e:#}"))),
    }
}

fn figures(runtime: &Runtime, name: &str, path: &Path) -> Result<Figures> {
    let bytes = runtime.read_module(name, path)?;
    let speed = speed(runtime, name, &bytes).map_err(|e| format!("{e:#}"));
    Ok(Figures { raw: bytes.len(), gzip: gzip(&bytes)?, speed })
}

/// Instructions of one blur of the speed image, and the best time of three.
fn speed(runtime: &Runtime, name: &str, bytes: &[u8]) -> Result<(u64, Duration)> {
    let module = runtime.compile(name, bytes)?;
    let mut kernel = Kernel::new(runtime, name, &module)?;
    let mut best = Duration::MAX;
    let mut instructions = 0;
    for _ in 0..3 {
        let start = Instant::now();
        instructions = blur_instructions(&mut kernel)?;
        best = best.min(start.elapsed());
    }
    Ok((instructions, best))
}

fn gzip(bytes: &[u8]) -> Result<usize> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}
