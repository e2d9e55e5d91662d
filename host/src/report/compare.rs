//! `rosetta compare`: one run of verify, sizes and bench, written to
//! comparisons/ as Markdown, JSON and SVG charts, with the machine, the
//! toolchain versions and the date. Nothing in comparisons/ is typed by hand.
//!
//! What the browser side measured is folded in from target/web/ (`--web-dir`):
//! V8's timings as a column and a JS-baseline row of the speed tables, the
//! page's Chromium numbers as a table, the glue builds as size rows, and the
//! page's screenshot (comparisons/web.png). A file that is missing is one
//! note line; it never stops the run.

use super::targets::{self, Target};
use super::{agreement, charts, components, conformance, findings, sizes, speed, wasi, web, Table};
use crate::cli::CompareArgs;
use crate::load::catalog::{self, Build};
use crate::load::component::Built;
use crate::load::instance::{self, OtherRuntime, RuntimeKind};
use crate::load::runtime::{Budget, EngineKind, Limits, Runtime};
use crate::load::{self, repo_root};
use crate::measure::bench;
use crate::measure::components::ComponentTiming;
use crate::measure::sizes::{measure_all, SizeRow};
use crate::measure::timing::BenchResults;
use crate::measure::web::{self as web_files, WebResults};
use crate::verify::{self, ModuleResult};
use anyhow::{Context, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

#[derive(Serialize)]
struct Comparison<'a> {
    generated: String,
    machine: Machine,
    toolchains: Vec<(String, String)>,
    verify: &'a [ModuleResult],
    sizes: &'a [SizeRow],
    bench: &'a BenchResults,
    /// The kernel's other forms: WASI commands and components, verified, and
    /// the components sized and timed beside the core modules.
    forms: &'a Forms,
    /// The page's Chromium numbers and the glue builds' sizes (V8's timings
    /// are in `bench`), and a note per file of target/web/ that was missing.
    web: &'a WebResults,
    /// From comparisons/targets.toml; the scorecard, not part of results.json.
    #[serde(skip)]
    targets: &'a [Target],
    /// The page after a full run (web/e2e.mjs), linked from the README.
    #[serde(skip)]
    screenshot: Option<PathBuf>,
    /// With `--check-against`: how far this run agrees with the earlier one.
    #[serde(skip_serializing_if = "Option::is_none")]
    agreement: Option<agreement::Agreement>,
}

#[derive(Serialize)]
struct Forms {
    wasi: Vec<ModuleResult>,
    components: Vec<ModuleResult>,
    component_bench: Vec<ComponentTiming>,
    #[serde(skip)]
    built: Vec<Built>,
    /// Where the builds are: the forms table reads file sizes there.
    #[serde(skip)]
    build_dir: PathBuf,
}

/// The page's screenshot, committed beside the README.
const SCREENSHOT: &str = "web.png";
/// The same as web/e2e.mjs writes it into the web folder (target/web/).
const PAGE: &str = "page.png";

#[derive(Serialize)]
struct Machine {
    cpu: String,
    cores: usize,
    memory: String,
    os: String,
}

/// Verify, size and time `builds`, and write everything to `out`. Returns
/// whether every build passed verify.
pub fn command(builds: &[Build], build_dir: &Path, args: &CompareArgs) -> Result<bool> {
    let (out, quick) = (args.out.as_path(), args.quick);
    // Read the targets and the earlier run first: a typo there should not
    // cost a whole benchmark run.
    let targets = targets::load(&repo_root().join(targets::FILE))?;
    let previous = args.check_against.as_deref().map(agreement::read).transpose()?;
    let mut web = web_files::read(&args.web_dir);
    let screenshot = screenshot(&args.web_dir, &mut web.notes);
    let settings = bench::Settings::new(quick, args.seed, true);
    let (verified, size_rows, mut bench) = measure(builds, settings)?;
    bench.add_v8(&web.v8);
    let forms = measure_forms(builds, build_dir, quick)?;
    let mut toolchains = catalog::toolchains(build_dir);
    toolchains.extend(host_toolchain());
    let comparison = Comparison {
        generated: stamp(time::OffsetDateTime::now_utc()),
        machine: machine(),
        toolchains,
        verify: &verified,
        sizes: &size_rows,
        bench: &bench,
        forms: &forms,
        web: &web,
        targets: &targets,
        screenshot,
        agreement: previous.as_ref().map(|p| agreement::check(p, &bench)),
    };
    for note in web_notes(&comparison) {
        eprintln!("compare: {note}");
    }
    write_all(out, &comparison)?;
    // The front README quotes this run only when it is the committed one.
    if out == repo_root().join("comparisons") {
        update_readme(&repo_root().join("README.md"), &comparison)?;
    }
    println!("{}", conformance::summary(&verified));
    if let Some(a) = &comparison.agreement {
        println!("compare: {}", a.line());
    }
    println!("compare: wrote {}", out.display());
    let others = forms.wasi.iter().chain(&forms.components);
    Ok(verified.iter().chain(others).all(|v| v.passed()))
}

