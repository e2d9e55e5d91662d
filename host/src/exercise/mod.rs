//! `rosetta exercise`: a workshop exercise (workshop/exercises/NAME/) graded
//! on a learner's module with the verifier's own machinery: the exercise's
//! task (tasks.rs, its reference kept there), then the whole contract, then
//! the module beside the reference builds of its language (table.rs).
//! workshop/exercise builds the learner's attempt and calls this.

pub mod spec;
mod table;
mod tasks;

use crate::load::catalog::Build;
use crate::load::runtime::{Budget, EngineKind, Limits, Runtime};
use crate::verify::{self, Outcome};
use anyhow::{bail, Result};
use clap::Args;
use spec::Spec;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Args)]
pub struct ExerciseArgs {
    /// The exercise's spec (workshop/exercises/NAME/exercise.toml).
    #[arg(long)]
    pub spec: PathBuf,
    /// The learner's module.
    #[arg(long)]
    pub module: PathBuf,
    /// Its language folder (`rust`, `cpp`, `go`, `tinygo`, `assemblyscript`):
    /// whose budget applies and whose reference builds stand beside it.
    #[arg(long)]
    pub lang: String,
    /// Only the verdict, no table (workshop-check grades a room's worth of cells).
    #[arg(long)]
    pub no_table: bool,
}

/// Grade one attempt: `Ok(false)` (exit 1) when it fails, with what is wrong
/// and which lesson explains it.
pub fn command(build_dir: &Path, args: &ExerciseArgs) -> Result<bool> {
    let spec = Spec::read(&args.spec)?;
    let runtime = Runtime::new(EngineKind::Cranelift, Limits::checked(Budget::DEFAULT, Duration::from_secs(60)))?;
    if !args.no_table {
        println!("{}", table::table(&runtime, &args.lang, &args.module, build_dir).terminal());
    }
    let label = format!("{} ({})", spec.title, args.lang);
    match grade(&spec, &args.lang, &runtime, &args.module) {
        Ok(()) => {
            println!("exercise: PASS {label}");
            Ok(true)
        }
        Err(e) => {
            println!(
                "exercise: FAIL {label}\n  {e:#}\n  {} explains it; the exercise's README says what to change.",
                spec.lesson
            );
            Ok(false)
        }
    }
}

/// The task, then (if the spec asks) every check of the contract.
fn grade(spec: &Spec, lang: &str, runtime: &Runtime, path: &Path) -> Result<()> {
    let name = "yours";
    let bytes = runtime.read_module(name, path)?;
    tasks::check(spec, lang, runtime, name, &bytes)?;
    if spec.contract {
        let result = verify::verify(runtime, &Build::from_path(path));
        if let Some(c) = result.checks.iter().find(|c| !matches!(c.outcome, Outcome::Pass)) {
            bail!("the contract's `{}` check: {}", c.check, c.detail.as_deref().unwrap_or("failed"));
        }
    }
    Ok(())
}
