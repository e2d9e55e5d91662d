//! End-to-end tests of `rosetta verify --components`: hand-written
//! components (WAT) in a temporary build folder show that a good calculator
//! passes, and that a wrong answer, a core module where a component belongs,
//! a runaway loop and an unavailable toolchain each get a verdict in words.
//! The built kernel components, when there are any, must pass every check.

use serde_json::Value;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A calculator component whose core `add` is `BODY` (a WAT instruction list).
fn calculator(body: &str) -> String {
    format!(
        r#"(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32) {body}))
  (core instance $i (instantiate $m))
  (func $add (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $i "add")))
  (instance $ops (export "add" (func $add)))
  (export "example:calc/operations" (instance $ops)))"#
    )
}

const ADDS: &str = "local.get 0 local.get 1 i32.add";

/// `build/<lang>/component/<world>.wasm` from WAT.
fn component(build: &Path, lang: &str, world: &str, wat: &str) {
    let dir = build.join(lang).join("component");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(format!("{world}.wasm")), wat::parse_str(wat).expect("fixture parses")).unwrap();
}

/// `rosetta --build-dir BUILD verify --components --format json`: the exit
/// code and the JSON results. A panic in the host fails the test.
fn verify(build: &Path) -> (i32, Vec<Value>) {
    let args = ["--build-dir", build.to_str().unwrap(), "verify", "--components", "--format", "json"];
    let out = Command::new(env!("CARGO_BIN_EXE_rosetta")).args(args).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "rosetta panicked: {stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {stderr}"));
    (out.status.code().unwrap_or(-1), json.as_array().unwrap().clone())
}

/// The (outcome, detail) of check `name` of the component called `module`.
fn outcome(results: &[Value], module: &str, name: &str) -> (String, String) {
    let r = results.iter().find(|r| r["module"] == module).unwrap_or_else(|| panic!("no {module} in {results:?}"));
    let c = r["checks"].as_array().unwrap().iter().find(|c| c["check"] == name).unwrap();
    let s = |k: &str| c[k].as_str().unwrap_or("").to_string();
    (s("outcome"), s("detail"))
}

#[test]
fn a_good_calculator_passes_and_a_wrong_one_is_named() {
    let build = tempfile::tempdir().unwrap();
    component(build.path(), "good", "calculator", &calculator(ADDS));
    component(build.path(), "wrong", "calculator", &calculator("local.get 0 local.get 1 i32.sub"));
    let (code, results) = verify(build.path());
    assert_eq!(code, 1);
    assert_eq!(outcome(&results, "good/component/calculator", "add").0, "pass");
    let (result, detail) = outcome(&results, "wrong/component/calculator", "add");
    assert_eq!(result, "fail");
    assert!(detail.contains("add(1, 2) returned -1, expected 3"), "{detail}");
}

#[test]
fn a_core_module_where_a_component_belongs_fails_in_words() {
    let build = tempfile::tempdir().unwrap();
    component(build.path(), "core", "kernel", "(module)");
    let (code, results) = verify(build.path());
    assert_eq!(code, 1);
    let (result, detail) = outcome(&results, "core/component/kernel", "component");
    assert_eq!(result, "fail");
    assert!(detail.contains("not a component this host can run"), "{detail}");
    // Its world's checks are not attempted on something that does not load.
    assert_eq!(results[0]["checks"].as_array().unwrap().len(), 1);
}

#[test]
fn a_runaway_loop_is_stopped_by_the_budget_in_bounded_time() {
    let build = tempfile::tempdir().unwrap();
    component(build.path(), "loop", "calculator", &calculator("(loop $forever br $forever) unreachable"));
    let start = Instant::now();
    let (code, results) = verify(build.path());
    assert_eq!(code, 1);
    let (result, detail) = outcome(&results, "loop/component/calculator", "add");
    assert_eq!(result, "fail");
    assert!(detail.contains("used up its budget"), "{detail}");
    assert!(start.elapsed() < Duration::from_secs(30), "took {:?}", start.elapsed());
}

#[test]
fn an_unavailable_component_passes_with_its_reason() {
    let build = tempfile::tempdir().unwrap();
    let dir = build.path().join("none").join("component");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("kernel.unavailable"), "no component support upstream\n").unwrap();
    let (code, results) = verify(build.path());
    assert_eq!(code, 0);
    assert_eq!(results[0]["unavailable"], "no component support upstream");
}

/// Every kernel component in build/ passes every check (none built: nothing to do).
#[test]
fn the_built_kernel_components_pass_every_check() {
    let build = Path::new(env!("CARGO_MANIFEST_DIR")).join("../build");
    if !build.is_dir() {
        return;
    }
    let (code, results) = verify(&build);
    let failed: Vec<&Value> = results
        .iter()
        .filter(|r| r["checks"].as_array().is_some_and(|c| c.iter().any(|c| c["outcome"] == "fail")))
        .collect();
    assert!(failed.is_empty(), "{failed:#?}");
    assert_eq!(code, 0);
}
