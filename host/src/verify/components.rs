//! The components, checked with the core module's own checks (checks.rs)
//! through the kernel world's WIT types: `add`, `counters` and
//! `counter-cycles` over `Calls`, `grayscale` and `blur` over `Images`; only
//! `errors` has a component form of its own, since a `list<u8>` has no
//! pointer to get wrong, only a length.
//!
//! Each component is a `ModuleResult` (`rust/component/kernel`): first the
//! check `component` (it compiles and instantiates; its size), then the
//! world's checks, each on a fresh instance.

use super::checks::{self, Images};
use super::workload::random_image;
use super::{CheckResult, ModuleResult, Outcome};
use crate::load::catalog::BuildId;
use crate::load::component::{self, Built, ComponentCalculator, ComponentKernel, World, FOLDER};
use crate::load::contract::Contract;
use crate::load::instance::Calls;
use crate::load::kernel::Op;
use crate::load::runtime::Runtime;
use anyhow::{ensure, Result};
use rayon::prelude::*;
use std::path::Path;
use wasmtime::component::Component;

/// A check of the kernel world, on a fresh instance.
pub struct Check {
    pub name: &'static str,
    pub run: fn(&mut ComponentKernel) -> Result<()>,
}

/// The kernel world's checks, in table order: the core checks that need no
/// pointers, and the component form of `errors`.
pub const KERNEL_CHECKS: &[Check] = &[
    Check { name: "add", run: |k| checks::add(&mut |a, b| k.add(a, b)) },
    Check { name: "counters", run: |k| checks::counters(k) },
    Check { name: "counter-cycles", run: |k| checks::counter_cycles(k) },
    Check { name: "grayscale", run: |k| checks::grayscale(k) },
    Check { name: "blur", run: |k| checks::blur(k) },
    Check { name: "errors", run: errors },
];

/// The first column of every component's row.
pub const LOADS: &str = "component";

/// Every check name, in table order.
pub fn check_names() -> Vec<&'static str> {
    std::iter::once(LOADS).chain(KERNEL_CHECKS.iter().map(|c| c.name)).collect()
}

/// A component's list functions, in the form the image checks take.
impl Images for ComponentKernel {
    fn grayscale(&mut self, pixels: &[u8], w: i32, h: i32) -> Result<Result<Vec<u8>, i32>> {
        Ok(self.apply(Op::Grayscale, pixels, w as u32, h as u32)?.map_err(component::status))
    }
    fn blur(&mut self, pixels: &[u8], w: i32, h: i32) -> Result<Result<Vec<u8>, i32>> {
        Ok(self.apply(Op::Blur, pixels, w as u32, h as u32)?.map_err(component::status))
    }
}

/// Every component, in parallel, in the order given.
pub fn verify_all(runtime: &Runtime, built: &[Built]) -> Vec<ModuleResult> {
    built.par_iter().map(|b| verify(runtime, b)).collect()
}

/// A component given as `--module PATH` (a learner's, a stranger's): checked
/// against the world its exports name, or failing `component` if they name
/// neither world of contract/wit/.
pub fn verify_file(runtime: &Runtime, path: &Path) -> ModuleResult {
    let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let world = std::fs::read(path).ok().and_then(|bytes| World::exported_by(&bytes));
    let Some(world) = world else {
        let why = format!(
            "module/{stem}: a component that exports neither world of contract/wit/ \
             (`rosetta:kernel/operations`, `counters` and `image`, or `example:calc/operations`)"
        );
        return ModuleResult {
            module: BuildId::new("module", stem),
            unavailable: None,
            problems: Vec::new(),
            checks: vec![check(LOADS, Err(why), None)],
        };
    };
    let built = Built { lang: "module".into(), world, path: path.to_path_buf(), unavailable: None };
    verify(runtime, &built)
}

