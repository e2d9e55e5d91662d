//! Verify layer: `rosetta verify` checks a build's exports against the
//! contract, then runs the conformance suite (checks.rs) on the suite's
//! images (cases.rs) against the host's own reference kernels (reference.rs),
//! and holds each outcome against the build's `.expect`. The WASI commands
//! (wasi.rs) and the components (components.rs) are checked here too.

mod cases;
mod checks;
pub mod components;
pub mod guard;
mod record;
pub mod reference;
pub mod runtimes;
mod sequences;
pub mod wasi;
pub mod workload;

use crate::load::catalog::{Build, BuildId, Expectation, Miss as Expected};
use crate::load::error::HostError;
use crate::load::inspect;
use crate::load::instance::{Compiled, Runner};
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
    pub module: BuildId,
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

    pub fn has(&self, outcome: Outcome) -> bool {
        self.checks.iter().any(|c| c.outcome == outcome)
    }
}

/// Names of every check, in table order.
pub fn check_names() -> Vec<&'static str> {
    std::iter::once("exports").chain(checks::CHECKS.iter().map(|c| c.name)).collect()
}

/// Verify every build, two at a time (one per core), in the order given.
pub fn verify_all(runtime: &dyn Runner, builds: &[Build]) -> Vec<ModuleResult> {
    let progress = crate::progress::bar(builds.len() as u64, "verifying");
    let results = builds
        .par_iter()
        .map(|b| {
            let r = verify(runtime, b);
            progress.inc(1);
            progress.set_message(b.id.to_string());
            r
        })
        .collect();
    progress.finish_and_clear();
    results
}

pub fn verify(runtime: &dyn Runner, build: &Build) -> ModuleResult {
    verify_recording(runtime, build, None)
}

/// `verify`, and, with `outputs`, one fingerprint per check of everything
/// the module returned or the host read back from it (runtimes.rs holds
/// runtimes against each other with them); `None` for a check not run.
pub fn verify_recording(
    runtime: &dyn Runner,
    build: &Build,
    mut outputs: Option<&mut Vec<Option<u64>>>,
) -> ModuleResult {
    let unavailable = build.unavailable.clone();
    let mut result = ModuleResult { module: build.id.clone(), unavailable, problems: Vec::new(), checks: Vec::new() };
    if result.unavailable.is_some() {
        return result;
    }
    result.problems = expectation_problems(build);
    let name = build.id.to_string();
    let compiled = compile(runtime, &name, build);
    let exports = compiled.as_ref().map_err(|why| Miss::Other(why.clone())).and_then(|c| exports_match(c.as_ref()));
    // Checks call the exports: with one missing or mistyped, they are skipped.
    let go_on = exports.is_ok();
    result.checks.push(judge(build, "exports", exports, None));
    // Why the remaining checks are skipped, once one overran unexpectedly.
    let mut stopped: Option<String> = None;
    for check in checks::CHECKS {
        result.checks.push(match (&compiled, go_on, &stopped) {
            (Ok(compiled), true, None) => {
                let recorder = outputs.as_deref_mut().and_then(|o| {
                    o.push(None);
                    o.last_mut()
                });
                let (outcome, instructions, stop) = run_check(runtime, compiled.as_ref(), check, recorder);
                let mut judged = judge(build, check.name, outcome, instructions);
                // An overrun the .expect does not announce would only repeat,
                // at the cost of a whole budget per check: stop here.
                if let Some(why) = stop.filter(|_| judged.outcome != Outcome::Expected) {
                    if let Some(detail) = &mut judged.detail {
                        detail.push_str("; remaining checks skipped");
                    }
                    stopped = Some(format!("skipped: {why}"));
                }
                judged
            }
            _ => {
                if let Some(o) = outputs.as_deref_mut() {
                    o.push(None);
                }
                CheckResult {
                    check: check.name.into(),
                    outcome: Outcome::Skip,
                    detail: stopped.clone(),
                    instructions: None,
                }
            }
        });
    }
    result
}

fn compile<'r>(runtime: &'r dyn Runner, name: &str, build: &Build) -> Result<Box<dyn Compiled + 'r>, String> {
    let bytes = runtime.read_module(name, &build.path).map_err(|e| e.to_string())?;
    // Refused before it is compiled, let alone instantiated.
    let problems = inspect::import_problems(name, &bytes);
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    runtime.compile(name, &bytes).map_err(|e| e.to_string())
}

fn exports_match(compiled: &dyn Compiled) -> Result<(), Miss> {
    match inspect::export_problems(&compiled.exports()).as_slice() {
        [] => Ok(()),
        problems => Err(Miss::Other(problems.join("; "))),
    }
}

/// How a check went wrong: out of its instruction budget, or anything else.
enum Miss {
    Slow(String),
    Other(String),
}

/// Run one check on a fresh instance: its outcome, the instructions it
/// executed, and, if it overran its budget or deadline or could not be
/// instantiated at all, why the checks after it would only do the same.
/// With `output`, the check's outputs are fingerprinted into it.
fn run_check(
    runtime: &dyn Runner,
    compiled: &dyn Compiled,
    check: &checks::Check,
    output: Option<&mut Option<u64>>,
) -> (Result<(), Miss>, Option<u64>, Option<String>) {
    let mut kernel = match compiled.instantiate() {
        Ok(kernel) => kernel,
        Err(e) => {
            let e = anyhow::Error::from(e);
            return (Err(classify(&e)), None, stop_reason(&e, check.name));
        }
    };
    let outcome = match output {
        None => (check.run)(&mut *kernel),
        Some(output) => {
            let mut recorder = record::Recorder::new(&mut *kernel);
            let outcome = (check.run)(&mut recorder);
            *output = Some(recorder.finish());
            outcome
        }
    };
    let instructions = runtime.limits().budget.map(|_| kernel.fuel_used());
    let stop = outcome.as_ref().err().and_then(|e| stop_reason(e, check.name));
    (outcome.map_err(|e| classify(&e)), instructions, stop)
}

/// Errors every later check would meet again.
fn stop_reason(e: &anyhow::Error, check: &str) -> Option<String> {
    match e.downcast_ref::<HostError>()? {
        HostError::OverBudget { func, instructions, .. } => {
            Some(format!("ran out of its budget ({instructions} instructions) earlier in `{func}`"))
        }
        HostError::Deadline { func, seconds, .. } => Some(format!("timed out after {seconds}s earlier in `{func}`")),
        HostError::Instantiate { .. } => Some(format!("could not be instantiated (see `{check}`)")),
        _ => None,
    }
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
