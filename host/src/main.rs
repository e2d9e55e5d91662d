//! rosetta: the wasm-rosetta host. Layered and plain:
//! load (runtime, kernel) -> verify (verify/) -> measure (sizes, bench) ->
//! report (report, compare). This file only wires the CLI to those layers.

mod bench;
mod catalog;
mod charts;
mod cli;
mod compare;
mod contract;
mod error;
mod imagecmd;
mod inspect;
mod kernel;
mod reference;
mod report;
mod runtime;
mod sizes;
mod speed;
mod stats;
mod summary;
mod verify;

use anyhow::{bail, Result};
use catalog::Build;
use clap::Parser;
use cli::{Cli, Command, Select};
use runtime::{Budget, EngineKind, Limits, Runtime};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Verify(select) => verify(&cli.build_dir, &select),
        Command::Sizes(select) => {
            let rows = sizes::measure_all(&selected(&cli.build_dir, &select)?);
            report::print(select.format, &rows, &[sizes::table(&rows)])?;
            Ok(ExitCode::SUCCESS)
        }
        Command::All => {
            let runtime =
                Runtime::new(EngineKind::Cranelift, Limits::checked(Budget::DEFAULT, Duration::from_secs(60)))?;
            let builds = selected(&cli.build_dir, &Select::everything())?;
            let passed = summary::run(&cli.build_dir, &builds, &runtime)?;
            Ok(if passed { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        Command::Image(args) => image(&cli.build_dir, &args),
        Command::Bench(args) => bench::command(&cli.build_dir, &args),
        Command::Compare(args) => compare::command(&cli.build_dir, &args),
    }
}

fn verify(build_dir: &Path, select: &Select) -> Result<ExitCode> {
    let runtime = Runtime::new(
        EngineKind::Cranelift,
        Limits::checked(Budget::scaled(select.budget_scale), Duration::from_secs(select.deadline_secs)),
    )?;
    let builds = selected(build_dir, select)?;
    let results = verify::verify_all(&runtime, &builds);
    report::print(select.format, &results, &[verify::table(&results)])?;
    if select.format != report::Format::Json {
        println!("{}", verify::summary(&results));
    }
    let all_passed = results.iter().all(|r| r.passed());
    Ok(if all_passed { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn image(build_dir: &Path, args: &cli::ImageArgs) -> Result<ExitCode> {
    let (name, path) = match (&args.module, &args.lang) {
        (Some(path), _) => (Build::from_path(path).id(), path.clone()),
        (None, Some(lang)) => {
            let path = build_dir.join(lang).join(format!("{}.wasm", args.build));
            if !path.exists() {
                bail!("no build {lang}/{} at {} (run `just build-all`)", args.build, path.display());
            }
            (format!("{lang}/{}", args.build), path)
        }
        (None, None) => bail!("give --lang or --module"),
    };
    let runtime = Runtime::new(EngineKind::Cranelift, Limits::checked(Budget::DEFAULT, Duration::from_secs(60)))?;
    let (w, h) = imagecmd::run(&runtime, &name, &path, args.op, &args.input, &args.output)?;
    println!("{name}: {:?} of {w}x{h} {} -> {}", args.op, args.input.display(), args.output.display());
    Ok(ExitCode::SUCCESS)
}

/// The builds a command works on: `--module` files, or the built set
/// narrowed by `--lang` / `--build` / `--no-ladder`.
pub fn selected(build_dir: &Path, select: &Select) -> Result<Vec<Build>> {
    if !select.modules.is_empty() {
        return Ok(select.modules.iter().map(|p| Build::from_path(p)).collect());
    }
    let builds: Vec<Build> = catalog::discover(build_dir)?
        .into_iter()
        .filter(|b| select.langs.is_empty() || select.langs.contains(&b.lang))
        .filter(|b| select.builds.is_empty() || select.builds.contains(&b.build))
        .filter(|b| !(select.no_ladder && b.is_ladder()))
        .collect();
    if builds.is_empty() {
        bail!("no builds match in {} (run `just build-all`)", build_dir.display());
    }
    Ok(builds)
}
