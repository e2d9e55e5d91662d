//! `rosetta verify`: exports against the contract, then the conformance
//! suite, for every build. Exits non-zero on any failure.

mod checks;
pub mod images;

use crate::catalog::{Build, Expectation, Miss as Expected};
use crate::error::HostError;
use crate::inspect;
use crate::kernel::Kernel;
use crate::report::Table;
use crate::runtime::Runtime;
use rayon::prelude::*;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Fail,
    Skip,
    /// Missed the way the build's `.expect` says it should.
    Expected,
    /// The build's `.expect` says it should miss, and it did not (or not that way).
    Unexpected,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub check: String,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// WebAssembly instructions the check executed (the budget's unit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub instructions: Option<u64>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleResult {
    pub module: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
    /// Problems with the module's `.expect` itself.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub problems: Vec<String>,
    pub checks: Vec<CheckResult>,
}

impl ModuleResult {
    pub fn passed(&self) -> bool {
        let ok = |c: &CheckResult| matches!(c.outcome, Outcome::Pass | Outcome::Expected);
        self.unavailable.is_some() || (self.problems.is_empty() && self.checks.iter().all(ok))
    }

    /// Passed every check outright: no expected misses either.
    pub fn clean(&self) -> bool {
        self.unavailable.is_none() && self.problems.is_empty() && self.checks.iter().all(|c| c.outcome == Outcome::Pass)
    }

    fn has(&self, outcome: Outcome) -> bool {
        self.checks.iter().any(|c| c.outcome == outcome)
    }
}

/// Names of every check, in table order.
pub fn check_names() -> Vec<&'static str> {
    std::iter::once("exports").chain(checks::CHECKS.iter().map(|c| c.name)).collect()
}

/// Verify every build, two at a time (one per core), in the order given.
pub fn verify_all(runtime: &Runtime, builds: &[Build]) -> Vec<ModuleResult> {
    let progress = crate::report::progress_bar(builds.len() as u64, "verifying");
    let results = builds
        .par_iter()
        .map(|b| {
            let r = verify(runtime, b);
            progress.inc(1);
            progress.set_message(b.id());
            r
        })
        .collect();
    progress.finish_and_clear();
    results
}

pub fn verify(runtime: &Runtime, build: &Build) -> ModuleResult {
    let module = build.id();
    if let Some(reason) = &build.unavailable {
        return ModuleResult { module, unavailable: Some(reason.clone()), problems: Vec::new(), checks: Vec::new() };
    }
    let mut results = Vec::new();
    let compiled = std::fs::read(&build.path)
        .map_err(|e| format!("{module}: cannot read {}: {e}", build.path.display()))
        .and_then(|bytes| runtime.compile(&module, &bytes).map_err(|e| e.to_string()));
    let exports = match &compiled {
        Err(reason) => Err(Miss::Other(reason.clone())),
        Ok(compiled) => match inspect::export_problems(compiled).as_slice() {
            [] => Ok(()),
            problems => Err(Miss::Other(problems.join("; "))),
        },
    };
    let go_on = exports.is_ok();
    results.push(judge(build, "exports", exports, None));
    for check in checks::CHECKS {
        let result = match (&compiled, go_on) {
            (Ok(compiled), true) => {
                let (outcome, instructions) = run_check(runtime, &module, compiled, check);
                judge(build, check.name, outcome, instructions)
            }
            _ => CheckResult { check: check.name.into(), outcome: Outcome::Skip, detail: None, instructions: None },
        };
        results.push(result);
    }
    ModuleResult { module, unavailable: None, problems: expectation_problems(build), checks: results }
}

/// How a check went wrong: out of its instruction budget, or anything else.
enum Miss {
    Slow(String),
    Other(String),
}

fn run_check(
    runtime: &Runtime,
    module: &str,
    compiled: &wasmtime::Module,
    check: &checks::Check,
) -> (Result<(), Miss>, Option<u64>) {
    let mut kernel = match Kernel::new(runtime, module, compiled) {
        Ok(kernel) => kernel,
        Err(e) => return (Err(classify(&anyhow::Error::from(e))), None),
    };
    let outcome = (check.run)(&mut kernel).map_err(|e| classify(&e));
    let instructions = runtime.limits.budget.map(|_| kernel.fuel_used());
    (outcome, instructions)
}

fn classify(e: &anyhow::Error) -> Miss {
    let text = format!("{e:#}");
    match e.downcast_ref::<HostError>() {
        // The wall-clock backstop means slow too (a loaded machine may reach it first).
        Some(HostError::OverBudget { .. } | HostError::Deadline { .. }) => Miss::Slow(text),
        _ => Miss::Other(text),
    }
}

/// Pass or fail, then held against the build's `.expect`.
fn judge(build: &Build, check: &str, outcome: Result<(), Miss>, instructions: Option<u64>) -> CheckResult {
    let expectation = build.expectation(check);
    let (outcome, detail) = match (outcome, expectation) {
        (Ok(()), None) => (Outcome::Pass, None),
        (Err(Miss::Slow(why) | Miss::Other(why)), None) => (Outcome::Fail, Some(why)),
        (Err(Miss::Slow(why)), Some(e))
        | (Err(Miss::Other(why)), Some(e @ Expectation { miss: Expected::Fail, .. })) => {
            (Outcome::Expected, Some(format!("expected: {} ({why})", e.reason)))
        }
        (Err(Miss::Other(why)), Some(e)) => {
            (Outcome::Unexpected, Some(format!("meant to be slow ({}), but failed otherwise: {why}", e.reason)))
        }
        (Ok(()), Some(e)) => (
            Outcome::Unexpected,
            Some(format!(
                "meant to {} ({}), but passed: update or remove its line in the .expect file",
                miss_word(e.miss),
                e.reason
            )),
        ),
    };
    CheckResult { check: check.into(), outcome, detail, instructions }
}

fn miss_word(miss: Expected) -> &'static str {
    match miss {
        Expected::Fail => "fail",
        Expected::Slow => "run out of its instruction budget",
    }
}

/// A `.expect` that cannot be read, or names a check verify does not have.
fn expectation_problems(build: &Build) -> Vec<String> {
    let names = check_names();
    let unknown = build.expectations.iter().filter(|e| !names.contains(&e.check.as_str()));
    build
        .expect_error
        .iter()
        .cloned()
        .chain(unknown.map(|e| {
            format!("its .expect names the check `{}`, which verify does not have ({})", e.check, names.join(", "))
        }))
        .collect()
}

/// Module x check -> pass/FAIL, with every failure's detail underneath.
pub fn table(results: &[ModuleResult]) -> Table {
    let names = check_names();
    let mut headers = vec!["module"];
    headers.extend(names.iter().copied());
    let title = format!("Conformance to contract v{} (rosetta verify)", crate::contract::Contract::get().version);
    let mut table = Table::new(title, &headers);
    for r in results {
        let mut row = vec![r.module.clone()];
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
