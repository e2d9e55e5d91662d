//! The component tables of `verify`: every component's checks, and one row
//! per language with every form its kernel takes (core module, WASI
//! command, calculator component, kernel component).

use super::Table;
use crate::load::component::Built;
use crate::load::inspect;
use crate::load::kernel::Op;
use crate::measure::components::ComponentTiming;
use crate::measure::stats::Stats;
use crate::verify::components::check_names;
use crate::verify::{ModuleResult, Outcome};
use std::path::Path;

/// One row per component, a column per check; the calculator world has
/// only `add`, so its other cells are `–`.
pub fn table(results: &[ModuleResult]) -> Table {
    let names = check_names();
    let mut headers = vec!["component"];
    headers.extend(&names);
    let title = "Components (rosetta verify: the worlds of contract/wit/, with the core checks through WIT types)";
    let mut table = Table::new(title, &headers);
    for r in results {
        let mut row = vec![r.module.to_string()];
        match &r.unavailable {
            Some(reason) => {
                row.push(format!("unavailable: {reason}"));
                row.extend(names[1..].iter().map(|_| "–".to_string()));
            }
            None => row.extend(names.iter().map(|name| cell(r, name))),
        }
        table.row(row);
    }
    table
}

fn cell(r: &ModuleResult, name: &str) -> String {
    r.checks.iter().find(|c| c.check == name).map(super::wasi::cell).unwrap_or_else(|| "–".into())
}

/// Every form of each language's kernel, side by side: whether it passed and
/// its size, or why the toolchain cannot make it. The core column is the
/// language's `default` build.
pub fn forms(build_dir: &Path, core: &[ModuleResult], wasi: &[ModuleResult], components: &[ModuleResult]) -> Table {
    let headers = ["language", "core module (default)", "WASI command", "calculator component", "kernel component"];
    let mut table = Table::new("Every form of the kernel, per language (rosetta verify)", &headers);
    let mut langs: Vec<&str> = core.iter().chain(wasi).chain(components).map(|r| r.module.lang.as_str()).collect();
    langs.sort();
    langs.dedup();
    for lang in langs {
        let find = |results: &[ModuleResult], build: &str| -> String {
            let found = results.iter().find(|r| r.module.lang == lang && r.module.build == build);
            found.map(|r| verdict(build_dir, r)).unwrap_or_else(|| "not built".into())
        };
        table.row(vec![
            lang.to_string(),
            find(core, "default"),
            find(wasi, "wasi/command"),
            find(components, "component/calculator"),
            find(components, "component/kernel"),
        ]);
    }
    table
}

/// `pass, 2999 bytes`, `FAIL (blur)`, or `unavailable: why`.
fn verdict(build_dir: &Path, r: &ModuleResult) -> String {
    if let Some(why) = &r.unavailable {
        return format!("unavailable: {why}");
    }
    let path = build_dir.join(&r.module.lang).join(format!("{}.wasm", r.module.build));
    let size = std::fs::metadata(path).map(|m| format!(", {} bytes", m.len())).unwrap_or_default();
    if r.passed() {
        return format!("pass{size}");
    }
    let failed: Vec<&str> = r.checks.iter().filter(|c| c.outcome == Outcome::Fail).map(|c| c.check.as_str()).collect();
    format!("FAIL ({}){size}", failed.join(", "))
}

/// Each component's bytes, and how many of them are its core modules (the
/// language's code, and the preview-1 adapter where it has one).
pub fn sizes_table(built: &[Built]) -> Table {
    let headers = ["component", "bytes", "core modules inside", "their bytes", "the rest (types, glue, names)"];
    let mut table = Table::new("Component sizes: the core modules inside and what the wrapping adds", &headers);
    for b in built.iter().filter(|b| b.unavailable.is_none()) {
        let Ok(bytes) = std::fs::read(&b.path) else { continue };
        match inspect::component_modules(&b.name(), &bytes) {
            Ok(modules) => {
                let inner: usize = modules.iter().sum();
                let each: Vec<String> = modules.iter().map(|m| m.to_string()).collect();
                table.row(vec![
                    b.name(),
                    bytes.len().to_string(),
                    each.len().to_string(),
                    each.join(" + "),
                    (bytes.len() - inner).to_string(),
                ]);
            }
            Err(e) => table.row(vec![b.name(), bytes.len().to_string(), format!("{e}"), "–".into(), "–".into()]),
        }
    }
    table
}

