//! The front README's three findings (size, speed, call cost), each a
//! sentence with its numbers. They are read from a run's results as
//! serialized for comparisons/results.json, so a fresh `rosetta compare` and
//! the committed results.json give the block by the same function. A figure
//! the run does not have is said to be missing, never guessed.

use serde_json::Value;

/// The block's Markdown: the run's stamp, then one bullet per finding.
pub fn markdown(results: &Value) -> String {
    let machine = &results["machine"];
    format!(
        "_Measured {} on {} ({} cores); full tables in [comparisons/](comparisons/README.md)._\n\n- {}\n- {}\n- {}\n",
        text(&results["generated"]),
        text(&machine["cpu"]),
        machine["cores"],
        size(results).unwrap_or_else(|| "**Size**: no default build was sized in this run.".into()),
        speed(results).unwrap_or_else(|| "**Speed**: no 1080p blur was timed under Cranelift in this run.".into()),
        calls(results)
            .unwrap_or_else(|| "**Calls**: no component was timed beside its core module in this run.".into()),
    )
}

fn text(v: &Value) -> &str {
    v.as_str().unwrap_or("?")
}

/// The smallest and the largest `default` build: the spread across toolchains.
fn size(results: &Value) -> Option<String> {
    let defaults: Vec<(&str, u64)> = results["sizes"]
        .as_array()?
        .iter()
        .filter_map(|row| Some((row["module"].as_str()?, row["raw"].as_u64()?)))
        .filter(|(module, _)| module.ends_with("/default"))
        .collect();
    let small = defaults.iter().min_by_key(|(_, bytes)| *bytes)?;
    let large = defaults.iter().max_by_key(|(_, bytes)| *bytes)?;
    Some(format!(
        "**Size**: the same kernel's `default` build is {} bytes in `{}` and {} bytes in `{}`, \
         {:.0}× apart: the runtime a toolchain links in, not the kernel, makes the difference.",
        small.1,
        small.0,
        large.1,
        large.0,
        large.1 as f64 / small.1.max(1) as f64
    ))
}

/// One 1080p blur timing under Cranelift: module, median ms, ×native, ×copy.
struct Blur<'a> {
    module: &'a str,
    ms: f64,
    vs_native: f64,
    vs_floor: f64,
}

/// The fastest wasm blur, and the fastest scalar one, against native Rust and the copy floor.
fn speed(results: &Value) -> Option<String> {
    let blurs: Vec<(bool, Blur)> = results["bench"]["modules"]
        .as_array()?
        .iter()
        .filter(|m| m["engine"] == "cranelift" && !is_step(m["module"].as_str().unwrap_or("")))
        .filter_map(|m| {
            let image = m["images"].as_array()?.iter().find(|i| i["op"] == "blur" && i["size"] == "1920x1080")?;
            let blur = Blur {
                module: m["module"].as_str()?,
                ms: image["ms"]["median"].as_f64()?,
                vs_native: image["vs_native"].as_f64()?,
                vs_floor: image["vs_floor"].as_f64()?,
            };
            Some((m["simd"].as_bool().unwrap_or(false), blur))
        })
        .collect();
    let fastest = |simd_too: bool| {
        blurs.iter().filter(|(simd, _)| simd_too || !simd).map(|(_, b)| b).min_by(|a, b| a.ms.total_cmp(&b.ms))
    };
    let (best, scalar) = (fastest(true)?, fastest(false)?);
    Some(format!(
        "**Speed**: the fastest wasm blur of a 1080p image, `{}` under Wasmtime's Cranelift, takes {:.2} ms: \
         {:.2}× native Rust and {:.2}× a native copy of the image (the floor no kernel can beat); \
         the fastest scalar build, `{}`, is {:.2}× native and {:.2}× the floor.",
        best.module, best.ms, best.vs_native, best.vs_floor, scalar.module, scalar.vs_native, scalar.vs_floor
    ))
}

/// Ladder steps are lessons, not builds one would ship.
fn is_step(module: &str) -> bool {
    module.contains("/ladder-") || module.contains("/speed-")
}

