//! The scorecard: a run held against the targets in comparisons/targets.toml.
//! Targets are data (that file says what each field means), so an old
//! issue's goals never live in the host's code.
//!
//! A time target is met ("yes") only when the whole 95% interval of the
//! build's per-round ratio is within the bound, missed ("NO") only when the
//! whole interval is beyond it, and otherwise "within noise": this run
//! cannot tell. A size is exact: yes or NO.

use super::Table;
use crate::load::catalog::BuildId;
use crate::load::kernel::Op;
use crate::load::runtime::EngineKind;
use crate::measure::peers::peer_name;
use crate::measure::sizes::SizeRow;
use crate::measure::stats::Interval;
use crate::measure::timing::{BenchResults, Native, Timing, FULL_HD};
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::Path;

/// Where the targets live, from the repository root.
pub const FILE: &str = "comparisons/targets.toml";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Measure {
    TimeVsNativeScalar,
    TimeVsPeer,
    AddNs,
    RawBytes,
}

/// Which build's figure a target is held against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Builds {
    /// Each language's fastest non-SIMD build (of `langs`, if given).
    BestScalarPerLanguage,
    /// Each language's fastest build (of `langs`, if given).
    BestPerLanguage,
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
    TimeVsPeer(Op),
    AddNs,
    RawBytes,
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
    /// For `Builds::Named`: the build.
    pub build: Option<String>,
    /// The languages it is about (all, if none).
    pub langs: Option<Vec<String>>,
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
        (Measure::TimeVsPeer, Some(op)) => Figure::TimeVsPeer(op),
        (Measure::TimeVsNativeScalar | Measure::TimeVsPeer, None) => bail!("a time-vs-* measure needs a kernel"),
        (Measure::AddNs, None) => Figure::AddNs,
        (Measure::RawBytes, None) => Figure::RawBytes,
        (Measure::AddNs | Measure::RawBytes, Some(_)) => bail!("add-ns and raw-bytes take no kernel"),
    };
    let bound = match (e.at_most, e.below) {
        (Some(x), None) => Bound::AtMost(x),
        (None, Some(x)) => Bound::Below(x),
        _ => bail!("give exactly one of at_most and below"),
    };
    match (e.builds, &e.build, &e.langs) {
        (Builds::Named, Some(_), Some(langs)) if !langs.is_empty() => {}
        (Builds::Named, _, _) => bail!("builds = \"named\" needs a build and a non-empty langs"),
        (_, Some(_), _) => bail!("build and langs go with builds = \"named\" only"),
        (Builds::BestScalarPerLanguage | Builds::BestPerLanguage, None, _) => {}
        (_, None, Some(_)) => bail!("langs goes with builds = \"named\" or a per-language pick only"),
        (_, None, None) => {}
    }
    Ok(Target { figure, builds: e.builds, build: e.build.clone(), langs: e.langs.clone(), bound })
}

/// A figure and, for a time, the interval of its per-round ratio.
#[derive(Debug, Clone, Copy)]
struct Value {
    x: f64,
    interval: Option<Interval>,
}

impl Figure {
    fn of(self, t: &Timing) -> Option<Value> {
        let ratio = |op: Op, against: Native| {
            let i = t.image(op, FULL_HD)?;
            Some(Value { x: i.vs(against)?, interval: i.ratio(against) })
        };
        match self {
            Figure::TimeVsNativeScalar(op) => ratio(op, Native::Scalar),
            Figure::TimeVsPeer(op) => ratio(op, Native::Peer),
            Figure::AddNs => Some(Value { x: t.add_ns?.median, interval: None }),
            Figure::RawBytes => Some(Value { x: t.raw_bytes? as f64, interval: None }),
        }
    }