/// The WASI commands and components verified, the components timed.
fn measure_forms(builds: &[Build], build_dir: &Path, quick: bool) -> Result<Forms> {
    let runtime = Runtime::new(EngineKind::Cranelift, Limits::checked(Budget::DEFAULT, Duration::from_secs(60)))?;
    eprintln!("compare: verifying the WASI commands and components");
    let wasi = verify::wasi::verify_all(&runtime, &load::wasi::discover(build_dir, &[])?);
    let built = load::component::discover(build_dir, &[])?;
    let components = verify::components::verify_all(&runtime, &built);
    eprintln!("compare: timing the components beside the core modules");
    let component_bench = crate::measure::components::run(&built, builds, quick)?;
    Ok(Forms { wasi, components, component_bench, built, build_dir: build_dir.to_path_buf() })
}

/// The page's screenshot of this run (`just compare` runs web/e2e.mjs
/// first, which writes `page.png` into the web folder), else the committed
/// one, with a note that it is from an earlier run.
fn screenshot(web_dir: &Path, notes: &mut Vec<String>) -> Option<PathBuf> {
    let fresh = web_dir.join(PAGE);
    if fresh.is_file() {
        return Some(fresh);
    }
    let committed = Some(repo_root().join("comparisons").join(SCREENSHOT)).filter(|p| p.is_file())?;
    notes.push(format!(
        "page screenshot: from an earlier run (no {}: run `just -f web/justfile test`)",
        fresh.display()
    ));
    Some(committed)
}

/// One run of all three: verify, sizes, then bench on the builds that passed.
fn measure(builds: &[Build], settings: bench::Settings) -> Result<(Vec<ModuleResult>, Vec<SizeRow>, BenchResults)> {
    let runtime = Runtime::new(EngineKind::Cranelift, Limits::checked(Budget::DEFAULT, Duration::from_secs(60)))?;
    eprintln!("compare: verifying {} builds", builds.len());
    let verified = verify::verify_all(&runtime, builds);
    eprintln!("compare: measuring sizes");
    let size_rows = measure_all(builds);
    // Only builds that produce the right answers, with no lesson to teach, get timed.
    let good: Vec<Build> = builds.iter().zip(&verified).filter(|(_, v)| v.clean()).map(|(b, _)| b.clone()).collect();
    // wasmi and Wasmer (feature `runtimes`) time the languages' default builds only.
    let mut runtimes: Vec<RuntimeKind> = EngineKind::ALL.map(RuntimeKind::Wasmtime).to_vec();
    if instance::HAS_RUNTIMES {
        runtimes.extend(OtherRuntime::ALL.map(RuntimeKind::Other));
    } else {
        eprintln!("compare: wasmi and Wasmer not timed: {}", instance::WITHOUT_RUNTIMES);
    }
    let keep = |kind: RuntimeKind, b: &Build| matches!(kind, RuntimeKind::Wasmtime(_)) || b.id.build == "default";
    let bench = bench::run_scoped(&good, &runtimes, settings, &keep)?;
    Ok((verified, size_rows, bench))
}

