//! The hostile corpus (tests/hostile/, README there): each module is
//! verified beside the known-good one, and must fail exactly as its
//! `;; expect:` lines say while the good module still passes every check.

mod common;

use common::{outcome, verify_json, Checks, GOOD};
use std::path::{Path, PathBuf};

/// Every case in tests/hostile/, by file stem.
const CASES: &[&str] = &[
    "alloc-outside-memory",
    "alloc-overlapping",
    "blur-writes-source",
    "counters-share-state",
    "data-out-of-bounds",
    "deep-recursion",
    "gray-writes-before-start",
    "gray-writes-past-end",
    "grow-bomb",
    "huge-memory",
    "huge-table",
    "infinite-loop",
    "start-trap",
    "status-wrong-order",
    "unknown-import",
    "writes-on-error",
    "wrong-signature",
];

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

/// The case's WAT: the file itself, or good.wat with the patch applied.
fn source(case: &str) -> String {
    common::hostile(case)
}

/// (check, outcome, text) from the `;; expect:` lines.
fn expectations(wat: &str) -> Vec<(String, String, String)> {
    wat.lines()
        .filter_map(|line| line.trim().strip_prefix(";; expect:"))
        .map(|e| {
            let (head, text) = e.split_once(':').unwrap_or((e, ""));
            let mut words = head.split_whitespace();
            let (check, outcome) = (words.next().expect("a check"), words.next().expect("an outcome"));
            (check.to_string(), outcome.to_string(), text.trim().to_string())
        })
        .collect()
}

/// The case's own file: its comments and `;; expect:` lines.
fn case_file(case: &str) -> String {
    let dir = corpus_dir();
    std::fs::read_to_string(dir.join(format!("{case}.wat")))
        .or_else(|_| std::fs::read_to_string(dir.join(format!("{case}.patch"))))
        .expect("a .wat or a .patch")
}

fn run(case: &str) {
    let wat = source(case);
    let expected = expectations(&case_file(case));
    assert!(!expected.is_empty(), "{case} has no `;; expect:` line");
    let dir = tempfile::tempdir().unwrap();
    let hostile = dir.path().join(format!("{case}.wasm"));
    std::fs::write(&hostile, wat::parse_str(&wat).unwrap_or_else(|e| panic!("{case}: {e}"))).unwrap();
    let good = dir.path().join("good.wasm");
    std::fs::write(&good, wat::parse_str(GOOD).unwrap()).unwrap();
    let (code, modules) = verify_json(&[&hostile, &good], &[]);
    assert_eq!(code, 1, "{case}: verify must fail");
    assert_each(case, &modules[0], &expected);
    all_pass("the good module after it", &modules[1]);
}

fn assert_each(case: &str, checks: &Checks, expected: &[(String, String, String)]) {
    for (check, want, text) in expected {
        let (got, detail) = outcome(checks, check);
        assert_eq!(got, want, "{case}: {check} was {got} ({detail}), expected {want}");
        assert!(detail.contains(text.as_str()), "{case}: {check}'s message {detail:?} does not say {text:?}");
        assert!(!detail.contains('\n'), "{case}: {check}'s message is not one line: {detail:?}");
    }
}

fn all_pass(what: &str, checks: &Checks) {
    for (check, outcome, detail) in checks {
        assert_eq!(outcome, "pass", "{what}: {check} was {outcome}: {detail}");
    }
}

macro_rules! cases {
    ($($test:ident => $case:literal,)*) => {$(
        #[test]
        fn $test() {
            run($case);
        }
    )*};
}

cases! {
    alloc_returning_pointers_past_memory => "alloc-outside-memory",
    alloc_returning_overlapping_pointers => "alloc-overlapping",
    blur_writing_to_its_source => "blur-writes-source",
    counters_sharing_state => "counters-share-state",
    data_segment_out_of_bounds => "data-out-of-bounds",
    deep_recursion => "deep-recursion",
    grayscale_writing_before_its_buffer => "gray-writes-before-start",
    grayscale_writing_past_its_buffer => "gray-writes-past-end",
    memory_grow_bomb => "grow-bomb",
    huge_initial_memory => "huge-memory",
    huge_table => "huge-table",
    infinite_loop => "infinite-loop",
    trap_in_the_start_function => "start-trap",
    status_codes_in_the_wrong_order => "status-wrong-order",
    unknown_import => "unknown-import",
    writing_memory_on_an_error_return => "writes-on-error",
    wrong_export_signature => "wrong-signature",
}

#[test]
fn every_file_in_the_corpus_is_a_case() {
    let mut files: Vec<String> = std::fs::read_dir(corpus_dir())
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            let ext = path.extension()?.to_str()?;
            matches!(ext, "wat" | "patch").then(|| path.file_stem()?.to_str().map(String::from)).flatten()
        })
        .collect();
    files.sort();
    assert_eq!(files, CASES, "tests/hostile/ and CASES differ");
}

/// Bytes that are not a module: a clear one-line message each, and the good
/// module beside them still passes.
#[test]
fn malformed_and_truncated_bytes_get_one_line_each() {
    let good_bytes = wat::parse_str(GOOD).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, Vec<u8>, &str); 4] = [
        ("text", b"hello, world".to_vec(), "not a WebAssembly module"),
        ("empty", Vec::new(), "not a WebAssembly module"),
        ("truncated", good_bytes[..good_bytes.len() / 2].to_vec(), "not a valid WebAssembly module"),
        ("bad-version", [&b"\0asm\x02\0\0\0"[..], &good_bytes[8..]].concat(), "not a valid WebAssembly module"),
    ];
    let good = dir.path().join("good.wasm");
    std::fs::write(&good, &good_bytes).unwrap();
    for (name, bytes, says) in cases {
        let path = dir.path().join(format!("{name}.wasm"));
        std::fs::write(&path, bytes).unwrap();
        let (code, modules) = verify_json(&[&path, &good], &[]);
        assert_eq!(code, 1, "{name}");
        let expected = [("exports".to_string(), "fail".to_string(), says.to_string())];
        assert_each(name, &modules[0], &expected);
        assert_eq!(outcome(&modules[0], "blur").0, "skip", "{name}");
        all_pass("the good module", &modules[1]);
    }
}
