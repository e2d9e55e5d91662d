//! Adding a language takes no change to the host: a new folder that builds
//! through the build protocol (scripts/rosetta-build) shows up in every
//! command. Here the "language" is hand-written WebAssembly text, built by
//! `wasm-tools parse` into a temporary build folder (ROSETTA_BUILD_DIR).

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

const GOOD: &str = include_str!("fixtures/good.wat");
/// Never frees a counter: the lesson the `leaky` build's `.expect` announces.
const NO_FREE: &str = "(global.set $free_counters (local.get $c)))";

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// `scripts/rosetta-build ARGS` from the language folder, as a justfile runs it.
fn rosetta_build(lang_dir: &Path, build_dir: &Path, args: &[&str]) {
    let out = Command::new(repo().join("scripts/rosetta-build"))
        .args(args)
        .current_dir(lang_dir)
        .env("ROSETTA_BUILD_DIR", build_dir)
        .output()
        .expect("scripts/rosetta-build runs (python3 >= 3.11)");
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    assert!(out.status.success(), "rosetta-build {args:?}: {}{}", text(&out.stdout), text(&out.stderr));
}

fn rosetta_json(build_dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_rosetta"))
        .arg("--build-dir")
        .arg(build_dir)
        .args(args)
        .args(["--format", "json"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let json = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("bad JSON ({e}): {stdout}"));
    (out.status.code().unwrap_or(-1), json)
}

/// The language folder: two WAT sources and its three builds, one of
/// which cannot be made here (a missing compiler).
fn build_language(root: &Path, lang: &str) -> PathBuf {
    let lang_dir = root.join(lang);
    let build_dir = root.join("build");
    std::fs::create_dir_all(&lang_dir).unwrap();
    assert!(GOOD.contains(NO_FREE));
    std::fs::write(lang_dir.join("good.wat"), GOOD).unwrap();
    std::fs::write(lang_dir.join("leaky.wat"), GOOD.replacen(NO_FREE, ")", 1)).unwrap();
    let run = |build: &str, options: &[&str], command: &str| {
        let mut args = vec!["run", lang, build];
        args.extend_from_slice(options);
        args.extend(["--", command]);
        rosetta_build(&lang_dir, &build_dir, &args);
    };
    run("default", &["--needs", "wasm-tools"], "wasm-tools parse good.wat -o {out}");
    run("simd", &["--needs", "zz-no-such-compiler"], "zz-no-such-compiler good.wat -o {out}");
    run("leaky", &["--expect", "counter-cycles fail: it never frees a counter"], "wasm-tools parse leaky.wat -o {out}");
    rosetta_build(&lang_dir, &build_dir, &["toolchain", lang, "wasm-tools=test"]);
    build_dir
}

#[test]
fn a_new_language_folder_shows_up_in_verify_and_sizes_with_no_host_change() {
    let root = tempfile::tempdir().unwrap();
    let lang = "wat";
    let build_dir = build_language(root.path(), lang);
    assert!(!repo().join("build").join(lang).exists(), "the real build/ is left alone");

    let (code, verified) = rosetta_json(&build_dir, &["verify"]);
    let modules: Vec<&str> = verified.as_array().unwrap().iter().map(|m| m["module"].as_str().unwrap()).collect();
    let id = |build: &str| format!("{lang}/{build}");
    assert_eq!(modules, [id("default"), id("simd"), id("leaky")], "teaching order: default, simd, others");
    assert_eq!(code, 0, "{verified:#}");
    for check in verified[0]["checks"].as_array().unwrap() {
        assert_eq!(check["outcome"], "pass", "{check}");
    }
    assert!(verified[1]["unavailable"].as_str().unwrap().contains("zz-no-such-compiler not found"));
    let cycles = verified[2]["checks"].as_array().unwrap().iter().find(|c| c["check"] == "counter-cycles").unwrap();
    assert_eq!(cycles["outcome"], "expected", "{cycles}");

    let (code, sizes) = rosetta_json(&build_dir, &["sizes", "--lang", lang, "--build", "default"]);
    assert_eq!(code, 0);
    let row = &sizes[0];
    assert_eq!(row["module"], id("default"));
    let wasm = build_dir.join(lang).join("default.wasm");
    assert_eq!(row["raw"].as_u64().unwrap(), std::fs::metadata(&wasm).unwrap().len());
    assert_eq!(row["flags"], "wasm-tools parse good.wat -o ../build/wat/default.wasm");
    assert_eq!(row["imports"].as_array().unwrap().len(), 0);
}
