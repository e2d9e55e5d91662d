//! Fuzzing the load-and-verify path on stable Rust: `wasm-smith` turns random
//! bytes into valid modules in the contract's shape (its exports, with random
//! bodies), made to terminate (`ensure_termination`), and `rosetta verify`
//! must give every one a verdict, in bounded time, without panicking.
//!
//! Why not cargo-fuzz: it needs a nightly toolchain, which no registry here
//! serves. The driver below is seeded (a failure names its seed, and the seed
//! rebuilds the module), and saves what it found in target/fuzz-found/.
//!
//! `cargo test -p host --test fuzz` runs a quick round; `just fuzz` runs
//! `smith_modules_for_a_while` for FUZZ_SECONDS (default 90).

mod common;

use arbitrary::Unstructured;
use rand::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The contract's exports with empty bodies: wasm-smith gives a generated
/// module exactly these names and types.
const SHAPE: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32) unreachable)
  (func (export "counter_new") (result i32) unreachable)
  (func (export "counter_increment") (param i32) (result i32) unreachable)
  (func (export "counter_get") (param i32) (result i32) unreachable)
  (func (export "counter_free") (param i32) unreachable)
  (func (export "alloc") (param i32) (result i32) unreachable)
  (func (export "dealloc") (param i32 i32) unreachable)
  (func (export "grayscale") (param i32 i32 i32) (result i32) unreachable)
  (func (export "blur") (param i32 i32 i32 i32) (result i32) unreachable))"#;

/// A module for `seed`: half of them in the contract's shape with only the
/// proposals the contract's languages use, half anything wasm-smith makes.
fn module_for(seed: u64) -> Option<Vec<u8>> {
    let mut bytes = vec![0u8; 16 * 1024];
    ChaCha8Rng::seed_from_u64(seed).fill_bytes(&mut bytes);
    let mut config = wasm_smith::Config::default();
    if seed.is_multiple_of(2) {
        config.exports = Some(wat::parse_str(SHAPE).unwrap());
        (config.gc_enabled, config.exceptions_enabled, config.threads_enabled) = (false, false, false);
        (config.memory64_enabled, config.tail_call_enabled) = (false, false);
        config.max_imports = 0;
    }
    config.max_memory32_bytes = 1 << 30;
    let mut module = wasm_smith::Module::new(config, &mut Unstructured::new(&bytes)).ok()?;
    module.ensure_termination(100_000).ok()?;
    Some(module.to_bytes())
}

/// Verify the modules of `seeds` in one run: every module gets a verdict.
/// Returns how many modules were verified.
fn round(dir: &Path, seeds: std::ops::Range<u64>) -> usize {
    let paths: Vec<(u64, PathBuf)> = seeds
        .filter_map(|seed| {
            let path = dir.join(format!("smith-{seed}.wasm"));
            std::fs::write(&path, module_for(seed)?).unwrap();
            Some((seed, path))
        })
        .collect();
    let refs: Vec<&Path> = paths.iter().map(|(_, p)| p.as_path()).collect();
    let started = Instant::now();
    let seeds: Vec<u64> = paths.iter().map(|(s, _)| *s).collect();
    let flags = ["--deadline-secs", "10", "--compile-timeout-secs", "10"];
    let Ok((code, modules)) = std::panic::catch_unwind(|| common::verify_json(&refs, &flags)) else {
        save(&paths);
        panic!("rosetta panicked or printed no JSON on seeds {seeds:?} (kept in target/fuzz-found/)");
    };
    if !(code == 0 || code == 1) || modules.len() != paths.len() {
        save(&paths);
        panic!("verify exited {code} with {} of {} verdicts on seeds {seeds:?}", modules.len(), paths.len());
    }
    for (checks, (seed, _)) in modules.iter().zip(&paths) {
        for (check, outcome, _) in checks {
            assert!(
                ["pass", "fail", "skip", "expected"].contains(&outcome.as_str()),
                "seed {seed}: {check} has outcome {outcome}"
            );
        }
    }
    // Each module is bounded by its budgets; a round of 25 far below this.
    assert!(started.elapsed() < Duration::from_secs(300), "seeds {seeds:?} took {:?}", started.elapsed());
    paths.len()
}

/// Keep the modules of a failed round for a regression test.
fn save(paths: &[(u64, PathBuf)]) {
    let found = Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/fuzz-found");
    std::fs::create_dir_all(&found).unwrap();
    for (_, path) in paths {
        std::fs::copy(path, found.join(path.file_name().unwrap())).unwrap();
    }
}

#[test]
fn smith_modules_get_a_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let done = round(dir.path(), 0..25) + round(dir.path(), 25..50);
    assert!(done >= 40, "wasm-smith made only {done} of 50 modules");
}

#[test]
#[ignore = "long: `just fuzz`"]
fn smith_modules_for_a_while() {
    let seconds = common::fuzz_seconds("SMITH_SECONDS", 90);
    // A different stretch of seeds each run (SMITH_SEED or FUZZ_SEED fixes it), so runs add up.
    let start = common::fuzz_seed("smith", "SMITH_SEED");
    let dir = tempfile::tempdir().unwrap();
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let (mut seed, mut modules) = (start, 0);
    while Instant::now() < deadline {
        modules += round(dir.path(), seed..seed + 25);
        seed += 25;
        for entry in std::fs::read_dir(dir.path()).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
    }
    println!("smith: {modules} wasm-smith modules verified (seeds {start}..{seed}), no crash");
}
