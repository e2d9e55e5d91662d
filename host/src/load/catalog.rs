//! Which builds exist: every `build/<lang>/<build>.wasm`, and every
//! `build/<lang>/<build>.unavailable` for a toolchain that could not be had.
//!
//! The host keeps no list of languages: a new language folder that builds
//! into `build/<lang>/` shows up here with no change to the host.

use serde::{Serialize, Serializer};
use std::fmt;
use std::path::{Path, PathBuf};

/// `rust/tuned`: a language folder and one of its builds. Every result
/// carries one, so tables ask it questions instead of re-parsing a string.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct BuildId {
    pub lang: String,
    pub build: String,
}

/// The prefixes of the two ladders' build names.
pub const LADDERS: [&str; 2] = ["ladder", "speed"];

impl BuildId {
    pub fn new(lang: impl Into<String>, build: impl Into<String>) -> BuildId {
        BuildId { lang: lang.into(), build: build.into() }
    }

    /// A step of a ladder: `ladder-NN-what` (the optimization ladder: each
    /// step changes how the build is made) or `speed-NN-what` (the speed
    /// ladder: each step changes the kernel's source).
    pub fn is_ladder(&self) -> bool {
        self.ladder_step().is_some()
    }

    /// `ladder` or `speed`: which ladder a step belongs to.
    pub fn ladder_kind(&self) -> Option<&str> {
        LADDERS.into_iter().find(|kind| self.build.strip_prefix(kind).is_some_and(|rest| rest.starts_with('-')))
    }

    /// The language's SIMD build (contract/README.md, "Builds").
    pub fn is_simd(&self) -> bool {
        self.build == "simd"
    }

    /// `NN-what` of a ladder step.
    pub fn ladder_step(&self) -> Option<&str> {
        LADDERS.into_iter().find_map(|kind| self.build.strip_prefix(kind)?.strip_prefix('-'))
    }

    /// `NN` of a ladder step: the short label of a chart point.
    pub fn ladder_number(&self) -> Option<&str> {
        self.ladder_step().map(|step| step.split('-').next().unwrap_or(step))
    }

    /// `what` of a ladder step (`01-release` -> `release`): the change the step makes.
    pub fn ladder_change(&self) -> Option<&str> {
        self.ladder_step().map(|step| step.split_once('-').map_or(step, |(_, what)| what))
    }
}

impl fmt::Display for BuildId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.lang, self.build)
    }
}

/// In JSON an id stays the `"rust/tuned"` string it always was.
impl Serialize for BuildId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[derive(Debug, Clone)]
pub struct Build {
    pub id: BuildId,
    pub path: PathBuf,
    /// The exact build command, from `<build>.flags`.
    pub flags: Option<String>,
    /// Why the toolchain is missing, from `<build>.unavailable`.
    pub unavailable: Option<String>,
    /// The checks this build is meant to miss, from `<build>.expect`.
    pub expectations: Vec<Expectation>,
    /// A `<build>.expect` that could not be read as expectations.
    pub expect_error: Option<String>,
}

/// How a check is meant to miss (contract/README.md, "Expectations").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Miss {
    /// The check fails, in any way.
    Fail,
    /// The check runs out of its instruction budget.
    Slow,
}

/// One line of `<build>.expect`: `CHECK OUTCOME: REASON`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation {
    pub check: String,
    pub miss: Miss,
    pub reason: String,
}

impl Expectation {
    pub fn parse(line: &str) -> Result<Expectation, String> {
        let bad = || format!("`{line}` is not `CHECK fail|slow: REASON`");
        let (head, reason) = line.split_once(':').ok_or_else(bad)?;
        let (check, miss) = match head.split_whitespace().collect::<Vec<_>>()[..] {
            [check, "fail"] => (check, Miss::Fail),
            [check, "slow"] => (check, Miss::Slow),
            _ => return Err(bad()),
        };
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(bad());
        }
        Ok(Expectation { check: check.to_string(), miss, reason: reason.to_string() })
    }
}

/// Every expectation in a `.expect` file (none if there is no file).
fn read_expectations(path: &Path) -> (Vec<Expectation>, Option<String>) {
    let Some(text) = read_trimmed(path) else { return (Vec::new(), None) };
    let lines = text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#'));
    match lines.map(Expectation::parse).collect::<Result<Vec<_>, _>>() {
        Ok(expectations) => (expectations, None),
        Err(e) => (Vec::new(), Some(format!("{}: {e}", path.display()))),
    }
}

impl Build {
    /// A module given on the command line (`--module PATH`).
    /// A `m.expect` beside `m.wasm` is read as for a built module.
    pub fn from_path(path: &Path) -> Build {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        let (expectations, expect_error) = read_expectations(&path.with_extension("expect"));
        Build {
            id: BuildId::new("module", stem),
            path: path.to_path_buf(),
            flags: None,
            unavailable: None,
            expectations,
            expect_error,
        }
    }

    /// What this build expects of `check`, if anything.
    pub fn expectation(&self, check: &str) -> Option<&Expectation> {
        self.expectations.iter().find(|e| e.check == check)
    }
}

/// Every build under `dir`, languages sorted by name, builds in teaching
/// order (default, tuned, simd, other builds, then ladder steps).
/// The language folders under a build directory (`build/rust`, ...), sorted.
pub fn language_folders(build_dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names: Vec<String> = std::fs::read_dir(build_dir)?
        .filter_map(|e| e.ok().filter(|e| e.path().is_dir())?.file_name().into_string().ok())
        .collect();
    names.sort();
    Ok(names)
}

