//! End-to-end tests of the host as a sandbox for untrusted modules: small
//! hand-written modules that loop in every export, declare huge tables or
//! memories, are too big, take too long to compile, or recurse without end.
//! Each must be refused or failed in bounded time with its own message, and
//! never take the host down.

use std::path::Path;

mod common;

use common::{broken, module, outcome, verify_json, Checks, GOOD};

/// GOOD with `extra` added at the end of the module.
fn good_with(extra: &str) -> String {
    let end = GOOD.rfind(')').expect("the module closes");
    format!("{}\n{extra}\n)\n", &GOOD[..end])
}

fn verify(path: &Path, extra: &[&str]) -> (i32, Checks) {
    let (code, mut modules) = verify_json(&[path], extra);
    (code, modules.remove(0))
}

/// Every export of the contract, each looping forever.
const RUNAWAY: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32) (loop $l (br $l)) unreachable)
  (func (export "counter_new") (result i32) (loop $l (br $l)) unreachable)
  (func (export "counter_increment") (param i32) (result i32) (loop $l (br $l)) unreachable)
  (func (export "counter_get") (param i32) (result i32) (loop $l (br $l)) unreachable)
  (func (export "counter_free") (param i32) (loop $l (br $l)))
  (func (export "alloc") (param i32) (result i32) (loop $l (br $l)) unreachable)
  (func (export "dealloc") (param i32 i32) (loop $l (br $l)))
  (func (export "grayscale") (param i32 i32 i32) (result i32) (loop $l (br $l)) unreachable)
  (func (export "blur") (param i32 i32 i32 i32) (result i32) (loop $l (br $l)) unreachable))"#;

/// The checks after `add`, which a runaway `add` stops.
const AFTER_ADD: [&str; 6] = ["counters", "counter-cycles", "alloc", "grayscale", "blur", "errors"];

#[test]
fn a_module_that_loops_in_every_export_is_stopped_after_its_first_overrun() {
    let dir = tempfile::tempdir().unwrap();
    let path = module(dir.path(), "runaway", RUNAWAY);
    let (code, checks) = verify(&path, &[]);
    assert_eq!(code, 1);
    let (result, detail) = outcome(&checks, "add");
    assert_eq!(result, "fail");
    assert!(
        detail.contains("`add` used up its budget of") && detail.ends_with("; remaining checks skipped"),
        "{detail}"
    );
    for check in AFTER_ADD {
        let (result, detail) = outcome(&checks, check);
        assert_eq!(result, "skip", "{check}");
        assert!(
            detail.starts_with("skipped: ran out of its budget (") && detail.ends_with("earlier in `add`"),
            "{detail}"
        );
    }
}

#[test]
fn past_the_deadline_a_module_pays_for_one_check_not_seven() {
    let dir = tempfile::tempdir().unwrap();
    let path = module(dir.path(), "runaway", RUNAWAY);
    // Only the 1 s deadline stops each call: seven checks took 7 s.
    let (code, checks) = verify(&path, &["--deadline-secs", "1", "--budget-scale", "1000000"]);
    assert_eq!(code, 1);
    assert!(outcome(&checks, "add").1.contains("`add` ran past the 1s deadline"), "{checks:?}");
    for check in AFTER_ADD {
        assert_eq!(outcome(&checks, check), ("skip", "skipped: timed out after 1s earlier in `add`"));
    }
}

#[test]
fn an_overrun_the_expect_file_announces_does_not_skip_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let looping_add = broken(
        "(func (export \"add\") (param $a i32) (param $b i32) (result i32)\n    (i32.add (local.get $a) (local.get $b)))",
        "(func (export \"add\") (param $a i32) (param $b i32) (result i32)\n    (loop $l (br $l)) (unreachable))",
    );
    let path = module(dir.path(), "lesson", &looping_add);
    std::fs::write(path.with_extension("expect"), "add slow: it loops forever\n").unwrap();
    let (code, checks) = verify(&path, &[]);
    assert_eq!(outcome(&checks, "add").0, "expected");
    for check in AFTER_ADD {
        assert_eq!(outcome(&checks, check).0, "pass", "{check}: {checks:?}");
    }
    assert_eq!(code, 0);
}

#[test]
fn a_fifty_million_element_table_is_refused_with_the_cap_and_its_flag() {
    let dir = tempfile::tempdir().unwrap();
    let path = module(dir.path(), "table", &good_with("(table 50000000 funcref)"));
    let (code, checks) = verify(&path, &[]);
    assert_eq!(code, 1);
    let (result, detail) = outcome(&checks, "add");
    assert_eq!(result, "fail");
    assert!(detail.contains("cannot instantiate: table minimum size of 50000000 elements exceeds table limits"));
    assert!(detail.contains("the host allows at most 100000 elements per table; --max-table-elements"), "{detail}");
    assert_eq!(outcome(&checks, "errors"), ("skip", "skipped: could not be instantiated (see `add`)"));
    // The flag moves the cap.
    let path = module(dir.path(), "table2", &good_with("(table 200000 funcref)"));
    assert_eq!(verify(&path, &[]).0, 1);
    let (code, checks) = verify(&path, &["--max-table-elements", "200000"]);
    assert_eq!(code, 0, "{checks:?}");
}

