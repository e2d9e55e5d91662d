//! The conformance tables of `verify`: module x check, and the closing line.

use super::Table;
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
    table
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
