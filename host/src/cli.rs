//! The command line: `rosetta verify | sizes | all | image | bench | compare`,
//! and which builds a command works on.

use crate::load::catalog::{self, Build};
use crate::load::instance::RuntimeArg;
use crate::load::kernel::Op;
use crate::load::repo_root;
use crate::load::runtime::{Caps, EngineKind};
use crate::report::Format;
use anyhow::{bail, Result};
use clap::{Args, Parser, Subcommand};
use std::path::{Path, PathBuf};

#[derive(Debug, Parser)]
#[command(
    name = "rosetta",
    version,
    about = "Load every wasm-rosetta build, prove the outputs identical, measure size and speed"
)]
pub struct Cli {
    /// Where `just build-all` put the modules (build/<lang>/<build>.wasm).
    #[arg(long, global = true, default_value_os_t = default_build_dir())]
    pub build_dir: PathBuf,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check every build's exports and outputs against the contract and the host's reference.
    Verify(VerifyArgs),
    /// Raw, wasm-opt -Oz, stripped, gzip and brotli sizes, sections and imports.
    Sizes(Select),
    /// Verify and size every build, then say what happened (what `just all` ends with).
    All(AllArgs),
    /// Run one language's kernel on a PNG or JPEG file and write a PNG.
    Image(ImageArgs),
    /// Grade a workshop exercise on a learner's module (workshop/exercises/).
    Exercise(crate::exercise::ExerciseArgs),
    /// Run one language's WASI command on a PNG, JPEG or PAM file, check it against the reference.
    Wasi(crate::wasicmd::WasiArgs),
    /// Time every build beside native Rust: compile, instantiate, calls, image throughput.
    Bench(BenchArgs),
    /// Regenerate comparisons/ (Markdown, JSON, SVG charts) from one run.
    Compare(CompareArgs),
}

/// `verify`: which modules, and under which runtimes.
#[derive(Debug, Args, Clone)]
pub struct VerifyArgs {
    #[command(flatten)]
    pub select: Select,
    /// Verify under these runtimes (repeatable, or `all`); any disagreement
    /// between them fails. Default: wasmtime. wasmi and Wasmer need the host
    /// built with the `runtimes` feature (`just verify --runtime all`).
    #[arg(long = "runtime", value_enum)]
    pub runtimes: Vec<RuntimeArg>,
    /// Only the components of contract/wit/ (build/<lang>/component/), with
    /// the core checks through their WIT types. (The whole built set, with
    /// no --module or --build, includes them anyway.)
    #[arg(long, conflicts_with_all = ["runtimes", "modules", "builds"])]
    pub components: bool,
}

/// Which modules, and how to print.
#[derive(Debug, Args, Clone)]
pub struct Select {
    /// Any .wasm file(s) instead of the built set (e.g. your own module).
    #[arg(long = "module", value_name = "PATH")]
    pub modules: Vec<PathBuf>,
    /// Only these languages (repeatable).
    #[arg(long = "lang")]
    pub langs: Vec<String>,
    /// Only these builds, e.g. default, tuned (repeatable).
    #[arg(long = "build")]
    pub builds: Vec<String>,
    /// Leave out the optimization-ladder builds.
    #[arg(long)]
    pub no_ladder: bool,
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Every column of every table. By default the terminal shows the
    /// columns that carry the point, about 100 columns wide (what a projector
    /// shows); Markdown and JSON always have everything.
    #[arg(long)]
    pub wide: bool,
    /// Wall-clock backstop: a call running longer than this traps. Runaway
    /// loops are caught first, on every machine alike, by the instruction budget.
    #[arg(long, default_value_t = 60)]
    pub deadline_secs: u64,
    /// Multiply every call's instruction budget (50 million, plus 1000 per
    /// image byte a kernel touches, 100 per byte allocated, 20 per byte of
    /// memory): past it a call fails as too slow, on every machine alike.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u64).range(1..))]
    pub budget_scale: u64,
    /// What a module may have, and how long it may take to compile.
    #[command(flatten)]
    pub caps: Caps,
}

