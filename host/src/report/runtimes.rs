//! `rosetta verify --runtime ...`: the conformance suite under each runtime
//! named, then one table of where they agree. Any disagreement fails the run
//! and is named under the table (verify/runtimes.rs says what counts).

use super::{conformance, Format, Table};
use crate::cli::Select;
use crate::load::catalog::BuildId;
use crate::load::instance::{self, Runner, RuntimeKind, WASMEDGE};
use crate::load::runtime::{Budget, Limits};
use crate::verify::runtimes::{self as by_runtime, Disagreement, RuntimeResults};
use crate::verify::{check_names, ModuleResult, Outcome};
use anyhow::Result;
use serde::Serialize;
use std::path::Path;
use std::time::Duration;

/// What `--format json` prints for more than one runtime.
#[derive(Serialize)]
struct Json<'a> {
    runtimes: &'a [RuntimeResults],
    disagreements: &'a [Disagreement],
    unavailable: [Unavailable; 1],
}

#[derive(Serialize)]
struct Unavailable {
    runtime: &'static str,
    reason: &'static str,
}

/// Verify under `kinds` with the limits `select` gives; whether everything
/// passed under every runtime and they all agreed.
pub fn command(build_dir: &Path, select: &Select, kinds: &[RuntimeKind]) -> Result<bool> {
    let limits = Limits::checked(Budget::scaled(select.budget_scale), Duration::from_secs(select.deadline_secs))
        .with_caps(select.caps);
    let runners = kinds.iter().map(|&k| instance::runner(k, limits)).collect::<Result<Vec<Box<dyn Runner>>>>()?;
    let builds = select.builds(build_dir)?;
    let runs = by_runtime::verify_all(&runners, &builds);
    let passed = |r: &[ModuleResult]| r.iter().all(|m| m.passed());
    if let [run] = runs.as_slice() {
        // One runtime: the usual table, named.
        let mut table = conformance::table(&run.results);
        table.title.push_str(&format!(" under {} ({})", run.runtime, run.version));
        super::print(select.format, select.wide, &run.results, &[table])?;
        if select.format != Format::Json {
            println!("{} under {}", conformance::summary(&run.results), run.runtime);
        }
        return Ok(passed(&run.results));
    }
    let found = by_runtime::disagreements(&runs);
    let unavailable = [Unavailable { runtime: WASMEDGE.0, reason: WASMEDGE.1 }];
    let json = Json { runtimes: &runs, disagreements: &found, unavailable };
    let tables = [runtimes_table(&runs), agreement_table(&runs, &found)];
    super::print(select.format, select.wide, &json, &tables)?;
    if select.format != Format::Json {
        for run in &runs {
            println!("{} under {}", conformance::summary(&run.results), run.runtime);
        }
        println!("{}", summary(&runs, &found));
    }
    Ok(found.is_empty() && runs.iter().all(|run| passed(&run.results)))
}

/// The closing line: do the runtimes agree, and if not, on which modules.
pub fn summary(runs: &[RuntimeResults], found: &[Disagreement]) -> String {
    let modules = runs.first().map_or(0, |r| r.results.iter().filter(|m| m.unavailable.is_none()).count());
    let unsupported = by_runtime::unsupported_modules(runs).len();
    let not_run = match unsupported {
        0 => String::new(),
        n => format!("; {n} (module, runtime) pairs not run: the runtime cannot run the module (notes)"),
    };
    if found.is_empty() {
        return format!("runtimes: all {} agree on every check of {modules} modules{not_run}", runs.len());
    }
    let named: Vec<String> = by_module(found).iter().map(|(m, ds)| format!("{m} ({})", checks_of(ds))).collect();
    format!("runtimes: {} modules disagree (FAIL): {}{not_run}", named.len(), named.join(", "))
}

/// Disagreements grouped by module, in order.
fn by_module(found: &[Disagreement]) -> Vec<(&BuildId, Vec<&Disagreement>)> {
    let mut groups: Vec<(&BuildId, Vec<&Disagreement>)> = Vec::new();
    for d in found {
        match groups.iter_mut().find(|(m, _)| *m == &d.module) {
            Some((_, ds)) => ds.push(d),
            None => groups.push((&d.module, vec![d])),
        }
    }
    groups
}

/// `exports, add` or `exports and 7 more`.
fn checks_of(ds: &[&Disagreement]) -> String {
    match ds {
        [one] => one.check.clone(),
        [a, b] => format!("{}, {}", a.check, b.check),
        [first, rest @ ..] => format!("{} and {} more", first.check, rest.len()),
        [] => String::new(),
    }
}

/// One row per runtime: its version, how it bounds a call, how many modules passed.
fn runtimes_table(runs: &[RuntimeResults]) -> Table {
    let mut t =
        Table::new("Runtimes", &["runtime", "version", "each call bounded by", "passed", "failed", "cannot run"]);
    let unavailable_everywhere =
        |m: usize| runs.iter().all(|r| r.results.get(m).is_some_and(|x| x.unavailable.is_some()));
    for run in runs {
        let failed = run.results.iter().filter(|m| !m.passed()).count();
        let verified = run.results.iter().filter(|m| m.unavailable.is_none()).count();
        let cannot =
            (0..run.results.len()).filter(|&m| run.results[m].unavailable.is_some() && !unavailable_everywhere(m));
        let bounds = run.kind.map(|k| k.bounds()).unwrap_or_default();
        t.row(vec![
            run.runtime.clone(),
            run.version.clone(),
            bounds.into(),
            (verified - failed).to_string(),
            failed.to_string(),
            cannot.count().to_string(),
        ]);
    }
    t.row(vec![WASMEDGE.0.into(), "–".into(), WASMEDGE.1.into(), "–".into(), "–".into(), "–".into()]);
    t
}

