//! The conformance tables of `verify`: module x check, and the closing line.

use super::{Narrow, Table};
use crate::load::contract::Contract;
use crate::verify::{check_names, ModuleResult, Outcome};

/// Module x check -> pass/FAIL, with every failure's detail underneath.
pub fn table(results: &[ModuleResult]) -> Table {
    let names = check_names();
    let mut headers = vec!["module"];
    headers.extend(names.iter().copied());
    let title = format!("Conformance to contract v{} (rosetta verify)", Contract::get().version);
    let mut table = Table::new(title, &headers);
    for r in results {
        let mut row = vec![r.module.to_string()];
        match &r.unavailable {
            Some(reason) => {
                row.extend(names.iter().map(|_| "unavailable".to_string()));
                table.notes.push(format!("{}: unavailable: {reason}", r.module));
            }
            None => row.extend(r.checks.iter().map(|c| cell(c.outcome))),
        }
        table.row(row);
        for problem in &r.problems {
            table.notes.push(format!("{}: {problem}", r.module));
        }
        for c in
            r.checks.iter().filter(|c| matches!(c.outcome, Outcome::Fail | Outcome::Expected | Outcome::Unexpected))
        {
            table.notes.push(format!("{} · {}: {}", r.module, c.check, c.detail.as_deref().unwrap_or("")));
        }
    }
    table.narrow = Narrow::Table(Box::new(verdicts(&table, results)));
    table
}

/// The terminal's default view of `table`: one verdict per module (the
/// check-by-check grid is `--wide`), with the same notes.
fn verdicts(table: &Table, results: &[ModuleResult]) -> Table {
    let mut t = Table::new(table.title.clone(), &["module", "result"]);
    for r in results {
        t.row(vec![r.module.to_string(), verdict(r)]);
    }
    t.notes = table.notes.clone();
    t
}

/// `pass (9 checks)`, or each outcome other than a pass with its checks:
/// `FAIL: blur, errors; expected: counter-cycles`.
fn verdict(r: &ModuleResult) -> String {
    if r.unavailable.is_some() {
        return "unavailable".into();
    }
    let with = |outcome| r.checks.iter().filter(|c| c.outcome == outcome).map(|c| c.check.as_str()).collect::<Vec<_>>();
    let mut parts: Vec<String> = [Outcome::Fail, Outcome::Unexpected, Outcome::Expected, Outcome::Skip]
        .into_iter()
        .filter_map(|o| Some(with(o)).filter(|c| !c.is_empty()).map(|c| format!("{}: {}", cell(o), c.join(", "))))
        .collect();
    if !r.problems.is_empty() {
        parts.insert(0, "FAIL: its .expect".into());
    }
    match parts.is_empty() {
        true => format!("pass ({} checks)", r.checks.len()),
        false => parts.join("; "),
    }
}

/// The closing line: `verify: N passed, N failed` (modules, not checks),
/// with how many passed only thanks to their `.expect` and how many are unavailable.
pub fn summary(results: &[ModuleResult]) -> String {
    let failed = results.iter().filter(|r| !r.passed()).count();
    let verified = results.iter().filter(|r| r.unavailable.is_none()).count();
    let expected = results.iter().filter(|r| r.passed() && r.has(Outcome::Expected)).count();
    let unavailable = results.len() - verified;
    let mut line = format!("verify: {} passed, {failed} failed", verified - failed);
    if expected > 0 {
        line.push_str(&format!(" ({expected} of the passed miss checks as their .expect says)"));
    }
    if unavailable > 0 {
        line.push_str(&format!("; {unavailable} unavailable"));
    }
    line
}

fn cell(outcome: Outcome) -> String {
    match outcome {
        Outcome::Pass => "pass",
        Outcome::Fail => "FAIL",
        Outcome::Skip => "skip",
        Outcome::Expected => "expected",
        Outcome::Unexpected => "UNEXPECTED",
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::catalog::BuildId;
    use crate::verify::CheckResult;

    fn result(build: &str, outcomes: &[(&str, Outcome)]) -> ModuleResult {
        let check = |(name, outcome): &(&str, Outcome)| CheckResult {
            check: name.to_string(),
            outcome: *outcome,
            detail: (*outcome != Outcome::Pass).then(|| format!("{name} went wrong")),
            instructions: None,
        };
        ModuleResult {
            module: BuildId::new("rust", build),
            unavailable: None,
            problems: Vec::new(),
            checks: outcomes.iter().map(check).collect(),
        }
    }

    #[test]
    fn the_narrow_view_is_one_verdict_per_module_with_the_same_notes() {
        let results = [
            result("default", &[("add", Outcome::Pass), ("blur", Outcome::Pass)]),
            result("lesson", &[("add", Outcome::Expected), ("blur", Outcome::Fail), ("errors", Outcome::Fail)]),
        ];
        let t = table(&results);
        let Narrow::Table(narrow) = &t.narrow else { panic!("a verdict table") };
        assert_eq!(narrow.headers, ["module", "result"]);
        assert_eq!(narrow.rows[0], ["rust/default", "pass (2 checks)"]);
        assert_eq!(narrow.rows[1], ["rust/lesson", "FAIL: blur, errors; expected: add"]);
        assert_eq!(narrow.notes, t.notes);
        assert!(t.narrow().contains("rust/lesson · blur: blur went wrong"), "{}", t.narrow());
        assert_eq!(t.headers.len(), 1 + check_names().len(), "--wide keeps a column per check");
    }
}