pub fn discover(dir: &Path) -> anyhow::Result<Vec<Build>> {
    let mut builds = Vec::new();
    if !dir.is_dir() {
        anyhow::bail!("no build folder at {} (run `just build-all` first)", dir.display());
    }
    for lang_dir in sorted_entries(dir)? {
        if !lang_dir.is_dir() {
            continue;
        }
        let lang = file_name(&lang_dir);
        for file in sorted_entries(&lang_dir)? {
            let ext = file.extension().and_then(|e| e.to_str()).unwrap_or("");
            if ext != "wasm" && ext != "unavailable" {
                continue;
            }
            let build = file.file_stem().unwrap().to_string_lossy().into_owned();
            let unavailable = (ext == "unavailable").then(|| read_trimmed(&file)).flatten();
            let flags = read_trimmed(&file.with_extension("flags"));
            let (expectations, expect_error) = read_expectations(&file.with_extension("expect"));
            builds.push(Build {
                id: BuildId::new(&lang, build),
                path: file,
                flags,
                unavailable,
                expectations,
                expect_error,
            });
        }
    }
    builds.sort_by_key(|b| (b.id.lang.clone(), build_rank(&b.id), b.id.build.clone()));
    Ok(builds)
}

/// `build/<lang>/toolchain.txt`: one line per tool, written at build time.
pub fn toolchains(dir: &Path) -> Vec<(String, String)> {
    let Ok(entries) = sorted_entries(dir) else { return Vec::new() };
    entries
        .iter()
        .filter_map(|lang_dir| Some((file_name(lang_dir), read_trimmed(&lang_dir.join("toolchain.txt"))?)))
        .collect()
}

fn build_rank(id: &BuildId) -> u8 {
    match id.build.as_str() {
        "default" => 0,
        "tuned" => 1,
        "simd" => 2,
        _ if id.is_ladder() => 4,
        _ => 3,
    }
}

fn sorted_entries(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?.filter_map(|e| Some(e.ok()?.path())).collect();
    entries.sort();
    Ok(entries)
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap_or_default().to_string_lossy().into_owned()
}

fn read_trimmed(path: &Path) -> Option<String> {
    std::fs::read_to_string(path).ok().map(|s| s.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovers_builds_in_teaching_order_with_flags_and_reasons() {
        let dir = tempfile::tempdir().unwrap();
        let lang = dir.path().join("zig");
        std::fs::create_dir(&lang).unwrap();
        for f in ["ladder-01-a.wasm", "tuned.wasm", "default.wasm", "simd.unavailable"] {
            std::fs::write(lang.join(f), "x").unwrap();
        }
        std::fs::write(lang.join("default.flags"), "zig build -O ReleaseFast\n").unwrap();
        let builds = discover(dir.path()).unwrap();
        let ids: Vec<String> = builds.iter().map(|b| b.id.to_string()).collect();
        assert_eq!(ids, ["zig/default", "zig/tuned", "zig/simd", "zig/ladder-01-a"]);
        assert_eq!(builds[0].flags.as_deref(), Some("zig build -O ReleaseFast"));
        assert_eq!(builds[2].unavailable.as_deref(), Some("x"));
    }

    #[test]
    fn expectations_are_read_from_the_expect_file() {
        let dir = tempfile::tempdir().unwrap();
        let lang = dir.path().join("go");
        std::fs::create_dir(&lang).unwrap();
        std::fs::write(lang.join("a.wasm"), "x").unwrap();
        std::fs::write(lang.join("a.expect"), "# lessons\nblur slow: scans pixels\ncounter-cycles fail: never frees\n")
            .unwrap();
        std::fs::write(lang.join("b.wasm"), "x").unwrap();
        std::fs::write(lang.join("b.expect"), "blur sometimes: who knows\n").unwrap();
        let builds = discover(dir.path()).unwrap();
        assert_eq!(
            builds[0].expectation("blur").map(|e| (e.miss, e.reason.as_str())),
            Some((Miss::Slow, "scans pixels"))
        );
        assert_eq!(builds[0].expectation("counter-cycles").map(|e| e.miss), Some(Miss::Fail));
        assert!(builds[0].expectation("add").is_none());
        assert!(builds[1].expectations.is_empty());
        assert!(builds[1].expect_error.as_deref().unwrap().contains("is not `CHECK fail|slow: REASON`"));
    }

    #[test]
    fn a_build_id_answers_what_the_tables_ask() {
        let step = BuildId::new("cpp", "ladder-03-O3-no-wasm-opt");
        assert_eq!((step.is_ladder(), step.is_simd()), (true, false));
        assert_eq!((step.ladder_step(), step.ladder_number()), (Some("03-O3-no-wasm-opt"), Some("03")));
        let speed = BuildId::new("rust", "speed-02-rows");
        assert_eq!(
            (speed.is_ladder(), speed.ladder_kind(), speed.ladder_step()),
            (true, Some("speed"), Some("02-rows"))
        );
        assert_eq!((step.ladder_kind(), BuildId::new("rust", "speedy").ladder_kind()), (Some("ladder"), None));
        let simd = BuildId::new("rust", "simd");
        assert_eq!((simd.is_ladder(), simd.is_simd(), simd.to_string()), (false, true, "rust/simd".into()));
        assert_eq!(serde_json::to_string(&simd).unwrap(), "\"rust/simd\"");
    }

    #[test]
    fn missing_build_folder_says_what_to_run() {
        let err = discover(Path::new("/nonexistent/build")).unwrap_err();
        assert!(err.to_string().contains("just build-all"));
    }
}
