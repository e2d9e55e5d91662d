//! End-to-end tests of the `rosetta` binary on hand-written modules: a
//! known-good one (fixtures/good.wat) and deliberately broken variants of
//! it. A verifier that cannot fail proves nothing; these prove it fails,
//! and says why, for each kind of mistake.

use serde_json::Value;
use std::path::Path;
use std::process::Command;

mod common;

use common::{broken, module, outcome, verify_json, Checks, GOOD};

fn rosetta(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rosetta")).args(args).output().unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    (out.status.code().unwrap_or(-1), text(&out.stdout), text(&out.stderr))
}

/// Run `verify --format json` on one module; return the exit code and its checks.
fn verify(path: &Path, extra: &[&str]) -> (i32, Checks) {
    let (code, mut modules) = verify_json(&[path], extra);
    (code, modules.remove(0))
}

#[test]
fn the_known_good_module_passes_every_check() {
    let dir = tempfile::tempdir().unwrap();
    let (code, checks) = verify(&module(dir.path(), "good", GOOD), &[]);
    for (name, outcome, detail) in &checks {
        assert_eq!(outcome, "pass", "{name}: {detail}");
    }
    assert_eq!(code, 0);
}

/// Verify GOOD with `from` replaced by `to`: the check `check` must fail
/// with a detail containing `says`, and the run must exit 1. Returns all
/// checks, for further asserts.
fn fails(from: &str, to: &str, check: &str, says: &str, extra: &[&str]) -> Checks {
    let dir = tempfile::tempdir().unwrap();
    let (code, checks) = verify(&module(dir.path(), "broken", &broken(from, to)), extra);
    let (result, detail) = outcome(&checks, check);
    assert_eq!(result, "fail", "{check} should fail");
    assert!(detail.contains(says), "{check}: expected {says:?} in {detail:?}");
    assert_eq!(code, 1);
    checks
}

#[test]
fn wrong_grayscale_rounding_names_the_first_differing_pixel() {
    let checks = fails("(i32.const 32768)", "(i32.const 0)", "grayscale", "first differing pixel at (x=", &[]);
    assert_eq!(outcome(&checks, "blur").0, "pass");
}

#[test]
fn wrong_blur_rounding_fails_blur_only() {
    let checks = fails("(i32.const 4)) (i32.const 9)", "(i32.const 5)) (i32.const 9)", "blur", "expected RGBA", &[]);
    assert_eq!(outcome(&checks, "grayscale").0, "pass");
}

#[test]
fn a_missing_export_is_named_and_the_rest_is_skipped() {
    let checks = fails("(export \"blur\")", "(export \"blurry\")", "exports", "missing export `blur`", &[]);
    assert_eq!(outcome(&checks, "add").0, "skip");
}

#[test]
fn a_wrong_signature_is_named() {
    fails(
        "(func (export \"add\") (param $a i32) (param $b i32) (result i32)\n    (i32.add (local.get $a) (local.get $b)))",
        "(func (export \"add\") (param $a i64) (param $b i64) (result i64)\n    (i64.add (local.get $a) (local.get $b)))",
        "exports",
        "export `add` is a function (i64, i64) -> (i64)",
        &[],
    );
}

#[test]
fn a_trap_inside_a_kernel_is_a_readable_failure() {
    let checks = fails(
        "(local.set $end (i32.add",
        "(unreachable) (local.set $end (i32.add",
        "grayscale",
        "`grayscale` trapped",
        &[],
    );
    assert!(outcome(&checks, "grayscale").1.contains("unreachable"));
}

const LOOP_FROM: &str = "(local.set $y (i32.const 0))\n    (loop $rows";
const LOOP_TO: &str = "(loop $forever (br $forever))\n    (local.set $y (i32.const 0))\n    (loop $rows";

#[test]
fn a_runaway_loop_uses_up_its_instruction_budget() {
    let checks = fails(LOOP_FROM, LOOP_TO, "blur", "`blur` used up its budget of", &[]);
    assert_eq!(outcome(&checks, "grayscale").0, "pass");
}

#[test]
fn the_wall_clock_deadline_is_a_backstop_behind_the_budget() {
    fails(
        LOOP_FROM,
        LOOP_TO,
        "blur",
        "`blur` ran past the 1s deadline",
        &["--deadline-secs", "1", "--budget-scale", "1000000"],
    );
}

/// Verify `wat` with `expect` written beside it as its `.expect`.
fn verify_expecting(wat: &str, expect: &str) -> (i32, Checks) {
    let dir = tempfile::tempdir().unwrap();
    let path = module(dir.path(), "lesson", wat);
    std::fs::write(path.with_extension("expect"), expect).unwrap();
    verify(&path, &[])
}

#[test]
fn a_miss_the_expect_file_announces_is_expected_and_passes() {
    let leaky = broken("(global.set $free_counters (local.get $c)))", ")");
    let (code, checks) = verify_expecting(&leaky, "counter-cycles fail: it never frees a counter\n");
    let (result, detail) = outcome(&checks, "counter-cycles");
    assert_eq!((result, code), ("expected", 0), "{detail}");
    assert!(detail.starts_with("expected: it never frees a counter"), "{detail}");
}

#[test]
fn a_slow_expectation_is_met_by_running_out_of_budget() {
    let (code, checks) = verify_expecting(
        &broken(LOOP_FROM, LOOP_TO),
        "blur slow: it loops forever\nerrors slow: its last blur loops too\n",
    );
    assert_eq!((outcome(&checks, "blur").0, code), ("expected", 0));
}

