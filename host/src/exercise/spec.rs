//! An exercise's own data (workshop/exercises/NAME/exercise.toml): which
//! task the grader checks, the lesson that explains it, its budgets, and
//! what the untouched starter fails with (read by workshop/exercise too).

use anyhow::{Context, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Spec {
    pub title: String,
    /// The lesson that explains it, as a failure message names it.
    pub lesson: String,
    pub task: Task,
    /// The functions the exercise adds to the module (C++'s build names them
    /// to Emscripten); the task's own export among them.
    #[serde(default)]
    #[expect(dead_code, reason = "read by workshop/exercise; parsed here so that a misspelt key fails")]
    pub exports: Vec<String>,
    /// The whole contract too (`rosetta verify`'s checks), once the task passes.
    #[serde(default)]
    pub contract: bool,
    #[serde(default)]
    pub budget: Budgets,
    /// For workshop/exercise: the starter's expected failure, per language or `all`.
    #[expect(dead_code, reason = "read by workshop/exercise; parsed here so that a misspelt key fails")]
    pub starter: Starter,
}

/// What the grader checks, beyond the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Task {
    /// `invert(ptr, width, height) -> status`: 255 - R, G, B; alpha kept; the status order.
    Invert,
    /// `counter_reset(handle) -> i32`: the value it had, and the counter back at 0.
    CounterReset,
    /// `fill(ptr, len, value) -> status`: checks the buffer before it writes.
    Fill,
    /// `mul(a, b) -> i32`: wrapping, with the signature the boundary allows.
    Mul,
    /// The module imports nothing: it loads in any host, the browser's included.
    NoImports,
    /// The module's raw bytes within `budget.bytes` for its language.
    Size,
    /// The speed workload within `budget.instructions` for its language.
    Speed,
}

impl Task {
    /// The export the task adds, and its type: parameters, then results (all i32).
    pub fn export(self) -> Option<(&'static str, usize, usize)> {
        match self {
            Task::Invert => Some(("invert", 3, 1)),
            Task::CounterReset => Some(("counter_reset", 1, 1)),
            Task::Fill => Some(("fill", 3, 1)),
            Task::Mul => Some(("mul", 2, 1)),
            Task::NoImports | Task::Size | Task::Speed => None,
        }
    }
}

/// Per-language budgets (`rust`, `cpp`, `go`, `tinygo`, `assemblyscript`).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Budgets {
    #[serde(default)]
    pub bytes: BTreeMap<String, u64>,
    #[serde(default)]
    pub instructions: BTreeMap<String, u64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[expect(dead_code, reason = "read by workshop/exercise; parsed here so that a misspelt key fails")]
pub struct Starter {
    /// A part of the message the untouched starter fails with, by language (`all` for any).
    pub fails_with: BTreeMap<String, String>,
    /// Languages the exercise cannot be done in, and why.
    #[serde(default)]
    pub unavailable: BTreeMap<String, String>,
}

impl Spec {
    pub fn read(path: &Path) -> Result<Spec> {
        let text = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        toml::from_str(&text).with_context(|| format!("{} is not an exercise spec", path.display()))
    }

    /// A language's budget, or an error naming what the spec lacks.
    pub fn budget(&self, table: &BTreeMap<String, u64>, what: &str, lang: &str) -> Result<u64> {
        table.get(lang).copied().with_context(|| format!("the spec has no {what} budget for `{lang}`"))
    }
}
