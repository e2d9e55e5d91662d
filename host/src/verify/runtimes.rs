//! `verify --runtime ...`: the same conformance suite under several runtimes,
//! and every place they disagree. A disagreement is a failure: one runtime
//! passes a check that another fails (or skips, or meets as expected), or a
//! check's outputs (record.rs: every value the contract defines and every
//! byte read back) differ between two runtimes that both ran it.

use super::{check_names, verify_recording, ModuleResult, Outcome};
use crate::load::catalog::{Build, BuildId};
use crate::load::instance::{Runner, RuntimeKind};
use rayon::prelude::*;
use serde::Serialize;

/// One runtime's results, with the fingerprint of each check's outputs.
#[derive(Debug, Clone, Serialize)]
pub struct RuntimeResults {
    pub runtime: String,
    /// The crate and version, from Cargo.lock (`wasmi 2.0.0`).
    pub version: String,
    pub results: Vec<ModuleResult>,
    /// Per module, per check (in `check_names` order): the outputs' fingerprint.
    #[serde(skip)]
    pub outputs: Vec<Vec<Option<u64>>>,
    #[serde(skip)]
    pub kind: Option<RuntimeKind>,
}

/// Where two runtimes part ways on one check of one module.
#[derive(Debug, Clone, Serialize)]
pub struct Disagreement {
    pub module: BuildId,
    pub check: String,
    /// `outcome` (pass on one, fail on another) or `outputs` (same outcome, different outputs).
    pub what: &'static str,
    /// Every runtime's outcome and detail for this check.
    pub runtimes: Vec<RuntimeOutcome>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RuntimeOutcome {
    pub runtime: String,
    pub outcome: Outcome,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

/// Verify every build under every runtime (one runtime after the other, two
/// builds at a time), fingerprinting every check's outputs.
pub fn verify_all(runners: &[Box<dyn Runner>], builds: &[Build]) -> Vec<RuntimeResults> {
    runners
        .iter()
        .map(|runner| {
            let kind = runner.kind();
            let progress = crate::progress::bar(builds.len() as u64, &format!("verifying under {kind}"));
            let both: Vec<(ModuleResult, Vec<Option<u64>>)> = builds
                .par_iter()
                .map(|b| {
                    let mut outputs = vec![None]; // `exports` has no outputs
                    let r = match unsupported(runner.as_ref(), b) {
                        Some(r) => r,
                        None => verify_recording(runner.as_ref(), b, Some(&mut outputs)),
                    };
                    progress.inc(1);
                    progress.set_message(b.id.to_string());
                    (r, outputs)
                })
                .collect();
            progress.finish_and_clear();
            let (results, outputs) = both.into_iter().unzip();
            RuntimeResults { runtime: kind.name().into(), version: kind.version(), results, outputs, kind: Some(kind) }
        })
        .collect()
}

/// A module this runtime cannot run at all (runner.unsupported), as
/// unavailable under it, with the reason.
fn unsupported(runner: &dyn Runner, build: &Build) -> Option<ModuleResult> {
    if build.unavailable.is_some() {
        return None;
    }
    let bytes = runner.read_module(&build.id.to_string(), &build.path).ok()?;
    let why = runner.unsupported(&bytes)?;
    let unavailable = Some(format!("not verified under {}: {why}", runner.kind()));
    Some(ModuleResult { module: build.id.clone(), unavailable, problems: Vec::new(), checks: Vec::new() })
}

/// Every module that some runtime could not run at all, with why.
pub fn unsupported_modules(runs: &[RuntimeResults]) -> Vec<(BuildId, String)> {
    let Some(first) = runs.first() else { return Vec::new() };
    let mut found = Vec::new();
    for (m, module) in first.results.iter().enumerate() {
        if module.unavailable.is_some() && runs.iter().all(|r| r.results[m].unavailable.is_some()) {
            continue; // unavailable everywhere: the toolchain's, not a runtime's
        }
        for run in runs {
            if let Some(why) = &run.results[m].unavailable {
                found.push((module.module.clone(), why.clone()));
            }
        }
    }
    found
}

/// Every check of every module on which the runtimes do not all agree. A
/// module that a runtime cannot run at all (`unsupported_modules`) is held
/// against the others only under the runtimes that ran it.
pub fn disagreements(runs: &[RuntimeResults]) -> Vec<Disagreement> {
    let Some(first) = runs.first() else { return Vec::new() };
    let names = check_names();
    let mut found = Vec::new();
    for (m, module) in first.results.iter().enumerate() {
        let ran: Vec<&RuntimeResults> = runs.iter().filter(|r| r.results[m].unavailable.is_none()).collect();
        let Some(&first) = ran.first() else { continue };
        let runs = ran.as_slice();
        for (c, check) in names.iter().enumerate() {
            let outcome = |run: &RuntimeResults| run.results[m].checks.get(c).map(|r| r.outcome);
            let output = |run: &&RuntimeResults| run.outputs.get(m).and_then(|o| o.get(c).copied().flatten());
            let outcomes_differ = runs.iter().any(|run| outcome(run) != outcome(first));
            let outputs: Vec<u64> = runs.iter().filter_map(output).collect();
            let outputs_differ = outputs.len() == runs.len() && outputs.iter().any(|&o| o != outputs[0]);
            if !outcomes_differ && !outputs_differ {
                continue;
            }
            let runtimes = runs
                .iter()
                .filter_map(|run| {
                    let r = run.results[m].checks.get(c)?;
                    Some(RuntimeOutcome { runtime: run.runtime.clone(), outcome: r.outcome, detail: r.detail.clone() })
                })
                .collect();
            let what = if outcomes_differ { "outcome" } else { "outputs" };
            found.push(Disagreement { module: module.module.clone(), check: check.to_string(), what, runtimes });
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::CheckResult;

    fn run(name: &str, outcomes: &[Outcome], outputs: &[Option<u64>]) -> RuntimeResults {
        let checks = check_names()
            .iter()
            .zip(outcomes)
            .map(|(c, &outcome)| CheckResult { check: c.to_string(), outcome, detail: None, instructions: None })
            .collect();
        let module =
            ModuleResult { module: BuildId::new("rust", "default"), unavailable: None, problems: Vec::new(), checks };
        RuntimeResults {
            runtime: name.into(),
            version: String::new(),
            results: vec![module],
            outputs: vec![outputs.to_vec()],
            kind: None,
        }
    }

    #[test]
    fn runtimes_that_agree_have_no_disagreements_and_any_difference_is_named() {
        let names = check_names();
        let at = |name: &str| names.iter().position(|n| *n == name).unwrap();
        let pass = vec![Outcome::Pass; names.len()];
        let out: Vec<Option<u64>> = (0..names.len() as u64).map(|i| (i > 0).then_some(i)).collect();
        assert!(disagreements(&[run("a", &pass, &out), run("b", &pass, &out)]).is_empty());
        let mut fail_blur = pass.clone();
        fail_blur[at("blur")] = Outcome::Fail;
        let found = disagreements(&[run("a", &pass, &out), run("b", &fail_blur, &out)]);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].check.as_str(), found[0].what), ("blur", "outcome"));
        assert_eq!(found[0].runtimes[1].runtime, "b");
        let mut other = out.clone();
        other[at("counters")] = Some(99);
        let found = disagreements(&[run("a", &pass, &out), run("b", &pass, &other)]);
        assert_eq!((found[0].check.as_str(), found[0].what), ("counters", "outputs"));
    }
}