/// Component calls beside core calls, from `bench --components`.
pub fn speed_table(rows: &[ComponentTiming]) -> Table {
    let headers = [
        "language",
        "core add ns",
        "component add ns",
        "×core",
        "add ns, no concurrency support",
        "grayscale ms core",
        "grayscale ms component",
        "blur ms core",
        "blur ms component",
        "blur MB/s component",
    ];
    let title = "Components beside core modules (Cranelift, 1080p; alternating rounds): ns per add call; ms per image, the component's including the list copies in and out";
    let mut table = Table::new(title, &headers);
    let show = |s: &Option<Stats>, d: usize| s.map(|s| s.show(d)).unwrap_or_else(|| "–".into());
    for r in rows {
        if let Some(e) = &r.error {
            table.notes.push(format!("{}: {e}", r.lang));
            continue;
        }
        let ratio = match (r.core_add_ns, r.add_ns) {
            (Some(core), Some(c)) => format!("{:.2}", c.median / core.median),
            _ => "–".into(),
        };
        let image = |op: Op| r.images.iter().find(|i| i.op == op);
        let (gray, blur) = (image(Op::Grayscale), image(Op::Blur));
        table.row(vec![
            r.lang.clone(),
            show(&r.core_add_ns, 1),
            show(&r.add_ns, 1),
            ratio,
            show(&r.add_ns_no_concurrency, 1),
            gray.map(|i| show(&i.core_ms, 2)).unwrap_or_default(),
            gray.map(|i| i.component_ms.show(2)).unwrap_or_default(),
            blur.map(|i| show(&i.core_ms, 2)).unwrap_or_default(),
            blur.map(|i| i.component_ms.show(2)).unwrap_or_default(),
            blur.map(|i| format!("{:.0}", i.component_mb_per_s())).unwrap_or_default(),
        ]);
    }
    // The add call and the blur, core against component.
    table.brief(&[0, 1, 2, 3, 7, 8]);
    table
}

/// `components: N passed, N failed; N unavailable`.
pub fn summary(results: &[ModuleResult]) -> String {
    super::wasi::count_line("components", results)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::catalog::BuildId;
    use crate::verify::components::LOADS;
    use crate::verify::CheckResult;

    fn result(lang: &str, build: &str, checks: &[(&str, Outcome)], unavailable: Option<&str>) -> ModuleResult {
        let checks = checks
            .iter()
            .map(|(name, outcome)| CheckResult {
                check: name.to_string(),
                outcome: *outcome,
                detail: None,
                instructions: None,
            })
            .collect();
        ModuleResult {
            module: BuildId::new(lang, build),
            unavailable: unavailable.map(Into::into),
            problems: Vec::new(),
            checks,
        }
    }

    #[test]
    fn the_calculator_row_has_only_add_and_unavailable_says_why() {
        let results = [
            result("rust", "component/calculator", &[(LOADS, Outcome::Pass), ("add", Outcome::Pass)], None),
            result("assemblyscript", "component/kernel", &[], Some("no canonical ABI")),
        ];
        let t = table(&results);
        assert_eq!(t.rows[0][..4], ["rust/component/calculator", "pass", "pass", "–"]);
        assert_eq!(t.rows[1][..3], ["assemblyscript/component/kernel", "unavailable: no canonical ABI", "–"]);
    }

    #[test]
    fn forms_put_each_language_on_one_row() {
        let core = [result("go", "default", &[("add", Outcome::Pass)], None)];
        let wasi = [result("go", "wasi/command", &[("blur", Outcome::Fail)], None)];
        let components = [result("go", "component/kernel", &[], Some("no wasip2"))];
        let t = forms(Path::new("/nonexistent"), &core, &wasi, &components);
        assert_eq!(t.rows, [["go", "pass", "FAIL (blur)", "not built", "unavailable: no wasip2"]]);
    }
}