/// Module x check: the outcome all runtimes share, or DIFFERS; every
/// disagreement and every shared failure is a note.
fn agreement_table(runs: &[RuntimeResults], found: &[Disagreement]) -> Table {
    let names = check_names();
    let mut headers = vec!["module"];
    headers.extend(names.iter().copied());
    let names_of: Vec<&str> = runs.iter().map(|r| r.runtime.as_str()).collect();
    let mut t =
        Table::new(format!("Conformance under {}: the outcome every runtime agrees on", names_of.join(", ")), &headers);
    let Some(first) = runs.first() else { return t };
    for module in &first.results {
        let mut row = vec![module.module.to_string()];
        if module.unavailable.is_some() {
            row.extend(names.iter().map(|_| "unavailable".to_string()));
            t.row(row);
            continue;
        }
        for (c, check) in module.checks.iter().enumerate() {
            let differs = found.iter().any(|d| d.module == module.module && d.check == check.check);
            row.push(if differs { "DIFFERS".into() } else { cell(check.outcome).into() });
            if !differs && matches!(check.outcome, Outcome::Fail | Outcome::Expected | Outcome::Unexpected) {
                let detail = check.detail.as_deref().unwrap_or("");
                t.notes.push(format!("{} · {} (every runtime): {detail}", module.module, names[c]));
            }
        }
        t.row(row);
    }
    // One note per module: its first disagreement in full, the others by name.
    for (module, ds) in by_module(found) {
        let d = ds[0];
        let each: Vec<String> = d
            .runtimes
            .iter()
            .map(|r| match &r.detail {
                Some(detail) if r.outcome != Outcome::Pass => format!("{} {} ({detail})", r.runtime, cell(r.outcome)),
                _ => format!("{} {}", r.runtime, cell(r.outcome)),
            })
            .collect();
        let what = if d.what == "outputs" { "same outcome, different outputs: " } else { "" };
        let also = match &ds[1..] {
            [] => String::new(),
            rest => format!(" (and on {})", rest.iter().map(|d| d.check.as_str()).collect::<Vec<_>>().join(", ")),
        };
        t.notes.push(format!("{module} · {}: DIFFERS: {what}{}{also}", d.check, each.join("; ")));
    }
    for (module, why) in by_runtime::unsupported_modules(runs) {
        t.notes.push(format!("{module}: {why}"));
    }
    t
}

fn cell(outcome: Outcome) -> &'static str {
    match outcome {
        Outcome::Pass => "pass",
        Outcome::Fail => "FAIL",
        Outcome::Skip => "skip",
        Outcome::Expected => "expected",
        Outcome::Unexpected => "UNEXPECTED",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::verify::runtimes::RuntimeOutcome;
    use crate::verify::CheckResult;

    fn run(name: &str, blur: Outcome) -> RuntimeResults {
        let checks = check_names()
            .iter()
            .map(|c| {
                let outcome = if *c == "blur" { blur } else { Outcome::Pass };
                let detail = (outcome != Outcome::Pass).then(|| "`blur` trapped".to_string());
                CheckResult { check: c.to_string(), outcome, detail, instructions: None }
            })
            .collect();
        let module =
            ModuleResult { module: BuildId::new("rust", "simd"), unavailable: None, problems: Vec::new(), checks };
        RuntimeResults {
            runtime: name.into(),
            version: format!("{name} 1.0"),
            results: vec![module],
            outputs: vec![],
            kind: None,
        }
    }

    #[test]
    fn a_disagreement_is_a_differs_cell_a_note_naming_each_runtime_and_the_summary() {
        let runs = [run("wasmtime", Outcome::Pass), run("wasmi", Outcome::Fail)];
        let found = vec![Disagreement {
            module: BuildId::new("rust", "simd"),
            check: "blur".into(),
            what: "outcome",
            runtimes: vec![
                RuntimeOutcome { runtime: "wasmtime".into(), outcome: Outcome::Pass, detail: None },
                RuntimeOutcome {
                    runtime: "wasmi".into(),
                    outcome: Outcome::Fail,
                    detail: Some("`blur` trapped".into()),
                },
            ],
        }];
        let t = agreement_table(&runs, &found);
        let column = |name: &str| 1 + check_names().iter().position(|n| *n == name).unwrap();
        assert_eq!(t.rows[0][column("blur")], "DIFFERS");
        assert_eq!(t.rows[0][column("grayscale")], "pass");
        assert_eq!(t.notes, ["rust/simd · blur: DIFFERS: wasmtime pass; wasmi FAIL (`blur` trapped)"]);
        assert_eq!(summary(&runs, &found), "runtimes: 1 modules disagree (FAIL): rust/simd (blur)");
        assert_eq!(summary(&runs[..1], &[]), "runtimes: all 1 agree on every check of 1 modules");
        let r = runtimes_table(&runs);
        assert_eq!(r.rows.last().unwrap()[0], "wasmedge");
        assert!(r.rows.last().unwrap()[2].contains("WasmEdge C library"));
    }
}
