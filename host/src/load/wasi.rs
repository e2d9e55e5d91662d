//! WASI commands (contract/README.md, "WASI commands"): which exist, and how
//! one runs.
//!
//! Each language may build `build/<lang>/wasi/command.wasm`, a WASI preview-1
//! program (`_start`) that reads an image from a file, runs its own kernel and
//! writes the result. `command.format` says which image format it reads and
//! writes (`png` or `pam`); `command.unavailable` replaces the module when the
//! toolchain cannot build one. The folder is not a build of the kernel
//! contract, so the catalog of kernel builds never sees it.
//!
//! A command gets exactly one capability: one host directory, preopened as
//! `/`. Its arguments are the ones given, its environment is empty, stdin is
//! empty, stdout and stderr are kept in memory. It runs under the runtime's
//! limits: the resource caps, the instruction budget and the deadline.

use super::runtime::{Budget, Runtime};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use thiserror::Error;
use wasmtime::{Linker, Module, Store, StoreLimits, Trap};
use wasmtime_wasi::p1::WasiP1Ctx;
use wasmtime_wasi::p2::pipe::{MemoryInputPipe, MemoryOutputPipe};
use wasmtime_wasi::{FsPerms, I32Exit, WasiCtxBuilder};

/// `build/<lang>/wasi/`: where a language's command lives.
pub const FOLDER: &str = "wasi";
/// The module's file stem there: `command.wasm`, `command.format`, ...
pub const STEM: &str = "command";
/// How a command's directory appears inside it. (`.` would do for most
/// languages, but standard Go's wasip1 port resolves every path from `/`.)
pub const GUEST_DIR: &str = "/";
/// How much of stdout and of stderr is kept.
const OUTPUT_CAP: usize = 64 * 1024;
/// A command's instruction budget is the budget's `base`, plus
/// `per_kernel_byte` this many times over for each byte of pixels: reading,
/// decoding, the kernel, encoding and writing each touch every byte. (The
/// PNG commands need the most: TinyGo's about 1500 instructions a byte on a
/// 1080p noise image, a fifth of this; the PAM commands under 40.)
pub const PASSES: u64 = 8;

/// The image formats a command may read and write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Png,
    /// Netpbm P7, RGBA8, the one header of `pam.rs`.
    Pam,
}

impl Format {
    /// The file extension, also the word in `command.format`.
    pub fn ext(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Pam => "pam",
        }
    }

    fn parse(word: &str) -> Option<Format> {
        [Format::Png, Format::Pam].into_iter().find(|f| f.ext() == word)
    }
}

/// One language's command, as the build left it.
#[derive(Debug, Clone)]
pub struct Command {
    pub lang: String,
    /// `build/<lang>/wasi/command.wasm`.
    pub path: PathBuf,
    /// Why there is no module (`command.unavailable`).
    pub unavailable: Option<String>,
    /// What `command.format` says, or what is wrong with it.
    pub format: Result<Format, String>,
}

impl Command {
    /// `rust/wasi/command`: how tables and messages name it.
    pub fn name(&self) -> String {
        format!("{}/{FOLDER}/{STEM}", self.lang)
    }

    fn at(build_dir: &Path, lang: &str) -> Option<Command> {
        let dir = build_dir.join(lang).join(FOLDER);
        let file = |ext: &str| dir.join(format!("{STEM}.{ext}"));
        let read = |ext: &str| std::fs::read_to_string(file(ext)).ok().map(|s| s.trim().to_string());
        let unavailable = read("unavailable");
        if unavailable.is_none() && !file("wasm").is_file() {
            return None;
        }
        let format = match read("format") {
            Some(word) => Format::parse(&word).ok_or(format!("{STEM}.format says `{word}`, not png or pam")),
            None => {
                Err(format!("no {STEM}.format beside {STEM}.wasm (rosetta-build run --kind wasi --format png|pam)"))
            }
        };
        Some(Command { lang: lang.to_string(), path: file("wasm"), unavailable, format })
    }
}