/// A call to `add` through a component against the same call into the core module.
fn calls(results: &Value) -> Option<String> {
    let pairs: Vec<(f64, f64)> = results["forms"]["component_bench"]
        .as_array()?
        .iter()
        .filter_map(|c| Some((c["core_add_ns"]["median"].as_f64()?, c["add_ns"]["median"].as_f64()?)))
        .collect();
    let range = |f: &dyn Fn(&(f64, f64)) -> f64| {
        let values = pairs.iter().map(f);
        let lo = values.clone().fold(f64::INFINITY, f64::min);
        (lo, values.fold(f64::NEG_INFINITY, f64::max))
    };
    let (core, component, ratio) =
        (range(&|p: &(f64, f64)| p.0), range(&|p: &(f64, f64)| p.1), range(&|p: &(f64, f64)| p.1 / p.0));
    (!pairs.is_empty()).then(|| {
        format!(
            "**Calls**: calling `add` through a component costs {:.0} to {:.0} ns, against {:.0} to {:.0} ns \
             into the core module of the same language: {:.1} to {:.1} times as much ({} languages; \
             the component's typed interface is lifted and lowered on every call).",
            component.0,
            component.1,
            core.0,
            core.1,
            ratio.0,
            ratio.1,
            pairs.len()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn results() -> Value {
        json!({
            "generated": "2026-12-02 05:02 UTC",
            "machine": {"cpu": "Test CPU", "cores": 2},
            "sizes": [
                {"module": "a/default", "raw": 1000},
                {"module": "a/tuned", "raw": 10},
                {"module": "b/default", "raw": 250000},
                {"module": "c/default", "error": "unreadable"}
            ],
            "bench": {"modules": [
                {"module": "a/default", "engine": "cranelift", "simd": false,
                 "images": [{"op": "blur", "size": "1920x1080", "ms": {"median": 8.0}, "vs_native": 0.8, "vs_floor": 8.0}]},
                {"module": "a/simd", "engine": "cranelift", "simd": true,
                 "images": [{"op": "blur", "size": "1920x1080", "ms": {"median": 1.5}, "vs_native": 0.15, "vs_floor": 1.5}]},
                {"module": "a/ladder-01-plain", "engine": "cranelift", "simd": false,
                 "images": [{"op": "blur", "size": "1920x1080", "ms": {"median": 0.1}, "vs_native": 0.01, "vs_floor": 0.1}]},
                {"module": "a/default", "engine": "winch", "simd": false,
                 "images": [{"op": "blur", "size": "1920x1080", "ms": {"median": 0.2}, "vs_native": 0.02, "vs_floor": 0.2}]}
            ]},
            "forms": {"component_bench": [
                {"lang": "a", "core_add_ns": {"median": 20.0}, "add_ns": {"median": 160.0}},
                {"lang": "b", "core_add_ns": {"median": 30.0}, "add_ns": {"median": 240.0}},
                {"lang": "c", "add_ns": {"median": 999.0}}
            ]}
        })
    }

    #[test]
    fn each_finding_takes_its_numbers_from_the_results() {
        let md = markdown(&results());
        assert!(md.starts_with("_Measured 2026-12-02 05:02 UTC on Test CPU (2 cores)"), "{md}");
        assert!(md.contains("1000 bytes in `a/default` and 250000 bytes in `b/default`, 250× apart"), "{md}");
        assert!(md.contains("`a/simd` under Wasmtime's Cranelift, takes 1.50 ms: 0.15× native Rust and 1.50×"), "{md}");
        assert!(md.contains("the fastest scalar build, `a/default`, is 0.80× native and 8.00× the floor"), "{md}");
        assert!(md.contains("costs 160 to 240 ns, against 20 to 30 ns"), "{md}");
        assert!(md.contains("8.0 to 8.0 times as much (2 languages"), "{md}");
    }

    #[test]
    fn a_missing_figure_is_said_to_be_missing() {
        let md = markdown(&json!({"generated": "now", "machine": {"cpu": "X", "cores": 1}}));
        assert_eq!(md.matches("in this run").count(), 3, "{md}");
    }

    /// The committed front README's block is what the committed results give.
    #[test]
    fn the_readme_findings_are_the_committed_results() {
        let root = crate::load::repo_root();
        let results = std::fs::read_to_string(root.join("comparisons/results.json")).expect("comparisons/results.json");
        let readme = std::fs::read_to_string(root.join("README.md")).expect("README.md");
        let (open, close) = ("<!-- rosetta:findings -->\n", "\n<!-- /rosetta:findings -->");
        let start = readme.find(open).expect("README.md has a findings block") + open.len();
        let block = &readme[start..readme.find(close).expect("the findings block is closed")];
        let expected = markdown(&serde_json::from_str(&results).expect("results.json is JSON"));
        assert_eq!(block, expected, "regenerate the block with `just compare`, or paste the expected text");
    }
}