/// `2026-11-24 17:03 UTC`: when the run was made, to the minute.
fn stamp(t: time::OffsetDateTime) -> String {
    format!("{}-{:02}-{:02} {:02}:{:02} UTC", t.year(), u8::from(t.month()), t.day(), t.hour(), t.minute())
}

fn write_all(out: &Path, c: &Comparison) -> Result<()> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    std::fs::write(out.join("results.json"), serde_json::to_string_pretty(c)?)?;
    let m = &c.machine;
    let footer = charts::Footer::new(&format!("{}, {} cores", m.cpu, m.cores), &c.generated, c.bench.quick);
    charts::sizes(&out.join("sizes.svg"), c.sizes, &footer)?;
    charts::speed(&out.join("speed.svg"), c.bench, &footer)?;
    charts::speed_ladder(&out.join("speed-ladder.svg"), c.bench, &footer)?;
    charts::ladder(&out.join("ladder.svg"), c.bench, &footer)?;
    charts::runtimes(&out.join("runtimes.svg"), c.bench, &footer)?;
    // This run's screenshot replaces the one beside the README (with another
    // --out, the README there links its own copy).
    if let Some(shot) = &c.screenshot {
        let copy = out.join(SCREENSHOT);
        let same = std::fs::canonicalize(shot).ok() == std::fs::canonicalize(&copy).ok();
        if !same {
            std::fs::copy(shot, &copy).with_context(|| format!("cannot copy {}", shot.display()))?;
        }
    }
    std::fs::write(out.join("README.md"), markdown(c))?;
    Ok(())
}

/// One line per browser-side input that is not there.
fn web_notes(c: &Comparison) -> Vec<String> {
    let mut notes = c.web.notes.clone();
    if c.screenshot.is_none() {
        notes.push(format!("page screenshot: none (run `just -f web/justfile test`, which writes target/web/{PAGE})"));
    }
    notes
}

/// The charts, each with the alt text that says what it plots.
const CHARTS: [(&str, &str); 5] = [
    ("raw and gzip size of every build, kB, log scale", "sizes.svg"),
    (
        "grayscale and blur time of every build in copies of the image (×copy floor), with the copy floor and native Rust as lines",
        "speed.svg",
    ),
    ("the speed ladder: size and ×copy floor time of each step that changes the kernels' source", "speed-ladder.svg"),
    ("the optimization ladders: size and ×copy floor time of each build step, per language", "ladder.svg"),
    ("blur time of each default build under every runtime, ×copy floor, log scale", "runtimes.svg"),
];

/// The benchmark mode line: how many rounds, how wide the intervals are.
fn mode(b: &BenchResults) -> String {
    let r = &b.rounds;
    let how = format!(
        "{} paired rounds ({} for the interpreters), modules shuffled per round with seed {}",
        r.compiled, r.interpreted, r.seed
    );
    if b.quick {
        format!("quick (--quick): {how}; its intervals are wide (the whole range of each module's rounds)")
    } else {
        format!("full: {how}; intervals are 95% intervals of the median of the per-round ratios")
    }
}

fn markdown(c: &Comparison) -> String {
    let mut md = String::from("# wasm-rosetta comparisons\n\n");
    md.push_str("Generated by `just compare` (`rosetta compare`); do not edit by hand.\n\n");
    md.push_str(&format!(
        "- Generated: {}\n- Machine: {}, {} cores, {} memory, {}\n- Benchmark mode: {}\n",
        c.generated,
        c.machine.cpu,
        c.machine.cores,
        c.machine.memory,
        c.machine.os,
        mode(c.bench)
    ));
    if let Some(a) = &c.agreement {
        md.push_str(&format!("- {}\n", a.line()));
    }
    for note in web_notes(c) {
        md.push_str(&format!("- {note}\n"));
    }
    md.push('\n');
    for (alt, svg) in CHARTS {
        md.push_str(&format!("![{alt}]({svg})\n\n"));
    }
    let mut size_table = sizes::table(c.sizes);
    web::add_glue_rows(&mut size_table, &c.web.glue_sizes);
    let mut tables = vec![
        toolchain_table(&c.toolchains),
        targets::table(c.targets, c.bench, c.sizes),
        conformance::table(c.verify),
        size_table,
    ];
    tables.extend(speed::tables(c.bench));
    tables.extend(c.web.pages().map(web::page_table));
    tables.extend(web::engines_table(c.web));
    tables.extend(form_tables(c));
    for t in tables.iter().filter(|t| !t.rows.is_empty()) {
        md.push_str(&t.markdown());
        md.push('\n');
    }
    if c.screenshot.is_some() {
        md.push_str(&format!("![the page in headless Chromium after a full run]({SCREENSHOT})\n"));
    }
    md
}

