//! `rosetta verify`: exports against the contract, then the conformance
//! suite, for every build. Exits non-zero on any failure.

mod checks;
pub mod images;

use crate::catalog::Build;
use crate::inspect;
use crate::kernel::Kernel;
use crate::report::Table;
use crate::runtime::Runtime;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pass,
    Fail,
    Skip,
}

#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    pub check: String,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleResult {
    pub module: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unavailable: Option<String>,
    pub checks: Vec<CheckResult>,
}

impl ModuleResult {
    pub fn passed(&self) -> bool {
        self.unavailable.is_some() || self.checks.iter().all(|c| c.outcome == Outcome::Pass)
    }
}

/// Names of every check, in table order.
pub fn check_names() -> Vec<&'static str> {
    std::iter::once("exports").chain(checks::CHECKS.iter().map(|c| c.name)).collect()
}

pub fn verify(runtime: &Runtime, build: &Build) -> ModuleResult {
    let module = build.id();
    if let Some(reason) = &build.unavailable {
        return ModuleResult { module, unavailable: Some(reason.clone()), checks: Vec::new() };
    }
    let mut results = Vec::new();
    let compiled = std::fs::read(&build.path)
        .map_err(|e| format!("{module}: cannot read {}: {e}", build.path.display()))
        .and_then(|bytes| runtime.compile(&module, &bytes).map_err(|e| e.to_string()));
    let exports_ok = match &compiled {
        Err(reason) => fail("exports", reason.clone()),
        Ok(compiled) => match inspect::export_problems(compiled).as_slice() {
            [] => pass("exports"),
            problems => fail("exports", problems.join("; ")),
        },
    };
    let go_on = exports_ok.outcome == Outcome::Pass;
    results.push(exports_ok);
    for check in checks::CHECKS {
        let result = match (&compiled, go_on) {
            (Ok(compiled), true) => run_check(runtime, &module, compiled, check),
            _ => CheckResult { check: check.name.into(), outcome: Outcome::Skip, detail: None },
        };
        results.push(result);
    }
    ModuleResult { module, unavailable: None, checks: results }
}

fn run_check(runtime: &Runtime, module: &str, compiled: &wasmtime::Module, check: &checks::Check) -> CheckResult {
    let outcome = Kernel::new(runtime, module, compiled)
        .map_err(anyhow::Error::from)
        .and_then(|mut kernel| (check.run)(&mut kernel));
    match outcome {
        Ok(()) => pass(check.name),
        Err(e) => fail(check.name, format!("{e:#}")),
    }
}

fn pass(check: &str) -> CheckResult {
    CheckResult { check: check.into(), outcome: Outcome::Pass, detail: None }
}

fn fail(check: &str, detail: String) -> CheckResult {
    CheckResult { check: check.into(), outcome: Outcome::Fail, detail: Some(detail) }
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
        for c in r.checks.iter().filter(|c| c.outcome == Outcome::Fail) {
            table.notes.push(format!("{} · {}: {}", r.module, c.check, c.detail.as_deref().unwrap_or("")));
        }
    }
    table
}

/// The closing line: `verify: N passed, N failed` (modules, not checks).
pub fn summary(results: &[ModuleResult]) -> String {
    let failed = results.iter().filter(|r| !r.passed()).count();
    let verified = results.iter().filter(|r| r.unavailable.is_none()).count();
    format!("verify: {} passed, {failed} failed", verified - failed)
}

fn cell(outcome: Outcome) -> String {
    match outcome {
        Outcome::Pass => "pass",
        Outcome::Fail => "FAIL",
        Outcome::Skip => "skip",
    }
    .into()
}
