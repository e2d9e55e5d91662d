//! The WASI table of `verify`: language x (command, grayscale, blur), and its closing line.

use super::Table;
use crate::verify::wasi::{CHECKS, SIZE};
use crate::verify::{CheckResult, ModuleResult, Outcome};

/// One row per language: pass (with the format and size, or the time),
/// FAIL with the reason, or unavailable with the reason.
pub fn table(results: &[ModuleResult]) -> Table {
    let (width, height) = SIZE;
    let title = format!("WASI commands (rosetta verify: each language's command on a {width}x{height} noise image)");
    let mut table = Table::new(title, &["language", "wasi command", "grayscale", "blur"]);
    for r in results {
        let mut row = vec![r.module.lang.clone()];
        match &r.unavailable {
            Some(reason) => {
                row.push(format!("unavailable: {reason}"));
                row.extend(CHECKS[1..].iter().map(|_| "unavailable".to_string()));
            }
            None => row.extend(r.checks.iter().map(cell)),
        }
        table.row(row);
    }
    table
}

/// A check's cell: `pass`, `pass (detail)`, `skip`, or `FAIL: why`.
pub fn cell(c: &CheckResult) -> String {
    let detail = c.detail.as_deref().unwrap_or("");
    match c.outcome {
        Outcome::Pass if detail.is_empty() => "pass".to_string(),
        Outcome::Pass => format!("pass ({detail})"),
        Outcome::Skip => "skip".to_string(),
        _ => format!("FAIL: {detail}"),
    }
}

/// `wasi: N passed, N failed; N unavailable` (commands, not checks).
pub fn summary(results: &[ModuleResult]) -> String {
    count_line("wasi", results)
}

/// `WHAT: N passed, N failed; N unavailable`, counting results, not checks.
pub fn count_line(what: &str, results: &[ModuleResult]) -> String {
    let unavailable = results.iter().filter(|r| r.unavailable.is_some()).count();
    let failed = results.iter().filter(|r| !r.passed()).count();
    let mut line = format!("{what}: {} passed, {failed} failed", results.len() - unavailable - failed);
    if unavailable > 0 {
        line.push_str(&format!("; {unavailable} unavailable"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::catalog::BuildId;
    use crate::verify::CheckResult;

    fn check(name: &str, outcome: Outcome, detail: &str) -> CheckResult {
        CheckResult { check: name.into(), outcome, detail: Some(detail.into()), instructions: None }
    }

    #[test]
    fn rows_say_pass_fail_or_unavailable_with_the_reason() {
        let id = |lang: &str| BuildId::new(lang, "wasi/command");
        let results = [
            ModuleResult {
                module: id("a"),
                unavailable: None,
                problems: Vec::new(),
                checks: vec![
                    check("command", Outcome::Pass, "pam, 3.0 KiB"),
                    check("grayscale", Outcome::Pass, "2 ms"),
                    check("blur", Outcome::Fail, "exited with code 1"),
                ],
            },
            ModuleResult {
                module: id("b"),
                unavailable: Some("no wasi-libc".into()),
                problems: vec![],
                checks: vec![],
            },
        ];
        let t = table(&results);
        assert_eq!(t.rows[0], ["a", "pass (pam, 3.0 KiB)", "pass (2 ms)", "FAIL: exited with code 1"]);
        assert_eq!(t.rows[1], ["b", "unavailable: no wasi-libc", "unavailable", "unavailable"]);
        assert_eq!(summary(&results), "wasi: 0 passed, 1 failed; 1 unavailable");
    }
}
