//! The scorecard: a run held against the targets in comparisons/targets.toml.
//! Targets are data (that file says what each field means), so an old
//! issue's goals never live in the host's code.

use super::Table;
use crate::load::catalog::BuildId;
use crate::load::kernel::Op;
use crate::load::runtime::EngineKind;
use crate::measure::timing::{BenchResults, Timing, FULL_HD};
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::Path;

/// Where the targets live, from the repository root.
pub const FILE: &str = "comparisons/targets.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Measure {
    TimeVsNativeScalar,
    TimeVsCopy,
    AddNs,
}

/// Which build's figure a target is held against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Builds {
    BestScalarPerLanguage,
    BestScalar,
    BestSimd,
    Best,
    /// The build named `build` of each language in `langs`, one row each.
    Named,
}

/// One `[[target]]` as written in the file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Entry {
    measure: Measure,
    kernel: Option<Op>,
    builds: Builds,
    build: Option<String>,
    langs: Option<Vec<String>>,
    at_most: Option<f64>,
    below: Option<f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    target: Vec<Entry>,
}

/// What a target measures, with what it needs to measure it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Figure {
    TimeVsNativeScalar(Op),
    TimeVsCopy(Op),
    AddNs,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Bound {
    AtMost(f64),
    Below(f64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub figure: Figure,
    pub builds: Builds,
    /// For `Builds::Named`: the build, and the languages whose build it is.
    pub named: Option<(String, Vec<String>)>,
    pub bound: Bound,
}

/// The targets in `path`; none if there is no such file.
pub fn load(path: &Path) -> Result<Vec<Target>> {
    let Ok(text) = std::fs::read_to_string(path) else { return Ok(Vec::new()) };
    parse(&text).with_context(|| format!("{} is not a list of targets", path.display()))
}

pub fn parse(text: &str) -> Result<Vec<Target>> {
    let file: File = toml::from_str(text)?;
    file.target.iter().enumerate().map(|(i, e)| typed(e).with_context(|| format!("target {}", i + 1))).collect()
}

/// The file's loose entry as a target that cannot be half-specified.
fn typed(e: &Entry) -> Result<Target> {
    let figure = match (e.measure, e.kernel) {
        (Measure::TimeVsNativeScalar, Some(op)) => Figure::TimeVsNativeScalar(op),
        (Measure::TimeVsNativeScalar, None) => bail!("time-vs-native-scalar needs a kernel"),
        (Measure::TimeVsCopy, Some(op)) => Figure::TimeVsCopy(op),
        (Measure::TimeVsCopy, None) => bail!("time-vs-copy needs a kernel"),
        (Measure::AddNs, None) => Figure::AddNs,
        (Measure::AddNs, Some(_)) => bail!("add-ns takes no kernel"),
    };
    let bound = match (e.at_most, e.below) {
        (Some(x), None) => Bound::AtMost(x),
        (None, Some(x)) => Bound::Below(x),
        _ => bail!("give exactly one of at_most and below"),
    };
    let named = match (e.builds, &e.build, &e.langs) {
        (Builds::Named, Some(build), Some(langs)) if !langs.is_empty() => Some((build.clone(), langs.clone())),
        (Builds::Named, _, _) => bail!("builds = \"named\" needs a build and a non-empty langs"),
        (_, None, None) => None,
        _ => bail!("build and langs go with builds = \"named\" only"),
    };
    Ok(Target { figure, builds: e.builds, named, bound })
}

impl Figure {
    fn of(self, t: &Timing) -> Option<f64> {
        match self {
            Figure::TimeVsNativeScalar(op) => t.image(op, FULL_HD)?.vs_native_scalar,
            Figure::TimeVsCopy(op) => t.image(op, FULL_HD)?.vs_floor,
            Figure::AddNs => Some(t.add_ns?.median),
        }
    }

    /// `rust/default ×1.16`, `cpp/tuned 19.8 ns`.
    fn show(self, id: &BuildId, x: f64) -> String {
        match self {
            Figure::TimeVsNativeScalar(_) | Figure::TimeVsCopy(_) => format!("{id} ×{x:.2}"),
            Figure::AddNs => format!("{id} {x:.1} ns"),
        }
    }
}

impl Bound {
    fn met(self, x: f64) -> bool {
        match self {
            Bound::AtMost(bound) => x <= bound,
            Bound::Below(bound) => x < bound,
        }
    }
}

impl Target {
    /// `grayscale: best scalar rust build ≤ 1.3× native scalar`.
    fn label(&self, who: &str) -> String {
        let bound = match self.bound {
            Bound::AtMost(x) => format!("≤ {x}"),
            Bound::Below(x) => format!("< {x}"),
        };
        match self.figure {
            Figure::TimeVsNativeScalar(op) => format!("{}: {who} {bound}× native scalar", op.name()),
            Figure::TimeVsCopy(op) => format!("{}: {who} {bound}× the copy floor", op.name()),
            Figure::AddNs => format!("add call overhead: {who} {bound} ns"),
        }
    }

    /// One (who, best build and its figure) per row this target makes.
    fn picks<'a>(&self, figures: &[Candidate<'a>]) -> Vec<(String, Option<(&'a BuildId, f64)>)> {
        let best = |keep: &dyn Fn(&Candidate) -> bool| {
            figures.iter().filter(|c| keep(c)).map(|c| (c.id, c.x)).min_by(|a, b| a.1.total_cmp(&b.1))
        };
        match self.builds {
            Builds::BestScalarPerLanguage => languages(figures)
                .into_iter()
                .map(|lang| (format!("best scalar {lang} build"), best(&|c| c.id.lang == lang && !c.simd)))
                .collect(),
            Builds::BestScalar => vec![("best scalar build overall".into(), best(&|c| !c.simd))],
            Builds::BestSimd => vec![("best SIMD build".into(), best(&|c| c.simd))],
            Builds::Best => vec![("best build".into(), best(&|_| true))],
            Builds::Named => {
                let (build, langs) = self.named.as_ref().expect("typed() gives a named target its build");
                langs
                    .iter()
                    .map(|lang| (format!("{lang}/{build}"), best(&|c| c.id.lang == *lang && c.id.build == *build)))
                    .collect()
            }
        }
    }
}

