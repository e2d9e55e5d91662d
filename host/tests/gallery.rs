//! The error gallery (workshop/gallery/): every fixture there is built and
//! shown to the host the way a learner would meet it, and the message the
//! host gives must be the one README.md shows, so the page can never drift
//! from the host. `GALLERY_WRITE=1 cargo test --release -p host --test gallery`
//! rewrites README.md's blocks from what the host says now.

use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;

mod common;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    /// `verify`, or `exercise NAME LANG`.
    command: String,
}

fn workshop() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../workshop")
}

/// The fixture as WAT: its own `.wat`, or good.wat with its `.patch` applied.
fn fixture(name: &str) -> String {
    let dir = workshop().join("gallery");
    if let Ok(wat) = std::fs::read_to_string(dir.join(format!("{name}.wat"))) {
        return wat;
    }
    let patch = std::fs::read_to_string(dir.join(format!("{name}.patch"))).expect("a .wat or a .patch");
    let (_, rest) = patch.split_once("<<<\n").expect("a patch has <<<");
    let (from, to) = rest.split_once(">>>\n").expect("a patch has >>>");
    assert_eq!(common::GOOD.matches(from).count(), 1, "{name}: the replaced text must occur once in good.wat");
    common::broken(from, to)
}

/// What the host says about the fixture: the first failing check's detail
/// (`verify`), or the verdict's lines (`exercise`).
fn message(case: &Case, module: &Path) -> String {
    let words: Vec<&str> = case.command.split_whitespace().collect();
    match words[..] {
        ["verify"] => {
            let (code, modules) = common::verify_json(&[module], &[]);
            assert_eq!(code, 1, "{}: verify should fail", case.name);
            let failed = modules[0].iter().find(|c| c.1 == "fail").expect("a failing check");
            format!("{}: {}", failed.0, failed.2)
        }
        ["exercise", exercise, lang] => {
            let spec = workshop().join("exercises").join(exercise).join("exercise.toml");
            let out = Command::new(env!("CARGO_BIN_EXE_rosetta"))
                .args(["exercise", "--no-table", "--lang", lang, "--spec"])
                .arg(&spec)
                .arg("--module")
                .arg(module)
                .output()
                .unwrap();
            assert_eq!(out.status.code(), Some(1), "{}: the exercise should fail", case.name);
            String::from_utf8_lossy(&out.stdout).trim_end().to_string()
        }
        _ => panic!("{}: unknown command {:?}", case.name, case.command),
    }
}

/// README.md's block for `name`: the text between its markers, without the fence.
fn block_range(readme: &str, name: &str) -> std::ops::Range<usize> {
    let open = format!("<!-- gallery:{name} -->\n```text\n");
    let start = readme.find(&open).unwrap_or_else(|| panic!("README.md has no block for {name}")) + open.len();
    let end = start + readme[start..].find("\n```\n<!-- /gallery -->").expect("the block is closed");
    start..end
}

#[test]
#[ignore = "not yet run against a built host: the README blocks are not generated yet (GALLERY_WRITE=1)"]
fn every_gallery_message_is_what_the_host_says() {
    let dir = tempfile::tempdir().unwrap();
    let gallery = workshop().join("gallery");
    let cases: Cases = toml::from_str(&std::fs::read_to_string(gallery.join("cases.toml")).unwrap()).unwrap();
    let readme_path = gallery.join("README.md");
    let mut readme = std::fs::read_to_string(&readme_path).unwrap();
    let write = std::env::var_os("GALLERY_WRITE").is_some();
    let mut stale = Vec::new();
    for case in &cases.case {
        let module = common::module(dir.path(), &case.name, &fixture(&case.name));
        let said = message(case, &module);
        let range = block_range(&readme, &case.name);
        if readme[range.clone()] != said {
            stale.push(format!("{}:\n  README: {}\n  host:   {said}", case.name, &readme[range.clone()]));
            readme.replace_range(range, &said);
        }
    }
    if write {
        std::fs::write(&readme_path, readme).unwrap();
    } else {
        assert!(
            stale.is_empty(),
            "workshop/gallery/README.md differs from the host (GALLERY_WRITE=1 rewrites it):\n{}",
            stale.join("\n")
        );
    }
}

#[test]
#[ignore = "not yet run against a built host: the README blocks are not generated yet (GALLERY_WRITE=1)"]
fn every_fixture_is_a_case() {
    let gallery = workshop().join("gallery");
    let cases = std::fs::read_to_string(gallery.join("cases.toml")).unwrap();
    for entry in std::fs::read_dir(&gallery).unwrap() {
        let path = entry.unwrap().path();
        if matches!(path.extension().and_then(|e| e.to_str()), Some("wat" | "patch")) {
            let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
            assert!(cases.contains(&format!("name = \"{stem}\"")), "{stem} is not in cases.toml");
        }
    }
}