pub fn verify(runtime: &Runtime, built: &Built) -> ModuleResult {
    let mut result = ModuleResult {
        module: BuildId::new(&built.lang, format!("{FOLDER}/{}", built.world.name())),
        unavailable: built.unavailable.clone(),
        problems: Vec::new(),
        checks: Vec::new(),
    };
    if result.unavailable.is_some() {
        return result;
    }
    let name = built.name();
    let loaded = load(runtime, built);
    result.checks.push(match &loaded {
        Ok((_, bytes)) => check(LOADS, Ok(format!("{bytes} bytes")), None),
        Err(e) => check(LOADS, Err(format!("{e:#}")), None),
    });
    let Ok((component, _)) = &loaded else { return result };
    match built.world {
        World::Calculator => {
            let outcome = ComponentCalculator::new(runtime, &name, component)
                .map_err(anyhow::Error::from)
                .and_then(|mut c| checks::add(&mut |a, b| c.add(a, b)));
            result.checks.push(check("add", outcome.map(|()| String::new()).map_err(|e| format!("{e:#}")), None));
        }
        World::Kernel => {
            for c in KERNEL_CHECKS {
                result.checks.push(run_check(runtime, &name, component, c));
            }
        }
    }
    result
}

/// Read, compile and instantiate once (a component that cannot be
/// instantiated fails `component`, not every check); the file's size.
fn load(runtime: &Runtime, built: &Built) -> Result<(Component, usize)> {
    let name = built.name();
    let bytes = runtime.read_module(&name, &built.path)?;
    let compiled = component::compile(runtime, &name, &bytes)?;
    match built.world {
        World::Calculator => drop(ComponentCalculator::new(runtime, &name, &compiled)?),
        World::Kernel => drop(ComponentKernel::new(runtime, &name, &compiled)?),
    }
    Ok((compiled, bytes.len()))
}

fn run_check(runtime: &Runtime, name: &str, component: &Component, c: &Check) -> CheckResult {
    let mut instructions = None;
    let outcome = ComponentKernel::new(runtime, name, component).map_err(anyhow::Error::from).and_then(|mut k| {
        let outcome = (c.run)(&mut k);
        instructions = runtime.limits.budget.map(|_| k.fuel_used());
        outcome
    });
    check(c.name, outcome.map(|()| String::new()).map_err(|e| format!("{e:#}")), instructions)
}

fn check(name: &str, verdict: Result<String, String>, instructions: Option<u64>) -> CheckResult {
    let (outcome, detail) = match verdict {
        Ok(detail) => (Outcome::Pass, (!detail.is_empty()).then_some(detail)),
        Err(why) => (Outcome::Fail, Some(why)),
    };
    CheckResult { check: name.into(), outcome, detail, instructions }
}

/// The component form of `errors`: every error code, from dimensions and
/// list lengths alone, for both kernels.
fn errors(k: &mut ComponentKernel) -> Result<()> {
    let s = Contract::get().status;
    let img = random_image(4, 3, 7).pixels; // 48 bytes
    let cases: [(&str, Vec<u8>, u32, u32, i32); 8] = [
        ("width 0", img.clone(), 0, 3, s.bad_dimensions),
        ("height 0", img.clone(), 4, 0, s.bad_dimensions),
        ("32768x16384 (w*h*4 = 2^31 overflows s32)", img.clone(), 32768, 16384, s.bad_dimensions),
        ("65536x65536 (w*h overflows u32)", img.clone(), 65536, 65536, s.bad_dimensions),
        ("an empty list and width 0 (dimensions are checked first)", Vec::new(), 0, 3, s.bad_dimensions),
        ("a list one byte short", img[..47].to_vec(), 4, 3, s.out_of_bounds),
        ("a list one byte long", [&img[..], &[0]].concat(), 4, 3, s.out_of_bounds),
        ("an empty list for 1x1", Vec::new(), 1, 1, s.out_of_bounds),
    ];
    for op in Op::ALL {
        for (what, pixels, w, h, want) in &cases {
            let got = k.apply(op, pixels, *w, *h)?.map_err(component::status);
            ensure!(got == Err(*want), "{} with {what} gave {}, expected error {want}", op.name(), shown(&got));
        }
    }
    Ok(())
}

fn shown(got: &Result<Vec<u8>, i32>) -> String {
    match got {
        Ok(pixels) => format!("{} bytes of pixels", pixels.len()),
        Err(code) => format!("error {code}"),
    }
}
