//! End-to-end tests of the WASI commands' sandbox (`rosetta wasi` and the
//! WASI table of `verify`): hand-written WAT commands in a temporary build
//! folder show that a command gets one directory, its three arguments, no
//! environment and an empty stdin, and that the host reports what went wrong.
//! The real Rust command, when it is built, must give the reference's bytes.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const ESCAPE: &str = include_str!("wasi/escape.wat");
const ARGS: &str = include_str!("wasi/args.wat");
const GOOD: &str = include_str!("fixtures/good.wat");

/// `build/<lang>/wasi/command.wasm` (from WAT) and its `command.format`.
fn command(build: &Path, lang: &str, wat: &str) {
    let dir = build.join(lang).join("wasi");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("command.wasm"), wat::parse_str(wat).expect("fixture parses")).unwrap();
    std::fs::write(dir.join("command.format"), "pam\n").unwrap();
}

/// A 3x2 PAM image, the format the WAT commands "read".
fn image(dir: &Path) -> PathBuf {
    let path = dir.join("in.pam");
    let mut bytes = b"P7\nWIDTH 3\nHEIGHT 2\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n".to_vec();
    bytes.extend((0..24).map(|i| (i * 10) as u8));
    std::fs::write(&path, bytes).unwrap();
    path
}

/// `rosetta ARGS` with TMPDIR (where the host makes the command's
/// directory) and one extra environment variable set: exit code, stdout, stderr.
fn rosetta(tmp: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_rosetta"))
        .args(args)
        .env("TMPDIR", tmp)
        .env("ROSETTA_TEST_SECRET", "must-not-reach-the-command")
        .output()
        .unwrap();
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let stderr = text(&out.stderr);
    assert!(!stderr.contains("panicked"), "rosetta panicked: {stderr}");
    (out.status.code().unwrap_or(-1), text(&out.stdout), stderr)
}

/// `rosetta --build-dir BUILD wasi --lang LANG --op grayscale IN OUT`.
fn run_wasi(root: &Path, lang: &str) -> (i32, String) {
    let build = root.join("build");
    let input = image(root);
    let output = root.join("out.png");
    let args = ["--build-dir", build.to_str().unwrap(), "wasi", "--lang", lang, "--op", "grayscale"];
    let (code, _, stderr) = rosetta(root, &[&args[..], &[input.to_str().unwrap(), output.to_str().unwrap()]].concat());
    (code, stderr)
}

#[test]
fn a_command_cannot_open_files_outside_its_directory_and_the_host_says_so() {
    let root = tempfile::tempdir().unwrap();
    // A real file one level above every directory the host makes for a command.
    std::fs::write(root.path().join("secret"), "the host's, not the command's").unwrap();
    command(&root.path().join("build"), "wat", ESCAPE);
    let (code, stderr) = run_wasi(root.path(), "wat");
    assert_eq!(code, 2, "{stderr}");
    assert!(!stderr.contains("ESCAPED"), "{stderr}");
    // WASI errno 63 is `perm`: Wasmtime refuses both paths as leaving the
    // preopened directory (neither is merely missing, 44 `noent`), though
    // `../secret` exists.
    assert!(
        stderr.contains("wat/wasi/command exited with code 63; stderr: refused: ../secret and /etc/passwd"),
        "{stderr}"
    );
}

#[test]
fn a_command_sees_its_three_arguments_and_nothing_else() {
    let root = tempfile::tempdir().unwrap();
    command(&root.path().join("build"), "wat", ARGS);
    let (code, stderr) = run_wasi(root.path(), "wat");
    assert_eq!(code, 2, "{stderr}");
    // 40: four argv entries (the program's name and three arguments), no
    // environment variable, nothing on stdin.
    assert!(
        stderr.contains("wat/wasi/command exited with code 40; stderr: command grayscale input.pam output.pam"),
        "{stderr}"
    );
}

#[test]
fn verify_shows_each_command_and_fails_on_a_failing_one() {
    let root = tempfile::tempdir().unwrap();
    let build = root.path().join("build");
    command(&build, "wat", ARGS);
    // A language whose kernel passes and whose command cannot be built here.
    let kernel = build.join("zz");
    std::fs::create_dir_all(kernel.join("wasi")).unwrap();
    std::fs::write(kernel.join("default.wasm"), wat::parse_str(GOOD).unwrap()).unwrap();
    std::fs::write(kernel.join("wasi").join("command.unavailable"), "no WASI toolchain\n").unwrap();

    let (code, stdout, stderr) = rosetta(root.path(), &["--build-dir", build.to_str().unwrap(), "verify"]);
    assert_eq!(code, 1, "{stdout}{stderr}");
    assert!(stdout.contains("WASI commands"), "{stdout}");
    assert!(stdout.contains("wasi: 0 passed, 1 failed; 1 unavailable"), "{stdout}");

    let args = ["--build-dir", build.to_str().unwrap(), "verify", "--format", "json"];
    let (code, stdout, _) = rosetta(root.path(), &args);
    assert_eq!(code, 1);
    let json: Value = serde_json::from_str(&stdout).unwrap();
    let module = |id: &str| json.as_array().unwrap().iter().find(|m| m["module"] == id).unwrap().clone();
    assert_eq!(module("zz/default")["checks"][0]["outcome"], "pass", "the kernel is verified as before");
    assert_eq!(module("zz/wasi/command")["unavailable"], "no WASI toolchain");
    let checks = module("wat/wasi/command")["checks"].clone();
    let outcome = |i: usize| (checks[i]["check"].as_str().unwrap(), checks[i]["outcome"].as_str().unwrap());
    assert_eq!([outcome(0), outcome(1), outcome(2)], [("command", "pass"), ("grayscale", "fail"), ("blur", "fail")]);
    assert!(checks[2]["detail"].as_str().unwrap().contains("command blur input.pam output.pam"), "{checks}");
}

#[test]
fn the_rust_command_gives_the_reference_bytes_when_it_is_built() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let build = repo.join("build");
    if !build.join("rust/wasi/command.wasm").is_file() {
        eprintln!("skipped: no build/rust/wasi/command.wasm (just build rust)");
        return;
    }
    let root = tempfile::tempdir().unwrap();
    let input = image(root.path());
    for op in ["grayscale", "blur"] {
        let output = root.path().join(format!("{op}.png"));
        let args = ["--build-dir", build.to_str().unwrap(), "wasi", "--lang", "rust", "--op", op];
        let (code, stdout, stderr) =
            rosetta(root.path(), &[&args[..], &[input.to_str().unwrap(), output.to_str().unwrap()]].concat());
        assert_eq!(code, 0, "{stdout}{stderr}");
        assert!(stdout.contains(&format!("rust/wasi/command: {op} of 3x2 (png)")), "{stdout}");
        assert!(stdout.contains("identical to the host's reference"), "{stdout}");
        assert!(output.is_file());
    }
}