/// A build that ran cleanly, its figure for one target, and whether its
/// code uses SIMD (read from the module, not from the build's name).
struct Candidate<'a> {
    id: &'a BuildId,
    simd: bool,
    x: f64,
}

fn languages(figures: &[Candidate]) -> Vec<String> {
    let mut langs: Vec<String> = figures.iter().map(|c| c.id.lang.clone()).collect();
    langs.dedup();
    langs
}

/// Every target against this run: the builds that ran cleanly under
/// Cranelift, ladder steps included (a ladder step is a build too).
pub fn table(targets: &[Target], r: &BenchResults) -> Table {
    let mut t = Table::new(
        "Targets from comparisons/targets.toml (this run, Cranelift, 1080p; ×native scalar = time / native rust/ with auto-vectorization off; ×the copy floor = time / a native copy of the image)",
        &["target", "measured", "met"],
    );
    if let Some(e) = &r.baselines.native_scalar.error {
        t.notes.push(format!("native scalar baseline unavailable: {e}"));
    }
    for target in targets {
        let figures: Vec<Candidate> = r
            .on(EngineKind::Cranelift)
            .filter(|(_, m)| m.error.is_none())
            .filter_map(|(id, m)| Some(Candidate { id, simd: m.simd, x: target.figure.of(m)? }))
            .collect();
        for (who, pick) in target.picks(&figures) {
            match pick {
                Some((id, x)) => {
                    let met = if target.bound.met(x) { "yes" } else { "NO" };
                    t.row(vec![target.label(&who), target.figure.show(id, x), met.into()]);
                }
                // A named build that did not run is said, not skipped.
                None if target.builds == Builds::Named => {
                    t.row(vec![target.label(&who), "not measured in this run".into(), "–".into()])
                }
                None => {}
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::sample;

    #[test]
    fn the_committed_targets_file_parses() {
        let targets = load(&crate::load::repo_root().join(FILE)).unwrap();
        assert!(!targets.is_empty());
        assert!(targets.contains(&Target {
            figure: Figure::AddNs,
            builds: Builds::Best,
            named: None,
            bound: Bound::AtMost(30.0)
        }));
    }

    #[test]
    fn half_specified_targets_are_refused_with_their_number() {
        let ok = "[[target]]\nmeasure = \"add-ns\"\nbuilds = \"best\"\nat_most = 30.0\n";
        assert_eq!(parse(ok).unwrap().len(), 1);
        let no_kernel =
            format!("{ok}[[target]]\nmeasure = \"time-vs-native-scalar\"\nbuilds = \"best\"\nbelow = 1.0\n");
        let err = format!("{:#}", parse(&no_kernel).unwrap_err());
        assert!(err.contains("target 2: time-vs-native-scalar needs a kernel"), "{err}");
        let two_bounds = ok.replace("at_most = 30.0", "at_most = 30.0\nbelow = 1.0");
        assert!(format!("{:#}", parse(&two_bounds).unwrap_err()).contains("exactly one of at_most and below"));
        assert!(parse(&ok.replace("builds", "bulids")).is_err());
        let unnamed = ok.replace("\"best\"", "\"named\"");
        assert!(format!("{:#}", parse(&unnamed).unwrap_err()).contains("needs a build and a non-empty langs"));
        let stray = format!("{ok}build = \"simd\"\n");
        assert!(format!("{:#}", parse(&stray).unwrap_err()).contains("go with builds = \"named\" only"));
    }

    #[test]
    fn each_target_picks_its_best_build_and_says_if_the_bound_is_met() {
        let targets = parse(
            r#"
            [[target]]
            measure = "time-vs-native-scalar"
            kernel = "grayscale"
            builds = "best-scalar-per-language"
            at_most = 1.3
            [[target]]
            measure = "time-vs-native-scalar"
            kernel = "blur"
            builds = "best-scalar"
            at_most = 1.1
            [[target]]
            measure = "time-vs-native-scalar"
            kernel = "blur"
            builds = "best-simd"
            below = 1.0
            [[target]]
            measure = "add-ns"
            builds = "best"
            at_most = 30.0
            [[target]]
            measure = "time-vs-copy"
            kernel = "blur"
            builds = "named"
            build = "default"
            langs = ["rust", "go", "cpp"]
            at_most = 30.0
            "#,
        )
        .unwrap();
        let t = table(&targets, &sample::results());
        let rows: Vec<[&str; 3]> = t.rows.iter().map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str()]).collect();
        assert_eq!(
            rows,
            [
                ["grayscale: best scalar rust build ≤ 1.3× native scalar", "rust/ladder-01-release ×1.10", "yes"],
                ["grayscale: best scalar go build ≤ 1.3× native scalar", "go/default ×2.40", "NO"],
                ["blur: best scalar build overall ≤ 1.1× native scalar", "rust/default ×1.20", "NO"],
                ["blur: best SIMD build < 1× native scalar", "rust/simd ×0.25", "yes"],
                ["add call overhead: best build ≤ 30 ns", "rust/default 20.0 ns", "yes"],
                ["blur: rust/default ≤ 30× the copy floor", "rust/default ×24.00", "yes"],
                ["blur: go/default ≤ 30× the copy floor", "go/default ×50.00", "NO"],
                ["blur: cpp/default ≤ 30× the copy floor", "not measured in this run", "–"],
            ]
        );
        assert!(t.notes.is_empty());
    }

    #[test]
    fn a_build_whose_code_uses_simd_is_not_a_scalar_pick_whatever_its_name() {
        let scalar = parse("[[target]]\nmeasure = \"time-vs-native-scalar\"\nkernel = \"blur\"\nbuilds = \"best-scalar\"\nat_most = 1.1\n[[target]]\nmeasure = \"time-vs-native-scalar\"\nkernel = \"blur\"\nbuilds = \"best-simd\"\nbelow = 1.0\n").unwrap();
        let mut r = sample::results();
        let step = r.modules.iter_mut().find(|m| m.subject.to_string() == "rust/speed-01-plain").unwrap();
        step.simd = true;
        step.images.iter_mut().for_each(|i| i.vs_native_scalar = Some(0.1));
        let t = table(&scalar, &r);
        assert_eq!(t.rows[0][1], "rust/default ×1.20");
        assert_eq!(t.rows[1][1], "rust/speed-01-plain ×0.10");
    }
}