/// Every form per language, the WASI and component checks, the components'
/// sizes and their calls beside core calls.
fn form_tables(c: &Comparison) -> Vec<Table> {
    let f = c.forms;
    vec![
        components::forms(&f.build_dir, c.verify, &f.wasi, &f.components),
        wasi::table(&f.wasi),
        components::table(&f.components),
        components::sizes_table(&f.built),
        components::speed_table(&f.component_bench),
    ]
}

/// Replace the generated blocks of the front README (between
/// `<!-- rosetta:NAME -->` and `<!-- /rosetta:NAME -->`), so its numbers
/// come from this run too.
fn update_readme(path: &Path, c: &Comparison) -> Result<()> {
    let Ok(mut text) = std::fs::read_to_string(path) else {
        eprintln!("compare: no {} to update", path.display());
        return Ok(());
    };
    let stamp = format!(
        "_Measured {} on {} ({} cores); full tables in [comparisons/](comparisons/README.md)._\n\n",
        c.generated, c.machine.cpu, c.machine.cores
    );
    // The targets stay in comparisons/README.md: the front page shows results only.
    let blocks = [
        ("findings", findings::markdown(&serde_json::to_value(c)?)),
        ("sizes", format!("{stamp}{}", sizes::summary_table(c.sizes).markdown())),
        ("speed", format!("{stamp}{}", speed::summary_table(c.bench).markdown())),
        ("forms", format!("{stamp}{}", form_tables(c)[0].markdown())),
        ("components", format!("{stamp}{}", components::speed_table(&c.forms.component_bench).markdown())),
    ];
    for (name, body) in blocks {
        text = replace_block(&text, name, &body);
    }
    std::fs::write(path, text)?;
    Ok(())
}

fn replace_block(text: &str, name: &str, body: &str) -> String {
    let (open, close) = (format!("<!-- rosetta:{name} -->"), format!("<!-- /rosetta:{name} -->"));
    match (text.find(&open), text.find(&close)) {
        (Some(a), Some(b)) if a < b => format!("{}{open}\n{body}\n{}", &text[..a], &text[b..]),
        _ => text.to_string(),
    }
}

fn toolchain_table(toolchains: &[(String, String)]) -> Table {
    let mut t = Table::new("Toolchains", &["language", "versions"]);
    for (lang, versions) in toolchains {
        t.row(vec![lang.clone(), versions.replace('\n', "; ")]);
    }
    t
}

fn machine() -> Machine {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let os = std::fs::read_to_string("/etc/os-release").unwrap_or_default();
    let field = |text: &str, key: &str| {
        text.lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_once([':', '=']))
            .map(|(_, v)| v.trim().trim_matches('"').to_string())
            .unwrap_or_else(|| "unknown".into())
    };
    let mem_kb: f64 = field(&meminfo, "MemTotal").trim_end_matches(" kB").parse().unwrap_or(0.0);
    Machine {
        cpu: field(&cpuinfo, "model name"),
        cores: std::thread::available_parallelism().map(|n| n.get()).unwrap_or(1),
        memory: format!("{:.0} GiB", mem_kb / 1024.0 / 1024.0),
        os: field(&os, "PRETTY_NAME"),
    }
}

