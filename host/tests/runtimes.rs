//! `rosetta verify --runtime ...`: the hand-written modules under every
//! runtime. The known-good module passes everywhere, a wrong `add` fails the
//! same check everywhere, a runaway loop is stopped everywhere in bounded
//! time, and the runtimes agree. wasmi and Wasmer need the `runtimes`
//! feature (`cargo test --release -p host --features runtimes`); without it
//! the host says how to get them.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

mod common;

use common::{broken, module, outcome, Checks, GOOD};

/// Every runtime this host has.
fn runtimes() -> Vec<&'static str> {
    let mut names = vec!["wasmtime", "wasmtime-winch", "wasmtime-pulley"];
    if cfg!(feature = "runtimes") {
        names.extend(["wasmi", "wasmer-cranelift", "wasmer-singlepass"]);
    }
    names
}

/// `verify --format json` under every runtime this host has, on these
/// modules, with `extra` flags: the exit code and the JSON.
fn verify_all(paths: &[&Path], extra: &[&str]) -> (i32, serde_json::Value) {
    verify_under(&runtimes(), paths, extra)
}

/// The same under these runtimes (at least two).
fn verify_under(runtimes: &[&str], paths: &[&Path], extra: &[&str]) -> (i32, serde_json::Value) {
    let mut args = vec!["verify", "--format", "json"];
    for &runtime in runtimes {
        args.extend(["--runtime", runtime]);
    }
    for path in paths {
        args.extend(["--module", path.to_str().unwrap()]);
    }
    args.extend_from_slice(extra);
    let out = Command::new(env!("CARGO_BIN_EXE_rosetta")).args(&args).output().unwrap();
    let (stdout, stderr) = (String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!stderr.contains("panicked"), "rosetta panicked: {stderr}");
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {stdout} {stderr}"));
    (out.status.code().unwrap_or(-1), json)
}

/// Each runtime's (name, checks of module `m`) as (check, outcome, detail).
fn checks_of(json: &serde_json::Value, m: usize) -> Vec<(String, Checks)> {
    let s = |c: &serde_json::Value, k: &str| c[k].as_str().unwrap_or("").to_string();
    json["runtimes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let checks = r["results"][m]["checks"].as_array().unwrap();
            (s(r, "runtime"), checks.iter().map(|c| (s(c, "check"), s(c, "outcome"), s(c, "detail"))).collect())
        })
        .collect()
}

/// GOOD with `add` looping forever: stopped in the first check, under every runtime.
fn looping_add() -> String {
    broken(
        "(func (export \"add\") (param $a i32) (param $b i32) (result i32)\n    (i32.add (local.get $a) (local.get $b)))",
        "(func (export \"add\") (param $a i32) (param $b i32) (result i32)\n    (loop $l (br $l)) (unreachable))",
    )
}

// One run for both, so the slow runtimes (Pulley takes a minute over the
// fixture's 4K blur) run once; the deadline is raised for a loaded machine.
#[test]
fn the_known_good_module_passes_and_a_wrong_add_fails_alike_under_every_runtime() {
    let dir = tempfile::tempdir().unwrap();
    let good = module(dir.path(), "good", GOOD);
    let wrong = module(
        dir.path(),
        "wrong",
        &broken("(i32.add (local.get $a) (local.get $b)))", "(i32.add (local.get $a) (i32.const 1)))"),
    );
    let (code, json) = verify_all(&[&good, &wrong], &["--deadline-secs", "600"]);
    assert_eq!(code, 1, "the wrong module fails: {json}");
    let names: Vec<String> = checks_of(&json, 0).into_iter().map(|(r, _)| r).collect();
    assert_eq!(names, runtimes());
    for (runtime, checks) in checks_of(&json, 0) {
        for (name, result, detail) in &checks {
            assert_eq!(result, "pass", "good under {runtime}: {name}: {detail}");
        }
    }
    for (runtime, checks) in checks_of(&json, 1) {
        let (result, detail) = outcome(&checks, "add");
        assert_eq!(result, "fail", "{runtime}: {detail}");
        assert!(detail.contains("add(0, 0) returned 1, expected 0"), "{runtime}: {detail}");
        assert_eq!(outcome(&checks, "blur").0, "pass", "{runtime}");
    }
    assert_eq!(json["disagreements"].as_array().unwrap().len(), 0, "the runtimes agree: {json}");
    assert!(json["unavailable"][0]["reason"].as_str().unwrap().contains("WasmEdge C library"));
}

#[test]
fn a_runaway_loop_is_stopped_by_the_budget_under_every_runtime_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    let runaway = module(dir.path(), "runaway", &looping_add());
    let start = Instant::now();
    let (code, json) = verify_all(&[&runaway], &[]);
    assert_eq!(code, 1);
    for (runtime, checks) in checks_of(&json, 0) {
        let detail = outcome(&checks, "add").1;
        assert!(detail.contains("`add` used up its budget of"), "{runtime}: {detail}");
        assert_eq!(outcome(&checks, "blur").0, "skip", "{runtime}");
    }
    assert!(start.elapsed() < Duration::from_secs(300), "took {:?}", start.elapsed());
}

#[test]
fn past_the_deadline_a_runaway_loop_is_stopped_under_every_runtime() {
    let dir = tempfile::tempdir().unwrap();
    let runaway = module(dir.path(), "runaway", &looping_add());
    let start = Instant::now();
    let (code, json) = verify_all(&[&runaway], &["--deadline-secs", "1", "--budget-scale", "1000000"]);
    assert_eq!(code, 1);
    for (runtime, checks) in checks_of(&json, 0) {
        let detail = outcome(&checks, "add").1;
        assert!(detail.contains("`add` ran past the 1s deadline"), "{runtime}: {detail}");
    }
    assert!(start.elapsed() < Duration::from_secs(120), "took {:?}", start.elapsed());
}

#[cfg(feature = "runtimes")]
#[test]
fn a_module_one_runtime_cannot_link_is_a_named_disagreement() {
    // Wasmtime links all of WASI preview 1; wasmi and Wasmer only what the modules here import.
    let dir = tempfile::tempdir().unwrap();
    let extra = "(import \"wasi_snapshot_preview1\" \"fd_read\" (func (param i32 i32 i32 i32) (result i32)))";
    let wat = GOOD.replacen("(module", &format!("(module\n  {extra}"), 1);
    let path = module(dir.path(), "reads", &wat);
    let (code, json) = verify_under(&["wasmtime", "wasmi", "wasmer-cranelift"], &[&path], &[]);
    assert_eq!(code, 1);
    let found = json["disagreements"].as_array().unwrap();
    assert!(!found.is_empty(), "{json}");
    assert_eq!(found[0]["check"], "add", "{json}");
    let text = found[0].to_string();
    assert!(text.contains("fd_read"), "{text}");
}

#[cfg(not(feature = "runtimes"))]
#[test]
fn without_the_feature_the_other_runtimes_say_how_to_get_them() {
    let dir = tempfile::tempdir().unwrap();
    let good = module(dir.path(), "good", GOOD);
    let out = Command::new(env!("CARGO_BIN_EXE_rosetta"))
        .args(["verify", "--runtime", "wasmi", "--module", good.to_str().unwrap()])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("wasmi: built without the `runtimes` feature: run `just verify --runtime all`"),
        "{stderr}"
    );
}
