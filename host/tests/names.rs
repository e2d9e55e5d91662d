//! The names table of contract/README.md ("Names") holds: every name in a
//! language's column is in that language's file of the row, and it is the
//! concept's name in the language's case. A language joins by adding its column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// The `code` spans of a table cell, or `None` for a language without the concept (`—`).
fn spans(cell: &str) -> Option<Vec<String>> {
    if cell.trim() == "—" {
        return None;
    }
    Some(cell.split('`').skip(1).step_by(2).map(str::to_owned).collect())
}

/// The names table: its language columns, and one map (column -> cell) per row.
fn names_table(readme: &str) -> (Vec<String>, Vec<BTreeMap<String, String>>) {
    let cells = |line: &str| line.trim().trim_matches('|').split('|').map(|c| c.trim().to_owned()).collect::<Vec<_>>();
    let mut lines = readme.lines().skip_while(|l| !l.starts_with("| concept | file |"));
    let header = cells(lines.next().expect("contract/README.md has the names table (`| concept | file | ...`)"));
    let languages = header.iter().filter(|h| !["concept", "file", "meaning"].contains(&h.as_str())).cloned().collect();
    let rows = lines
        .skip(1)
        .take_while(|l| l.starts_with('|'))
        .map(|l| header.iter().cloned().zip(cells(l)).collect())
        .collect();
    (languages, rows)
}

/// A name's letters, lower case, without separators: `kLumaR`, `LUMA_R` and
/// `lumaR` all hold `lumar`.
fn letters(name: &str) -> String {
    name.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_lowercase()).collect()
}

/// `name` occurs in `text`, not as part of a longer identifier.
fn occurs(text: &str, name: &str) -> bool {
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + name.len()..].chars().next();
        let joined_before = name.starts_with(word) && before.is_some_and(word);
        let joined_after = name.ends_with(word) && after.is_some_and(word);
        !joined_before && !joined_after
    })
}

/// Every way a language's file drifts from the table, one line each.
fn drift(root: &Path, readme: &str) -> Vec<String> {
    let (languages, rows) = names_table(readme);
    let files = rows.iter().find(|r| r["concept"] == "files").expect("a `files` row");
    let mut problems = Vec::new();
    for row in rows.iter().filter(|r| r["concept"] != "files") {
        let concept = spans(&row["concept"]).unwrap_or_default();
        for lang in &languages {
            let Some(names) = spans(&row[lang]) else { continue };
            let paths: Vec<PathBuf> = spans(&files[lang])
                .unwrap_or_default()
                .iter()
                .map(|pattern| root.join(pattern.replace("{file}", &row["file"])))
                .filter(|path| path.exists())
                .collect();
            if paths.is_empty() {
                problems.push(format!("{lang}: no file for `{}` ({})", row["file"], files[lang]));
                continue;
            }
            let text: String = paths.iter().map(|p| std::fs::read_to_string(p).unwrap()).collect();
            if names.len() != concept.len() {
                problems.push(format!(
                    "{lang}: {} names for the {} of {:?}",
                    names.len(),
                    concept.len(),
                    row["concept"]
                ));
            }
            for (name, concept) in names.iter().zip(&concept) {
                if !letters(name).contains(&letters(concept)) {
                    problems.push(format!("{lang}: `{name}` is not `{concept}` in the language's case"));
                }
                if !occurs(&text, name) {
                    problems.push(format!("{lang}: `{name}` ({concept}) is not in {}", row["file"]));
                }
            }
        }
    }
    problems
}

#[test]
fn every_language_uses_the_names_of_the_contract() {
    let readme = std::fs::read_to_string(repo().join("contract/README.md")).unwrap();
    let (languages, rows) = names_table(&readme);
    assert!(languages.len() >= 4 && rows.len() > 10, "the table reads: {languages:?}, {} rows", rows.len());
    for lang in &languages {
        assert!(repo().join(lang).is_dir(), "a column names the folder {lang}/, which is not there");
    }
    let problems = drift(&repo(), &readme);
    assert!(problems.is_empty(), "kernel files drift from contract/README.md \"Names\":\n{}", problems.join("\n"));
}

#[test]
fn a_renamed_constant_is_caught() {
    // A copy of one language's grayscale file with the weight named as it once was.
    let root = tempfile::tempdir().unwrap();
    let real = std::fs::read_to_string(repo().join("go/kernel/grayscale.go")).unwrap();
    std::fs::create_dir_all(root.path().join("go/kernel")).unwrap();
    std::fs::write(root.path().join("go/kernel/grayscale.go"), real.replace("lumaR", "weightR")).unwrap();
    let readme = std::fs::read_to_string(repo().join("contract/README.md")).unwrap();
    let problems = drift(root.path(), &readme);
    assert!(problems.iter().any(|p| p == "go: `lumaR` (luma_r) is not in grayscale"), "{problems:#?}");
}

#[test]
fn letters_and_occurrences() {
    assert_eq!(letters("kLumaR"), "klumar");
    assert_eq!(letters("Status::BadDimensions"), "statusbaddimensions");
    assert!(occurs("let up = 1;", "up") && !occurs("let upper = 1;", "up") && !occurs("setup", "up"));
    assert!(occurs("below 2^24, so", "2^24") && !occurs("2^25", "2^24"));
}
