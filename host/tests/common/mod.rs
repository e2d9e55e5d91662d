//! What the end-to-end tests share: the known-good module and ways to break it.

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