/// Every language's command under `build_dir` (only `langs`, if any), by language.
pub fn discover(build_dir: &Path, langs: &[String]) -> anyhow::Result<Vec<Command>> {
    let names = super::catalog::language_folders(build_dir)?;
    let chosen = names.iter().filter(|lang| langs.is_empty() || langs.contains(lang));
    Ok(chosen.filter_map(|lang| Command::at(build_dir, lang)).collect())
}

/// One language's command, or what to run to get it.
pub fn find(build_dir: &Path, lang: &str) -> anyhow::Result<Command> {
    Command::at(build_dir, lang).ok_or_else(|| {
        let path = build_dir.join(lang).join(FOLDER).join(format!("{STEM}.wasm"));
        anyhow::anyhow!("no WASI command for {lang} at {} (run `just build {lang}`)", path.display())
    })
}

/// How a run ended, when it ended by itself (`_start` returned or `proc_exit`).
#[derive(Debug)]
pub struct Exit {
    pub code: i32,
    pub stdout: Vec<u8>,
    pub stderr: Vec<u8>,
    /// Instantiation and `_start`, wall clock.
    pub elapsed: Duration,
    /// WebAssembly instructions executed (when the runtime sets a budget).
    pub instructions: Option<u64>,
}

impl Exit {
    /// This exit, or an error for a non-zero code, with what the command said.
    pub fn success(self, module: &str) -> Result<Exit, WasiError> {
        if self.code == 0 {
            return Ok(self);
        }
        let mut said = said(&self.stderr);
        if !self.stdout.is_empty() {
            said.push_str(&format!("; stdout: {}", String::from_utf8_lossy(&self.stdout).trim()));
        }
        Err(WasiError::Exit { module: module.to_string(), code: self.code, stderr: said })
    }
}

/// Everything that can stop a command before it exits by itself.
#[derive(Debug, Error)]
pub enum WasiError {
    #[error("{module} exited with code {code}{stderr}")]
    Exit { module: String, code: i32, stderr: String },
    #[error("{module} trapped: {reason}{stderr}")]
    Trap { module: String, reason: String, stderr: String },
    #[error("{module} ran past the {seconds}s deadline (a runaway loop?){stderr}")]
    Deadline { module: String, seconds: u64, stderr: String },
    #[error("{module} used up its budget of {instructions} instructions (a runaway loop, or far slower than it should be){stderr}")]
    OverBudget { module: String, instructions: u64, stderr: String },
    #[error("{module}: cannot instantiate: {reason}")]
    Instantiate { module: String, reason: String },
    #[error("{module} is not a WASI command: it exports no `_start` function")]
    NoStart { module: String },
    #[error("{module}: cannot preopen {dir}: {reason}")]
    Preopen { module: String, dir: String, reason: String },
}

/// What a command may touch: its WASI context, and the resource caps.
struct CommandState {
    wasi: WasiP1Ctx,
    limits: StoreLimits,
}

/// The instruction budget of a command working on `pixel_bytes` bytes of pixels.
pub fn fuel(budget: &Budget, pixel_bytes: u64) -> u64 {
    budget.base.saturating_add(budget.per_kernel_byte.saturating_mul(pixel_bytes).saturating_mul(PASSES))
}