/// The runtimes of the runtime table, with their versions from Cargo.lock.
fn runtime_versions() -> String {
    let v = |krate: &str| instance::crate_version(krate).unwrap_or_else(|| "unknown".into());
    let others = if instance::HAS_RUNTIMES {
        format!("wasmi {} (interpreter); wasmer {} (Cranelift, Singlepass)", v("wasmi"), v("wasmer"))
    } else {
        format!("wasmi, Wasmer: {}", instance::WITHOUT_RUNTIMES)
    };
    format!(
        "wasmtime {} (Cranelift, Winch, Pulley); {others}; V8: Node's, from web/ (target/web/v8.json); {}: {}",
        v("wasmtime"),
        instance::WASMEDGE.0,
        instance::WASMEDGE.1
    )
}

fn host_toolchain() -> Vec<(String, String)> {
    let lock = std::fs::read_to_string(repo_root().join("Cargo.lock")).unwrap_or_default();
    let wasmtime = lock
        .split("[[package]]")
        .find(|p| p.contains("name = \"wasmtime\"\n"))
        .and_then(|p| p.lines().find(|l| l.starts_with("version")))
        .map(|l| l.trim_start_matches("version = ").trim_matches('"').to_string())
        .unwrap_or_else(|| "unknown".into());
    vec![
        (
            "host".into(),
            format!(
                "{}; wasmtime {wasmtime}; {}",
                command_output("rustc", &["--version"]),
                command_output("wasm-opt", &["--version"])
            ),
        ),
        ("runtimes".into(), runtime_versions()),
    ]
}