#[test]
fn a_memory_over_the_cap_is_refused_and_the_flag_moves_the_cap() {
    let dir = tempfile::tempdir().unwrap();
    let path =
        module(dir.path(), "memory", &broken("(memory (export \"memory\") 1)", "(memory (export \"memory\") 20)"));
    assert_eq!(verify(&path, &[]).0, 0);
    let (code, checks) = verify(&path, &["--max-memory-mib", "1"]);
    assert_eq!(code, 1);
    let detail = outcome(&checks, "add").1;
    assert!(detail.contains("memory minimum size of 20 pages exceeds memory limits"), "{detail}");
    assert!(detail.contains("at most 1 MiB per memory; --max-memory-mib"), "{detail}");
}

#[test]
fn a_file_over_the_size_cap_is_refused_custom_sections_included() {
    let dir = tempfile::tempdir().unwrap();
    let padding = "x".repeat(2 << 20);
    let path = module(dir.path(), "big", &good_with(&format!("(@custom \"padding\" \"{padding}\")")));
    assert!(std::fs::metadata(&path).unwrap().len() > 2 << 20);
    assert_eq!(verify(&path, &[]).0, 0, "under the default 64 MiB it is fine");
    let (code, checks) = verify(&path, &["--max-wasm-mib", "1"]);
    assert_eq!(code, 1);
    let detail = outcome(&checks, "exports").1;
    assert!(detail.contains("over the host's cap of 1 MiB (custom sections count too; --max-wasm-mib)"), "{detail}");
    assert_eq!(outcome(&checks, "add").0, "skip");
}

#[test]
fn a_module_that_takes_too_long_to_compile_gets_a_verdict_in_bounded_time() {
    let dir = tempfile::tempdir().unwrap();
    // A thousand functions of straight-line arithmetic: a second or more of
    // Cranelift on any machine, a hundred times the 10 ms allowed. (The
    // verdict comes when the timeout does; the compile is left behind.)
    let body = " (local.set 0 (i32.add (i32.mul (local.get 0) (i32.const 3)) (i32.const 7)))".repeat(400);
    let funcs: String = (0..1000).map(|_| format!("(func (param i32) (result i32){body} (local.get 0))\n")).collect();
    let path = module(dir.path(), "slow", &good_with(&funcs));
    let (code, checks) = verify(&path, &["--compile-timeout-secs", "0.01"]);
    assert_eq!(code, 1);
    let detail = outcome(&checks, "exports").1;
    assert!(detail.contains("slow: compiling took longer than 0.01 s (--compile-timeout-secs)"), "{detail}");
    assert_eq!(outcome(&checks, "add").0, "skip");
}

#[test]
fn deep_recursion_is_reported_as_a_stack_overflow() {
    let dir = tempfile::tempdir().unwrap();
    let recursive = broken(
        "(func (export \"add\") (param $a i32) (param $b i32) (result i32)\n    (i32.add (local.get $a) (local.get $b)))",
        "(func $add (export \"add\") (param $a i32) (param $b i32) (result i32)\n    (call $add (local.get $a) (local.get $b)))",
    );
    let (code, checks) = verify(&module(dir.path(), "deep", &recursive), &[]);
    assert_eq!(code, 1);
    let (result, detail) = outcome(&checks, "add");
    assert_eq!(result, "fail");
    assert!(detail.contains("deep: stack overflow in `add`"), "{detail}");
    assert!(!detail.contains("trapped"), "{detail}");
    // Not an overrun: the checks after it still run.
    assert_eq!(outcome(&checks, "counters").0, "pass");
}

#[test]
fn parallel_verify_of_good_and_hostile_modules_gives_each_its_verdict() {
    let dir = tempfile::tempdir().unwrap();
    let good = module(dir.path(), "good", GOOD);
    let runaway = module(dir.path(), "runaway", RUNAWAY);
    let good2 = module(dir.path(), "good2", GOOD);
    let (code, modules) = verify_json(&[&good, &runaway, &good2], &[]);
    assert_eq!(code, 1);
    for (i, checks) in modules.iter().enumerate() {
        let passed = checks.iter().all(|c| c.1 == "pass");
        assert_eq!(passed, i != 1, "{checks:?}");
    }
}
