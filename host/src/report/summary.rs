//! `rosetta all`: what `just all` ends with. Verify and size every build,
//! then tell a newcomer in a few lines what just happened and what to try.

use super::{conformance, sizes, Format};
use crate::load::catalog::{self, Build};
use crate::load::runtime::Runtime;
use crate::measure::sizes::{measure_all, SizeRow};
use crate::verify::{self, ModuleResult};
use std::path::Path;

/// The closing block: counts, toolchains, the short size table, next steps;
/// wrapped to a projector's width unless `wide`.
pub fn text(build_dir: &Path, builds: &[Build], verified: &[ModuleResult], sizes: &[SizeRow], wide: bool) -> String {
    let width = if wide { usize::MAX } else { usize::from(super::NARROW) };
    let para = |text: String| format!("{}\n", textwrap::fill(&text, width));
    let mut out = String::from("\n== What just happened ==\n");
    let passed: Vec<_> = verified.iter().filter(|r| r.passed() && r.unavailable.is_none()).collect();
    let folders = languages(builds);
    out.push_str(&para(format!(
        "{} of {} modules, built by {} language folders ({}), gave outputs identical to the host's reference.",
        passed.len(),
        verified.iter().filter(|r| r.unavailable.is_none()).count(),
        folders.len(),
        folders.join(", "),
    )));
    let expected: Vec<String> = passed.iter().filter(|r| !r.clean()).map(|r| r.module.to_string()).collect();
    if !expected.is_empty() {
        out.push_str(&para(format!(
            "{} of them are lessons that miss a check on purpose (see their .expect): {}.",
            expected.len(),
            expected.join(", ")
        )));
    }
    let unavailable: Vec<String> =
        verified.iter().filter(|r| r.unavailable.is_some()).map(|r| r.module.to_string()).collect();
    if !unavailable.is_empty() {
        out.push_str(&para(format!("Unavailable here (the tables say why): {}.", unavailable.join(", "))));
    }
    out.push_str("\nToolchains (build/<lang>/toolchain.txt):\n");
    // A long line of versions continues under the versions.
    let wrap = textwrap::Options::new(width).subsequent_indent("                  ");
    for (lang, versions) in catalog::toolchains(build_dir) {
        let line = format!("  {lang:<15} {}", versions.replace('\n', ", "));
        out.push_str(&format!("{}\n", textwrap::fill(&line, &wrap)));
    }
    out.push('\n');
    let table = sizes::summary_table(sizes);
    out.push_str(&if wide { table.terminal() } else { table.narrow() });
    out.push_str(NEXT);
    out
}

const NEXT: &str = "
Where to look:
  comparisons/README.md, comparisons/*.svg   tables and charts of the last `just compare`
  build/<lang>/<build>.flags                 the exact command behind every module
Try next:
  just sizes                  every build, ladders included, and where the bytes go
  just bench --quick          speed beside native Rust (a minute or two)
  just image --lang rust --build tuned --op blur in.png out.png
  just verify --module my.wasm    check your own module against the contract
  just test                   every language's own tests, lint, and the host's tests
";

/// The language folders that built something, in name order.
fn languages(builds: &[Build]) -> Vec<String> {
    let mut langs: Vec<String> = builds.iter().map(|b| b.id.lang.clone()).collect();
    langs.dedup();
    langs
}

/// Verify, then sizes, then the summary; the verify and size tables first.
pub fn run(build_dir: &Path, builds: &[Build], runtime: &Runtime, wide: bool) -> anyhow::Result<bool> {
    let verified = verify::verify_all(runtime, builds);
    super::print(Format::Table, wide, &verified, &[conformance::table(&verified)])?;
    println!("{}", conformance::summary(&verified));
    let rows = measure_all(builds);
    print!("{}", text(build_dir, builds, &verified, &rows, wide));
    Ok(verified.iter().all(ModuleResult::passed))
}