impl Select {
    /// Every build, as tables, with the default deadline.
    pub fn everything() -> Select {
        Select {
            modules: Vec::new(),
            langs: Vec::new(),
            builds: Vec::new(),
            no_ladder: false,
            format: Format::Table,
            wide: false,
            deadline_secs: 60,
            budget_scale: 1,
            caps: Caps::DEFAULT,
        }
    }

    /// The builds a command works on: `--module` files, or the built set
    /// narrowed by `--lang` / `--build` / `--no-ladder`.
    pub fn builds(&self, build_dir: &Path) -> Result<Vec<Build>> {
        if !self.modules.is_empty() {
            return Ok(self.modules.iter().map(|p| Build::from_path(p)).collect());
        }
        let builds: Vec<Build> = catalog::discover(build_dir)?
            .into_iter()
            .filter(|b| self.langs.is_empty() || self.langs.contains(&b.id.lang))
            .filter(|b| self.builds.is_empty() || self.builds.contains(&b.id.build))
            .filter(|b| !(self.no_ladder && b.id.is_ladder()))
            .collect();
        if builds.is_empty() {
            bail!("no builds match in {} (run `just build-all`)", build_dir.display());
        }
        Ok(builds)
    }
}

#[derive(Debug, Args)]
pub struct AllArgs {
    /// Every column of every table (by default: about 100 columns wide).
    #[arg(long)]
    pub wide: bool,
}

#[derive(Debug, Args)]
pub struct ImageArgs {
    #[arg(long, required_unless_present = "module")]
    pub lang: Option<String>,
    #[arg(long, default_value = "default")]
    pub build: String,
    /// Use this .wasm instead of build/<lang>/<build>.wasm.
    #[arg(long)]
    pub module: Option<PathBuf>,
    #[arg(long, value_enum)]
    pub op: Op,
    pub input: PathBuf,
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct BenchArgs {
    #[command(flatten)]
    pub select: Select,
    /// Fewer repetitions and only 1080p: for CI and a first look.
    #[arg(long)]
    pub quick: bool,
    /// Engines to measure (repeatable); default: all three.
    #[arg(long = "engine", value_enum)]
    pub engines: Vec<EngineKind>,
    /// Runtimes to measure besides (repeatable, or `all`): wasmi and Wasmer
    /// need the `runtimes` feature; wasmtime = the cranelift engine.
    #[arg(long = "runtime", value_enum)]
    pub runtimes: Vec<RuntimeArg>,
    /// Only the kernel components, each beside its language's default core
    /// module: call overhead and image cost with the list copies.
    #[arg(long, conflicts_with_all = ["engines", "runtimes"])]
    pub components: bool,
    /// The seed of the rounds' shuffled order (printed by every run; the
    /// same seed gives the same order).
    #[arg(long)]
    pub seed: Option<u64>,
    /// Time the peers too, OpenCV's blur and Pillow's grayscale (needs
    /// `just peers-setup`).
    #[arg(long)]
    pub peers: bool,
}

#[derive(Debug, Args)]
pub struct CompareArgs {
    /// Output folder (the default, comparisons/, also refreshes the README's tables).
    #[arg(long, default_value_os_t = repo_root().join("comparisons"))]
    pub out: PathBuf,
    /// Quick benchmark settings: 5 rounds, so wide intervals (the committed
    /// tables use the full run).
    #[arg(long)]
    pub quick: bool,
    /// The seed of the rounds' shuffled order (printed by every run).
    #[arg(long)]
    pub seed: Option<u64>,
    /// A results.json of an earlier run: say on what share of the cells the
    /// two runs agree within their intervals.
    #[arg(long, value_name = "PREVIOUS.json")]
    pub check_against: Option<PathBuf>,
    /// Where the browser side wrote v8.json, chromium.json and sizes.json
    /// (web/README.md); a file missing there is a note, never an error.
    #[arg(long, default_value_os_t = repo_root().join("target").join("web"))]
    pub web_dir: PathBuf,
}

fn default_build_dir() -> PathBuf {
    repo_root().join("build")
}