#[test]
fn an_expectation_that_no_longer_holds_fails() {
    let (code, checks) = verify_expecting(GOOD, "blur slow: it used to loop\n");
    let (result, detail) = outcome(&checks, "blur");
    assert_eq!((result, code), ("unexpected", 1));
    assert!(detail.contains("but passed: update or remove its line"), "{detail}");
    let leaky = broken("(global.set $free_counters (local.get $c)))", ")");
    let (code, checks) = verify_expecting(&leaky, "counter-cycles slow: wrong kind of miss\n");
    assert_eq!((outcome(&checks, "counter-cycles").0, code), ("unexpected", 1));
}

#[test]
fn a_malformed_expect_file_is_a_failure_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let path = module(dir.path(), "lesson", GOOD);
    std::fs::write(path.with_extension("expect"), "blur sometimes\n").unwrap();
    let (code, stdout, _) = rosetta(&["verify", "--module", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("is not `CHECK fail|slow: REASON`"), "{stdout}");
    std::fs::write(path.with_extension("expect"), "bluur fail: a typo\n").unwrap();
    let (code, stdout, _) = rosetta(&["verify", "--module", path.to_str().unwrap()]);
    assert_eq!(code, 1);
    assert!(stdout.contains("names the check `bluur`, which verify does not have"), "{stdout}");
}

#[test]
fn a_counter_that_is_never_freed_fails_the_cycle_check() {
    let checks = fails("(global.set $free_counters (local.get $c)))", ")", "counter-cycles", "memory grew by", &[]);
    assert_eq!(outcome(&checks, "counters").0, "pass");
}

#[test]
fn accepting_a_null_pointer_fails_the_error_codes_check() {
    fails(
        "(i32.and (i32.ne (local.get $p) (i32.const 0))",
        "(i32.and (i32.const 1)",
        "errors",
        "`grayscale(0, 4, 3)` (null pointer) returned 0, expected 2",
        &[],
    );
}

#[test]
fn malformed_bytes_and_missing_files_are_errors_not_panics() {
    let dir = tempfile::tempdir().unwrap();
    let junk = dir.path().join("junk.wasm");
    std::fs::write(&junk, b"\0asm\x01\0\0\0garbage").unwrap();
    let (code, checks) = verify(&junk, &[]);
    assert!(outcome(&checks, "exports").1.contains("not a valid WebAssembly module"));
    assert_eq!(code, 1);
    let (code, checks) = verify(&dir.path().join("missing.wasm"), &[]);
    assert!(outcome(&checks, "exports").1.contains("cannot read"));
    assert_eq!(code, 1);
}

#[test]
fn image_runs_a_kernel_on_a_png_and_rejects_undecodable_input() {
    let dir = tempfile::tempdir().unwrap();
    let good = module(dir.path(), "good", GOOD);
    let input = dir.path().join("in.png");
    let pixels: Vec<u8> = (0..5 * 3 * 4).map(|i| (i * 37 % 256) as u8).collect();
    image::RgbaImage::from_raw(5, 3, pixels.clone()).unwrap().save(&input).unwrap();
    let output = dir.path().join("out.png");
    let args = [
        "image",
        "--module",
        good.to_str().unwrap(),
        "--op",
        "grayscale",
        input.to_str().unwrap(),
        output.to_str().unwrap(),
    ];
    let (code, _, stderr) = rosetta(&args);
    assert_eq!(code, 0, "{stderr}");
    let out = image::open(&output).unwrap().to_rgba8().into_raw();
    for (px, got) in pixels.chunks(4).zip(out.chunks(4)) {
        let y = ((19595 * px[0] as u32 + 38470 * px[1] as u32 + 7471 * px[2] as u32 + 32768) >> 16) as u8;
        assert_eq!(got, [y, y, y, px[3]]);
    }
    std::fs::write(&input, b"not a png").unwrap();
    let (code, _, stderr) = rosetta(&args);
    assert_eq!(code, 2);
    assert!(stderr.contains("cannot decode image"), "{stderr}");
}

#[test]
fn image_reads_jpeg_too() {
    let dir = tempfile::tempdir().unwrap();
    let good = module(dir.path(), "good", GOOD);
    let input = dir.path().join("in.jpg");
    image::RgbImage::from_fn(7, 5, |x, y| image::Rgb([(x * 30) as u8, (y * 40) as u8, 90])).save(&input).unwrap();
    let output = dir.path().join("out.png");
    let args = [
        "image",
        "--module",
        good.to_str().unwrap(),
        "--op",
        "blur",
        input.to_str().unwrap(),
        output.to_str().unwrap(),
    ];
    let (code, stdout, stderr) = rosetta(&args);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.contains("7x5"), "{stdout}");
    assert_eq!(image::open(&output).unwrap().to_rgba8().dimensions(), (7, 5));
}

#[test]
fn sizes_reports_bytes_and_imports_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let good = module(dir.path(), "good", GOOD);
    let (code, stdout, _) = rosetta(&["sizes", "--format", "json", "--module", good.to_str().unwrap()]);
    assert_eq!(code, 0);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(json[0]["raw"].as_u64().unwrap(), std::fs::metadata(&good).unwrap().len());
    assert_eq!(json[0]["imports"].as_array().unwrap().len(), 0);
    assert!(json[0]["brotli"].as_u64().unwrap() < json[0]["raw"].as_u64().unwrap());
}
