//! Which builds exist: every `build/<lang>/<build>.wasm`, and every
//! `build/<lang>/<build>.unavailable` for a toolchain that could not be had.
//!
//! The host keeps no list of languages: a new language folder that builds
//! into `build/<lang>/` shows up here with no change to the host.

use serde::Serialize;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Serialize)]
pub struct Build {
    pub lang: String,
    pub build: String,
    #[serde(skip)]
    pub path: PathBuf,
    /// The exact build command, from `<build>.flags`.
    pub flags: Option<String>,
    /// Why the toolchain is missing, from `<build>.unavailable`.
    pub unavailable: Option<String>,
}

impl Build {
    /// `rust/tuned`, the name used in every table.
    pub fn id(&self) -> String {
        format!("{}/{}", self.lang, self.build)
    }

    pub fn is_ladder(&self) -> bool {
        self.build.starts_with("ladder-")
    }

    /// A module given on the command line (`--module PATH`).
    pub fn from_path(path: &Path) -> Build {
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        Build {
            lang: "module".into(),
            build: stem,
            path: path.to_path_buf(),
            flags: None,
            unavailable: None,
        }
    }
}

/// Every build under `dir`, languages sorted by name, builds in teaching
/// order (default, tuned, simd, other builds, then ladder steps).
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
            builds.push(Build { lang: lang.clone(), build, path: file, flags, unavailable });
        }
    }
    builds.sort_by_key(|b| (b.lang.clone(), build_rank(&b.build), b.build.clone()));
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

fn build_rank(build: &str) -> u8 {
    match build {
        "default" => 0,
        "tuned" => 1,
        "simd" => 2,
        b if b.starts_with("ladder-") => 4,
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
        let ids: Vec<String> = builds.iter().map(Build::id).collect();
        assert_eq!(ids, ["zig/default", "zig/tuned", "zig/simd", "zig/ladder-01-a"]);
        assert_eq!(builds[0].flags.as_deref(), Some("zig build -O ReleaseFast"));
        assert_eq!(builds[2].unavailable.as_deref(), Some("x"));
    }

    #[test]
    fn missing_build_folder_says_what_to_run() {
        let err = discover(Path::new("/nonexistent/build")).unwrap_err();
        assert!(err.to_string().contains("just build-all"));
    }
}
