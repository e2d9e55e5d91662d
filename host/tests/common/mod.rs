//! What the end-to-end tests share: the known-good module and ways to break it.
// Each test crate uses only some of these helpers.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The whole contract in hand-written WAT; it passes every check.
pub const GOOD: &str = include_str!("../fixtures/good.wat");

/// Write `wat` as a .wasm file in `dir` and return its path.
pub fn module(dir: &Path, name: &str, wat: &str) -> PathBuf {
    let path = dir.join(format!("{name}.wasm"));
    std::fs::write(&path, wat::parse_str(wat).expect("fixture parses")).unwrap();
    path
}

/// GOOD with one piece of text replaced (the replaced text must exist).
pub fn broken(from: &str, to: &str) -> String {
    assert!(GOOD.contains(from), "fixture does not contain {from:?}");
    GOOD.replacen(from, to, 1)
}

/// One module's checks as (check, outcome, detail), in table order.
pub type Checks = Vec<(String, String, String)>;

/// `rosetta verify --format json` on these modules, with `extra` flags: the
/// exit code and each module's checks. A panic in the host fails the test.
pub fn verify_json(paths: &[&Path], extra: &[&str]) -> (i32, Vec<Checks>) {
    let mut args = vec!["verify", "--format", "json"];
    for path in paths {
        args.extend(["--module", path.to_str().unwrap()]);
    }
    args.extend_from_slice(extra);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_rosetta")).args(&args).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!stderr.contains("panicked"), "rosetta panicked: {stderr}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {stdout} {stderr}"));
    let checks = |m: &serde_json::Value| -> Checks {
        let s = |c: &serde_json::Value, k: &str| c[k].as_str().unwrap_or("").to_string();
        m["checks"].as_array().unwrap().iter().map(|c| (s(c, "check"), s(c, "outcome"), s(c, "detail"))).collect()
    };
    (out.status.code().unwrap_or(-1), json.as_array().unwrap().iter().map(checks).collect())
}

/// The (outcome, detail) of one check.
pub fn outcome<'a>(checks: &'a Checks, name: &str) -> (&'a str, &'a str) {
    let c = checks.iter().find(|c| c.0 == name).unwrap_or_else(|| panic!("no check {name}"));
    (&c.1, &c.2)
}

/// A case of the hostile corpus (tests/hostile/, README there) as WAT: its
/// own `.wat`, or good.wat with its `.patch` applied.
pub fn hostile(case: &str) -> String {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    if let Ok(wat) = std::fs::read_to_string(dir.join(format!("{case}.wat"))) {
        return wat;
    }
    let patch = std::fs::read_to_string(dir.join(format!("{case}.patch"))).expect("a .wat or a .patch");
    let (_, rest) = patch.split_once("<<<\n").expect("a patch has <<<");
    let (from, to) = rest.split_once(">>>\n").expect("a patch has >>>");
    assert_eq!(GOOD.matches(from).count(), 1, "{case}: the replaced text must occur once in good.wat");
    broken(from, to)
}

/// How long a long fuzz target runs, in seconds: its own variable (`var`),
/// else FUZZ_SECONDS, else `default`.
pub fn fuzz_seconds(var: &str, default: u64) -> u64 {
    [var, "FUZZ_SECONDS"].iter().find_map(|v| std::env::var(v).ok()?.parse().ok()).unwrap_or(default)
}

/// The first seed of a long fuzz target: its own variable (`var`), else
/// FUZZ_SEED (`just fuzz --seed S`), else the clock in milliseconds, so runs
/// add up. Printed at once, so that even a crash names the seed to replay.
pub fn fuzz_seed(target: &str, var: &str) -> u64 {
    let seed = [var, "FUZZ_SEED"].iter().find_map(|v| std::env::var(v).ok()?.parse().ok()).unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_millis() as u64
    });
    println!("{target}: first seed {seed} ({var}={seed} or `just fuzz --seed {seed}` replays it)");
    seed
}