/// Run `module` as a command: `args` (the first is the program's name),
/// `dir` preopened as `/`, nothing else. `pixel_bytes` sizes its budget.
pub fn run(
    runtime: &Runtime,
    module_name: &str,
    module: &Module,
    dir: &Path,
    args: &[&str],
    pixel_bytes: u64,
) -> Result<Exit, WasiError> {
    let name = || module_name.to_string();
    let stdout = MemoryOutputPipe::new(OUTPUT_CAP);
    let stderr = MemoryOutputPipe::new(OUTPUT_CAP);
    let mut builder = WasiCtxBuilder::new();
    builder.args(args).stdin(MemoryInputPipe::new(Vec::new())).stdout(stdout.clone()).stderr(stderr.clone());
    builder.preopened_dir(dir, GUEST_DIR, FsPerms::ReadWrite).map_err(|e| WasiError::Preopen {
        module: name(),
        dir: dir.display().to_string(),
        reason: format!("{e:#}"),
    })?;
    let caps = runtime.limits.caps;
    let limits = caps.store_limits();
    let mut store = Store::new(&runtime.engine, CommandState { wasi: builder.build_p1(), limits });
    store.limiter(|state| &mut state.limits);
    let fuel = runtime.limits.budget.map(|b| fuel(&b, pixel_bytes));
    if let Some(fuel) = fuel {
        store.set_fuel(fuel).expect("fuel is enabled whenever a budget is set");
    }
    if let Some(ticks) = runtime.deadline_ticks() {
        store.set_epoch_deadline(ticks);
    }
    let instantiate = |e: wasmtime::Error| WasiError::Instantiate { module: name(), reason: format!("{e:#}") };
    // Only WASI preview 1: a command importing anything else does not start.
    let mut linker: Linker<CommandState> = Linker::new(&runtime.engine);
    wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |s: &mut CommandState| &mut s.wasi).map_err(instantiate)?;

    let started = Instant::now();
    let instance = linker.instantiate(&mut store, module).map_err(instantiate)?;
    let start =
        instance.get_typed_func::<(), ()>(&mut store, "_start").map_err(|_| WasiError::NoStart { module: name() })?;
    let result = start.call(&mut store, ());
    let elapsed = started.elapsed();
    let instructions = fuel.map(|fuel| fuel - store.get_fuel().unwrap_or(0));
    let code = match result {
        Ok(()) => 0,
        Err(e) => match e.downcast_ref::<I32Exit>() {
            Some(exit) => exit.0,
            None => {
                let stderr = said(&stderr.contents());
                return Err(match e.downcast_ref::<Trap>() {
                    Some(Trap::OutOfFuel) => {
                        WasiError::OverBudget { module: name(), instructions: fuel.unwrap_or(0), stderr }
                    }
                    Some(Trap::Interrupt) => WasiError::Deadline {
                        module: name(),
                        seconds: runtime.limits.deadline.map(|d| d.as_secs()).unwrap_or(0),
                        stderr,
                    },
                    Some(trap) => WasiError::Trap { module: name(), reason: trap.to_string(), stderr },
                    None => WasiError::Trap { module: name(), reason: format!("{e:#}"), stderr },
                });
            }
        },
    };
    Ok(Exit { code, stdout: stdout.contents().to_vec(), stderr: stderr.contents().to_vec(), elapsed, instructions })
}

/// What a command wrote to stderr, as the end of an error message.
fn said(stderr: &[u8]) -> String {
    let text = String::from_utf8_lossy(stderr);
    match text.trim() {
        "" => "; it wrote nothing to stderr".to_string(),
        text => format!("; stderr: {text}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_commands_their_formats_and_reasons() {
        let dir = tempfile::tempdir().unwrap();
        let folder = |lang: &str| {
            let d = dir.path().join(lang).join(FOLDER);
            std::fs::create_dir_all(&d).unwrap();
            d
        };
        std::fs::write(folder("a").join("command.wasm"), "x").unwrap();
        std::fs::write(folder("a").join("command.format"), "pam\n").unwrap();
        std::fs::write(folder("b").join("command.unavailable"), "no toolchain\n").unwrap();
        std::fs::write(folder("c").join("command.wasm"), "x").unwrap();
        std::fs::create_dir_all(dir.path().join("d")).unwrap(); // kernel builds only
        let found = discover(dir.path(), &[]).unwrap();
        let names: Vec<String> = found.iter().map(Command::name).collect();
        assert_eq!(names, ["a/wasi/command", "b/wasi/command", "c/wasi/command"]);
        assert_eq!(found[0].format, Ok(Format::Pam));
        assert_eq!(found[1].unavailable.as_deref(), Some("no toolchain"));
        assert!(found[2].format.as_ref().unwrap_err().contains("no command.format"));
        assert_eq!(discover(dir.path(), &["b".into()]).unwrap().len(), 1);
        assert!(find(dir.path(), "d").unwrap_err().to_string().contains("just build d"));
    }
}