    /// `rust/default ×1.16 [1.10–1.20]`, `cpp/tuned 19.8 ns`, `rust/tuned 2999 bytes`.
    fn show(self, id: &BuildId, v: Value) -> String {
        match self {
            Figure::TimeVsNativeScalar(_) | Figure::TimeVsPeer(_) => match v.interval {
                Some(i) => format!("{id} ×{}", i.show(2)),
                None => format!("{id} ×{:.2}", v.x),
            },
            Figure::AddNs => format!("{id} {:.1} ns", v.x),
            Figure::RawBytes => format!("{id} {} bytes", v.x),
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

    /// yes when the whole interval is within the bound, NO when the whole
    /// interval is beyond it, else within noise.
    fn verdict(self, v: Value) -> &'static str {
        let (lo, hi) = v.interval.map_or((v.x, v.x), |i| (i.lo, i.hi));
        match (self.met(lo), self.met(hi)) {
            (true, true) => "yes",
            (false, false) => "NO",
            _ => "within noise",
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
            Figure::TimeVsPeer(Op::Grayscale) => format!(
                "grayscale: {who} {bound}× {} (Pillow writes one byte a pixel, the kernel four)",
                peer_name(Op::Grayscale)
            ),
            Figure::TimeVsPeer(op) => format!("{}: {who} {bound}× {}", op.name(), peer_name(op)),
            Figure::AddNs => format!("add call overhead: {who} {bound} ns"),
            Figure::RawBytes => format!("size: {who} {bound} raw bytes"),
        }
    }

    fn about(&self, lang: &str) -> bool {
        self.langs.as_ref().is_none_or(|langs| langs.iter().any(|l| l == lang))
    }

    /// One (who, best build and its figure) per row this target makes.
    fn picks<'a>(&self, figures: &[Candidate<'a>]) -> Vec<(String, Option<(&'a BuildId, Value)>)> {
        let best = |keep: &dyn Fn(&Candidate) -> bool| {
            figures.iter().filter(|c| keep(c)).map(|c| (c.id, c.v)).min_by(|a, b| a.1.x.total_cmp(&b.1.x))
        };
        let langs = || match &self.langs {
            Some(langs) => langs.clone(),
            None => languages(figures),
        };
        match self.builds {
            Builds::BestScalarPerLanguage => langs()
                .into_iter()
                .map(|lang| (format!("best scalar {lang} build"), best(&|c| c.id.lang == lang && !c.simd)))
                .collect(),
            Builds::BestPerLanguage => {
                langs().into_iter().map(|lang| (format!("best {lang} build"), best(&|c| c.id.lang == lang))).collect()
            }
            Builds::BestScalar => {
                vec![("best scalar build overall".into(), best(&|c| !c.simd && self.about(&c.id.lang)))]
            }
            Builds::BestSimd => vec![("best SIMD build".into(), best(&|c| c.simd && self.about(&c.id.lang)))],
            Builds::Best => vec![("best build".into(), best(&|c| self.about(&c.id.lang)))],
            Builds::Named => {
                let build = self.build.as_deref().expect("typed() gives a named target its build");
                langs()
                    .iter()
                    .map(|lang| (format!("{lang}/{build}"), best(&|c| c.id.lang == *lang && c.id.build == build)))
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
    v: Value,
}

fn languages(figures: &[Candidate]) -> Vec<String> {
    let mut langs: Vec<String> = figures.iter().map(|c| c.id.lang.clone()).collect();
    langs.dedup();
    langs
}

/// Every target against this run: the builds that ran cleanly under
/// Cranelift, ladder steps included (a ladder step is a build too); sizes
/// from the size table.
pub fn table(targets: &[Target], r: &BenchResults, sizes: &[SizeRow]) -> Table {
    let mut t = Table::new(
        "Targets from comparisons/targets.toml (this run, Cranelift, 1080p; ×native scalar = time / native rust/ with auto-vectorization off; ×peer = time / OpenCV's or Pillow's, one thread; each the median of per-round ratios [95% interval]; yes or NO only when the whole interval is on one side of the bound, else within noise)",
        &["target", "measured", "met"],
    );
    for (which, row) in [(Native::Scalar, &r.baselines.native_scalar), (Native::Peer, &r.baselines.peer)] {
        if let Some(e) = &row.error {
            t.notes.push(format!("{} baseline unavailable: {e}", which.key()));
        }
    }
    for target in targets {
        let figures: Vec<Candidate> = match target.figure {
            Figure::RawBytes => sizes
                .iter()
                .filter_map(|s| {
                    Some(Candidate { id: &s.module, simd: false, v: Value { x: s.raw? as f64, interval: None } })
                })
                .collect(),
            figure => r
                .on(EngineKind::Cranelift)
                .filter(|(_, m)| m.error.is_none())
                .filter_map(|(id, m)| Some(Candidate { id, simd: m.simd, v: figure.of(m)? }))
                .collect(),
        };
        for (who, pick) in target.picks(&figures) {
            match pick {
                Some((id, v)) => {
                    t.row(vec![target.label(&who), target.figure.show(id, v), target.bound.verdict(v).into()])
                }
                // A build that did not run is said, not skipped.
                None => t.row(vec![target.label(&who), "not measured in this run".into(), "–".into()]),
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::sample;
    use crate::measure::timing::ImageTiming;

    #[test]
    fn the_committed_targets_file_parses() {
        let targets = load(&crate::load::repo_root().join(FILE)).unwrap();
        assert!(!targets.is_empty());
        assert!(targets.iter().any(|t| t.figure == Figure::RawBytes && t.bound == Bound::AtMost(2048.0)));
        assert!(targets.iter().any(|t| t.figure == Figure::TimeVsPeer(Op::Blur)));
    }

    #[test]
    fn half_specified_targets_are_refused_with_their_number() {
        let ok = "[[target]]\nmeasure = \"add-ns\"\nbuilds = \"best\"\nat_most = 30.0\n";
        assert_eq!(parse(ok).unwrap().len(), 1);
        let no_kernel =
            format!("{ok}[[target]]\nmeasure = \"time-vs-native-scalar\"\nbuilds = \"best\"\nbelow = 1.0\n");
        let err = format!("{:#}", parse(&no_kernel).unwrap_err());
        assert!(err.contains("target 2: a time-vs-* measure needs a kernel"), "{err}");
        let two_bounds = ok.replace("at_most = 30.0", "at_most = 30.0\nbelow = 1.0");
        assert!(format!("{:#}", parse(&two_bounds).unwrap_err()).contains("exactly one of at_most and below"));
        assert!(parse(&ok.replace("builds", "bulids")).is_err());
        let unnamed = ok.replace("\"best\"", "\"named\"");
        assert!(format!("{:#}", parse(&unnamed).unwrap_err()).contains("needs a build and a non-empty langs"));
        let stray = format!("{ok}build = \"simd\"\n");
        assert!(format!("{:#}", parse(&stray).unwrap_err()).contains("go with builds = \"named\" only"));
        assert!(
            parse("[[target]]\nmeasure = \"time-vs-copy\"\nkernel = \"blur\"\nbuilds = \"best\"\nat_most = 2.0\n")
                .is_err(),
            "no target is a multiple of the copy floor"
        );
    }

    fn size_row(lang: &str, build: &str, raw: usize) -> SizeRow {
        SizeRow { raw: Some(raw), ..SizeRow::new(BuildId::new(lang, build)) }
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
            measure = "time-vs-peer"
            kernel = "blur"
            builds = "named"
            build = "default"
            langs = ["rust", "go", "cpp"]
            at_most = 5.0
            [[target]]
            measure = "time-vs-peer"
            kernel = "grayscale"
            builds = "best-per-language"
            langs = ["rust"]
            at_most = 0.8
            [[target]]
            measure = "raw-bytes"
            builds = "named"
            build = "tuned"
            langs = ["rust", "cpp"]
            at_most = 2048.0
            "#,
        )
        .unwrap();
        let sizes = [size_row("rust", "tuned", 2999), size_row("cpp", "tuned", 2048), size_row("cpp", "default", 9)];
        let t = table(&targets, &sample::results(), &sizes);
        let rows: Vec<[&str; 3]> = t.rows.iter().map(|r| [r[0].as_str(), r[1].as_str(), r[2].as_str()]).collect();
        let pillow =
            "grayscale: best rust build ≤ 0.8× Pillow convert(\"L\") (Pillow writes one byte a pixel, the kernel four)";
        assert_eq!(
            rows,
            [
                ["grayscale: best scalar rust build ≤ 1.3× native scalar", "rust/ladder-01-release ×1.10", "yes"],
                ["grayscale: best scalar go build ≤ 1.3× native scalar", "go/default ×2.40", "NO"],
                ["blur: best scalar build overall ≤ 1.1× native scalar", "rust/default ×1.20", "NO"],
                ["blur: best SIMD build < 1× native scalar", "rust/simd ×0.25", "yes"],
                ["add call overhead: best build ≤ 30 ns", "rust/default 20.0 ns", "yes"],
                ["blur: rust/default ≤ 5× OpenCV cv2.blur", "rust/default ×3.00", "yes"],
                ["blur: go/default ≤ 5× OpenCV cv2.blur", "go/default ×6.25", "NO"],
                ["blur: cpp/default ≤ 5× OpenCV cv2.blur", "not measured in this run", "–"],
                [pillow, "rust/simd ×0.25", "yes"],
                ["size: rust/tuned ≤ 2048 raw bytes", "rust/tuned 2999 bytes", "NO"],
                ["size: cpp/tuned ≤ 2048 raw bytes", "cpp/tuned 2048 bytes", "yes"],
            ]
        );
        assert!(t.notes.is_empty(), "{:?}", t.notes);
    }

    #[test]
    fn an_interval_across_the_bound_is_within_noise() {
        let targets = parse("[[target]]\nmeasure = \"time-vs-native-scalar\"\nkernel = \"blur\"\nbuilds = \"named\"\nbuild = \"default\"\nlangs = [\"rust\"]\nat_most = 1.25\n").unwrap();
        let verdict = |ratios: Vec<f64>| {
            let mut r = sample::results();
            let rust = r.modules.iter_mut().find(|m| m.subject.to_string() == "rust/default").unwrap();
            let blur = rust.images.iter_mut().find(|i| i.op == Op::Blur && i.size == FULL_HD).unwrap();
            *blur = ImageTiming::paired(Op::Blur, FULL_HD, vec![24.0], &[(Native::Scalar, ratios)]);
            let r = BenchResults::new(true, r.baselines, r.modules);
            let t = table(&targets, &r, &[]);
            (t.rows[0][1].clone(), t.rows[0][2].clone())
        };
        assert_eq!(verdict(vec![1.1, 1.2, 1.3]), ("rust/default ×1.20 [1.10–1.30]".into(), "within noise".into()));
        assert_eq!(verdict(vec![1.1, 1.2, 1.24]).1, "yes");
        assert_eq!(verdict(vec![1.26, 1.3, 1.4]).1, "NO");
    }

    #[test]
    fn a_build_whose_code_uses_simd_is_not_a_scalar_pick_whatever_its_name() {
        let scalar = parse("[[target]]\nmeasure = \"time-vs-native-scalar\"\nkernel = \"blur\"\nbuilds = \"best-scalar\"\nat_most = 1.1\n[[target]]\nmeasure = \"time-vs-native-scalar\"\nkernel = \"blur\"\nbuilds = \"best-simd\"\nbelow = 1.0\n").unwrap();
        let mut r = sample::results();
        let step = r.modules.iter_mut().find(|m| m.subject.to_string() == "rust/speed-01-plain").unwrap();
        step.simd = true;
        step.images.iter_mut().for_each(|i| i.vs_native_scalar = Some(0.1));
        let t = table(&scalar, &r, &[]);
        assert_eq!(t.rows[0][1], "rust/default ×1.20");
        assert_eq!(t.rows[1][1], "rust/speed-01-plain ×0.10");
    }
}
