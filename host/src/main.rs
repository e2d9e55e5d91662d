//! rosetta: the wasm-rosetta host, in four layers, each a folder:
//!
//!   load/     which builds exist, the contract, engines, instances, typed calls
//!   verify/   the reference kernels and the conformance suite
//!   measure/  sizes and timings beside native Rust
//!   report/   tables, charts, comparisons/ and the README blocks
//!
//! A layer uses only the layers above it in this list. This file wires the
//! command line (cli.rs) to them; `image` (imagecmd.rs) is a teaching command.

mod cli;
mod exercise;
mod imagecmd;
mod load;
mod measure;
mod progress;
mod report;
mod verify;
mod wasicmd;

use anyhow::Result;
use clap::Parser;
use cli::{BenchArgs, Cli, Command, Select};
use load::instance::{RuntimeArg, RuntimeKind};
use load::runtime::{Budget, EngineKind, Limits, Runtime};
use report::{conformance, speed, Format};
use std::path::Path;
use std::process::ExitCode;
use std::time::Duration;

fn main() -> ExitCode {
    // `rosetta sizes | head` should stop quietly when `head` does, as other
    // Unix tools do, not panic in println! on the closed pipe.
    #[cfg(unix)]
    // SAFETY: called first, before any other thread exists.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    match run(cli) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Run one command; `Ok(false)` when it ran but something failed (exit 1).
fn run(cli: Cli) -> Result<bool> {
    let dir = &cli.build_dir;
    match &cli.command {
        Command::Verify(args) => match RuntimeArg::expand(&args.runtimes).as_slice() {
            [] | [RuntimeKind::DEFAULT] => verify(dir, &args.select, args.components),
            runtimes => report::runtimes::command(dir, &args.select, runtimes),
        },
        Command::Sizes(select) => sizes(dir, select),
        Command::All(args) => {
            let runtime = Runtime::new(EngineKind::Cranelift, checked(Budget::DEFAULT, 60))?;
            report::summary::run(dir, &Select::everything().builds(dir)?, &runtime, args.wide)
        }
        Command::Image(args) => imagecmd::command(dir, args).map(|()| true),
        Command::Exercise(args) => exercise::command(dir, args),
        Command::Wasi(args) => wasicmd::command(dir, args),
        Command::Bench(args) => bench(dir, args),
        Command::Compare(args) => report::compare::command(&Select::everything().builds(dir)?, dir, args),
    }
}

/// An instruction budget, and a wall-clock deadline as the backstop.
fn checked(budget: Budget, deadline_secs: u64) -> Limits {
    Limits::checked(budget, Duration::from_secs(deadline_secs))
}

/// The core builds, then (for the whole built set) every WASI command and
/// component; with `components_only`, the components alone.
fn verify(build_dir: &Path, select: &Select, components_only: bool) -> Result<bool> {
    let limits = checked(Budget::scaled(select.budget_scale), select.deadline_secs).with_caps(select.caps);
    let runtime = Runtime::new(EngineKind::Cranelift, limits)?;
    let whole_set = select.modules.is_empty() && select.builds.is_empty();
    // `--module` files that are components go through their WIT world.
    let (given, builds): (Vec<_>, Vec<_>) = match components_only {
        true => (Vec::new(), Vec::new()),
        false => select.builds(build_dir)?.into_iter().partition(|b| is_component_file(&b.path)),
    };
    let results = verify::verify_all(&runtime, &builds);
    // No core table when every module given was a component.
    let core = !components_only && (!builds.is_empty() || given.is_empty());
    let commands = match whole_set && !components_only {
        true => verify::wasi::verify_all(&runtime, &load::wasi::discover(build_dir, &select.langs)?),
        false => Vec::new(),
    };
    let components = match whole_set {
        true => verify::components::verify_all(&runtime, &load::component::discover(build_dir, &select.langs)?),
        false => given.iter().map(|b| verify::components::verify_file(&runtime, &b.path)).collect(),
    };
    let mut tables = Vec::new();
    if core {
        tables.push(conformance::table(&results));
    }
    if !commands.is_empty() {
        tables.push(report::wasi::table(&commands));
    }
    if !components.is_empty() {
        tables.push(report::components::table(&components));
        if whole_set && !components_only {
            tables.push(report::components::forms(build_dir, &results, &commands, &components));
        }
    }
    let all: Vec<_> = results.iter().chain(&commands).chain(&components).cloned().collect();
    report::print(select.format, select.wide, &all, &tables)?;
    if select.format != Format::Json {
        if core {
            println!("{}", conformance::summary(&results));
        }
        if !commands.is_empty() {
            println!("{}", report::wasi::summary(&commands));
        }
        if !components.is_empty() || components_only {
            println!("{}", report::components::summary(&components));
        }
    }
    Ok(all.iter().all(|r| r.passed()))
}

/// A `.wasm` whose preamble says component (an unreadable file is left to
/// the module checks, which say why).
fn is_component_file(path: &Path) -> bool {
    let mut head = [0u8; 8];
    std::fs::File::open(path).and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head)).is_ok()
        && load::component::is_component(&head)
}

fn sizes(build_dir: &Path, select: &Select) -> Result<bool> {
    let rows = measure::sizes::measure_all(&select.builds(build_dir)?);
    let mut tables = vec![report::sizes::table(&rows)];
    // The whole built set (no --module, no --build) includes the components.
    if select.modules.is_empty() && select.builds.is_empty() {
        let built = load::component::discover(build_dir, &select.langs)?;
        tables.extend((!built.is_empty()).then(|| report::components::sizes_table(&built)));
    }
    report::print(select.format, select.wide, &rows, &tables)?;
    Ok(true)
}

fn bench(build_dir: &Path, args: &BenchArgs) -> Result<bool> {
    if args.components {
        let built = load::component::discover(build_dir, &args.select.langs)?;
        let rows = measure::components::run(&built, &args.select.builds(build_dir)?, args.quick)?;
        let table = report::components::speed_table(&rows);
        report::print(args.select.format, args.select.wide, &rows, &[table])?;
        return Ok(rows.iter().all(|r| r.error.is_none()));
    }
    let runtimes = measure::bench::chosen(&args.engines, &args.runtimes);
    let settings = measure::bench::Settings::new(args.quick, args.seed, args.peers);
    let results = measure::bench::run(&args.select.builds(build_dir)?, &runtimes, settings)?;
    report::print(args.select.format, args.select.wide, &results, &speed::tables(&results))?;
    Ok(results.modules.iter().all(|t| t.error.is_none()))
}