fn command_output(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_else(|| format!("{cmd}: not found"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::catalog::BuildId;
    use crate::measure::sample;

    fn size_row(lang: &str, build: &str, raw: usize) -> SizeRow {
        SizeRow {
            raw: Some(raw),
            wasm_opt_oz: Some(raw - 100),
            stripped: Some(raw - 50),
            gzip: Some(raw / 2),
            brotli: Some(raw / 3),
            ..SizeRow::new(BuildId::new(lang, build))
        }
    }

    fn comparison<'a>(bench: &'a BenchResults, sizes: &'a [SizeRow], targets: &'a [Target]) -> Comparison<'a> {
        Comparison {
            generated: stamp(time::OffsetDateTime::UNIX_EPOCH),
            machine: Machine { cpu: "Test CPU".into(), cores: 2, memory: "1 GiB".into(), os: "Test OS".into() },
            toolchains: vec![("rust".into(), "rustc 1.95.0".into())],
            verify: &[],
            sizes,
            bench,
            forms: Box::leak(Box::new(Forms {
                wasi: Vec::new(),
                components: Vec::new(),
                component_bench: Vec::new(),
                built: Vec::new(),
                build_dir: PathBuf::new(),
            })),
            web: &NO_WEB,
            targets,
            screenshot: None,
            agreement: None,
        }
    }

    static NO_WEB: WebResults = WebResults {
        v8: Vec::new(),
        chromium: None,
        firefox: None,
        webkit: None,
        glue_sizes: Vec::new(),
        notes: Vec::new(),
    };

    #[test]
    fn generated_blocks_are_replaced_and_the_rest_kept() {
        let text = "intro\n<!-- rosetta:sizes -->\nold\n<!-- /rosetta:sizes -->\noutro\n";
        let out = super::replace_block(text, "sizes", "new");
        assert_eq!(out, "intro\n<!-- rosetta:sizes -->\nnew\n<!-- /rosetta:sizes -->\noutro\n");
        assert_eq!(super::replace_block("no markers", "sizes", "x"), "no markers");
    }

    #[test]
    fn the_stamp_is_utc_to_the_minute() {
        let t = time::OffsetDateTime::from_unix_timestamp(1_795_000_000).unwrap();
        assert_eq!(stamp(t), "2026-11-18 11:06 UTC");
    }

    #[test]
    fn the_readme_blocks_get_this_runs_summaries_and_no_targets() {
        let dir = tempfile::tempdir().unwrap();
        let readme = dir.path().join("README.md");
        let old = "# Title\n<!-- rosetta:sizes -->\nold sizes\n<!-- /rosetta:sizes -->\nprose\n\
                   <!-- rosetta:speed -->\nold speed\n### Targets\n<!-- /rosetta:speed -->\nend\n";
        std::fs::write(&readme, old).unwrap();
        let (bench, sizes) =
            (sample::results(), [size_row("rust", "default", 1234), size_row("rust", "ladder-01-a", 9)]);
        let targets = targets::parse("[[target]]\nmeasure = \"add-ns\"\nbuilds = \"best\"\nat_most = 30.0\n").unwrap();
        update_readme(&readme, &comparison(&bench, &sizes, &targets)).unwrap();
        let text = std::fs::read_to_string(&readme).unwrap();
        assert!(
            text.starts_with("# Title\n<!-- rosetta:sizes -->\n_Measured 1970-01-01 00:00 UTC on Test CPU (2 cores)")
        );
        assert!(text.contains("\n<!-- /rosetta:sizes -->\nprose\n<!-- rosetta:speed -->\n_Measured"), "{text}");
        assert!(text.ends_with("<!-- /rosetta:speed -->\nend\n"), "{text}");
        assert!(text.contains("| rust/default | 1234 | 1134 | 617 | 411 | none |"), "{text}");
        assert!(
            text.contains("| rust/default | 1.50 | 1.50 | 1.20 | 3.00 | 3.00 | 6.00 | 1.20 | 24.0 | 20.0 |"),
            "{text}"
        );
        assert!(!text.contains("ladder") && !text.contains("old ") && !text.contains("Targets"), "{text}");
    }

    #[test]
    fn one_run_writes_json_charts_and_markdown_to_the_out_folder() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("comparisons");
        let (bench, sizes) = (sample::results(), [size_row("rust", "default", 1234)]);
        write_all(&out, &comparison(&bench, &sizes, &[])).unwrap();
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.join("results.json")).unwrap()).unwrap();
        assert_eq!(json["generated"], "1970-01-01 00:00 UTC");
        assert_eq!(json["sizes"][0]["module"], "rust/default");
        assert_eq!(json["bench"]["modules"][1]["module"], "rust/simd");
        assert!(json.get("targets").is_none(), "the scorecard is Markdown only");
        for svg in ["sizes.svg", "speed.svg", "ladder.svg", "runtimes.svg", "speed-ladder.svg"] {
            assert!(std::fs::read_to_string(out.join(svg)).unwrap().starts_with("<svg"), "{svg}");
        }
        assert!(std::fs::read_to_string(out.join("README.md")).unwrap().contains("do not edit by hand"));
    }

    #[test]
    fn the_web_numbers_fold_into_the_readme_and_results_json() {
        let web_dir = tempfile::tempdir().unwrap();
        crate::measure::web::sample::write(web_dir.path());
        let web = web_files::read(web_dir.path());
        let mut bench = sample::results();
        bench.add_v8(&web.v8);
        let sizes = [size_row("rust", "default", 1234)];
        let shot = tempfile::NamedTempFile::new().unwrap();
        let c =
            Comparison { web: &web, screenshot: Some(shot.path().to_path_buf()), ..comparison(&bench, &sizes, &[]) };
        let md = markdown(&c);
        assert!(md.contains("| grayscale 1080p ms (v8) |"), "{md}");
        assert!(md.contains("| js/fallback (plain JS under V8) | – | – | – | – | 10.00 (9.00–11.00) ×5.00 |"), "{md}");
        assert!(
            md.contains("| js/fallback (plain JS under V8) | – | – | – | – | 10.00 (9.00–11.00) ×5.00 | 40.00"),
            "{md}"
        );
        assert!(md.contains("### The page in headless Chromium 156.0.1"), "{md}");
        assert!(md.contains("| rust/bindgen | wasm + JS glue | 29.0 | 4.0 (4.0–4.0) | 43.5 (43.5–43.5) |"), "{md}");
        assert!(md.contains("| rust/bindgen (wasm only) | 19843 | – | – | 9060 |"), "{md}");
        assert!(md.contains("| rust/bindgen (with JS glue) | 28979 | – | – | 11748 |"), "{md}");
        assert!(md.contains("![the page in headless Chromium after a full run](web.png)"), "{md}");
        assert!(!md.contains(": none (run"), "{md}");
        let out = tempfile::tempdir().unwrap();
        write_all(out.path(), &c).unwrap();
        assert!(out.path().join("web.png").is_file(), "the screenshot is copied beside the README");
        let json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(out.path().join("results.json")).unwrap()).unwrap();
        assert_eq!(json["web"]["chromium"]["rows"][2]["module"], "rust/bindgen");
        assert_eq!(json["web"]["glue_sizes"][0]["total"]["raw"], 28979);
        assert!(json["bench"]["modules"].as_array().unwrap().iter().any(|m| m["engine"] == "v8"));
    }

    #[test]
    fn this_runs_screenshot_replaces_the_one_beside_the_readme() {
        let web_dir = tempfile::tempdir().unwrap();
        std::fs::write(web_dir.path().join(PAGE), b"this run").unwrap();
        let mut notes = Vec::new();
        let shot = screenshot(web_dir.path(), &mut notes);
        assert_eq!(shot, Some(web_dir.path().join(PAGE)));
        assert!(notes.is_empty(), "{notes:?}");
        let out = tempfile::tempdir().unwrap();
        std::fs::write(out.path().join(SCREENSHOT), b"an earlier run").unwrap();
        let (bench, sizes) = (sample::results(), [size_row("rust", "default", 1234)]);
        write_all(out.path(), &Comparison { screenshot: shot, ..comparison(&bench, &sizes, &[]) }).unwrap();
        assert_eq!(std::fs::read(out.path().join(SCREENSHOT)).unwrap(), b"this run");
    }

    #[test]
    fn missing_web_files_are_one_note_line_each_and_the_rest_is_written() {
        let web_dir = tempfile::tempdir().unwrap();
        std::fs::write(web_dir.path().join("sizes.json"), crate::measure::web::sample::SIZES).unwrap();
        let web = web_files::read(web_dir.path());
        let mut bench = sample::results();
        bench.add_v8(&web.v8);
        let sizes = [size_row("rust", "default", 1234)];
        let c = Comparison { web: &web, ..comparison(&bench, &sizes, &[]) };
        let md = markdown(&c);
        assert!(md.contains("- Benchmark mode: quick (--quick): ") && md.contains("its intervals are wide"), "{md}");
        assert!(md.contains("wide (the whole range of each module's rounds)\n- V8 numbers: none (run `just -f web/justfile bench`)\n- Chromium numbers: none (run `just -f web/justfile test`)\n- Firefox numbers: none (run `just -f web/justfile test`)\n- WebKit numbers: none (run `just -f web/justfile test`)\n- page screenshot: none"), "{md}");
        assert_eq!(md.matches("V8 numbers: none").count(), 1, "{md}");
        assert!(!md.contains("glue-build sizes: none") && md.contains("| rust/bindgen (wasm only) |"), "{md}");
        assert!(!md.contains("(v8)") && !md.contains("js/fallback") && !md.contains("](web.png)"), "{md}");
        assert!(md.contains("### Speed under Cranelift") && md.contains("### Engines"), "{md}");
        let out = tempfile::tempdir().unwrap();
        write_all(out.path(), &c).unwrap();
        assert!(!out.path().join("web.png").exists());
    }

    #[test]
    fn the_comparisons_readme_holds_the_scorecard_and_every_table() {
        let (bench, sizes) = (sample::results(), [size_row("rust", "default", 1234)]);
        let targets = targets::parse("[[target]]\nmeasure = \"add-ns\"\nbuilds = \"best\"\nat_most = 30.0\n").unwrap();
        let md = markdown(&comparison(&bench, &sizes, &targets));
        assert!(md.contains("- Generated: 1970-01-01 00:00 UTC\n- Machine: Test CPU, 2 cores, 1 GiB memory, Test OS"));
        assert!(md.contains("| add call overhead: best build ≤ 30 ns | rust/default 20.0 ns | yes |"), "{md}");
        for title in
            ["### Toolchains", "### Sizes in bytes", "### Speed under Cranelift", "### Optimization ladder: rust"]
        {
            assert!(md.contains(title), "no {title} in {md}");
        }
        assert!(!md.contains("### Conformance"), "a table with no rows is left out: {md}");
    }
}
