//! What a kernel module gets from the host: exactly the imports the contract
//! lists, and WASI with no capabilities.

mod common;

use common::{module, outcome, verify_json, GOOD};

/// WASI functions a program would use to find its arguments, environment and files.
const WASI_IMPORTS: &str = r#"(module
  (import "wasi_snapshot_preview1" "args_sizes_get" (func $args_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "environ_sizes_get" (func $environ_sizes_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_prestat_get" (func $fd_prestat_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "path_open"
    (func $path_open (param i32 i32 i32 i32 i32 i64 i64 i32 i32) (result i32)))
  (data (i32.const 64) "/etc/passwd")"#;

/// An `add` that returns a + b only if WASI gave it nothing, and otherwise
/// which capability leaked: -1001 arguments, -1002 environment, -1003 a
/// preopened directory, -1004 a file opened by path.
const PROBING_ADD: &str = r#"(func (export "add") (param $a i32) (param $b i32) (result i32)
    (drop (call $args_sizes_get (i32.const 0) (i32.const 4)))
    (if (i32.load (i32.const 0)) (then (return (i32.const -1001))))
    (drop (call $environ_sizes_get (i32.const 8) (i32.const 12)))
    (if (i32.load (i32.const 8)) (then (return (i32.const -1002))))
    ;; fd 3 would be the first preopened directory; errno 8 is EBADF
    (if (i32.ne (call $fd_prestat_get (i32.const 3) (i32.const 16)) (i32.const 8)) (then (return (i32.const -1003))))
    (if (i32.eqz (call $path_open (i32.const 3) (i32.const 0) (i32.const 64) (i32.const 11)
                   (i32.const 0) (i64.const 2) (i64.const 0) (i32.const 0) (i32.const 32)))
      (then (return (i32.const -1004))))
    (i32.add (local.get $a) (local.get $b)))"#;

const GOOD_ADD: &str = r#"(func (export "add") (param $a i32) (param $b i32) (result i32)
    (i32.add (local.get $a) (local.get $b)))"#;

/// The known-good module whose `add` first asks WASI for everything.
fn probe() -> String {
    assert!(GOOD.contains(GOOD_ADD) && GOOD.starts_with(";;"));
    GOOD.replacen("(module", WASI_IMPORTS, 1).replacen(GOOD_ADD, PROBING_ADD, 1)
}

#[test]
fn a_wasi_module_gets_no_arguments_no_environment_and_no_files() {
    let dir = tempfile::tempdir().unwrap();
    let probe = module(dir.path(), "probe", &probe());
    let (code, modules) = verify_json(&[&probe], &[]);
    assert_eq!(outcome(&modules[0], "add"), ("pass", ""), "WASI gave the module something");
    assert_eq!(code, 0);
}

#[test]
fn the_probe_would_notice_a_leak() {
    // The same probe with its "got nothing" test inverted fails add with -1001:
    // so the passing test above is not passing by accident.
    let dir = tempfile::tempdir().unwrap();
    let leaky = probe().replacen("(if (i32.load (i32.const 0))", "(if (i32.eqz (i32.load (i32.const 0)))", 1);
    let (_, modules) = verify_json(&[&module(dir.path(), "leaky", &leaky)], &[]);
    let (add, detail) = outcome(&modules[0], "add");
    assert_eq!(add, "fail");
    assert!(detail.contains("returned -1001"), "{detail}");
}

#[test]
fn an_import_outside_the_contract_is_refused_before_instantiation() {
    let dir = tempfile::tempdir().unwrap();
    let wat = GOOD.replacen("(module", r#"(module (import "env" "getenv" (func (param i32) (result i32)))"#, 1);
    let (_, modules) = verify_json(&[&module(dir.path(), "sock", &wat)], &[]);
    let (exports, detail) = outcome(&modules[0], "exports");
    assert_eq!(exports, "fail");
    assert!(detail.contains("env.getenv"), "{detail}");
    assert_eq!(outcome(&modules[0], "add").0, "skip", "nothing ran");
}
