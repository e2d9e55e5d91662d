//! What a component call costs beside a core call: each language's kernel
//! component against its own `default` core module, timed in alternating
//! rounds (core, component, component without concurrency support) so that
//! a shared machine's drift falls on all three alike.
//!
//! The component's image time includes what the canonical ABI does around
//! the kernel: copying the `list<u8>` in, and the result out into a host
//! `Vec`. The core time is the export call alone, on pixels already in place.

use super::stats::{timed, Stats};
use super::timing::{Size, FULL_HD};
use crate::load::catalog::{Build, BuildId};
use crate::load::component::{self, Built, ComponentKernel, World};
use crate::load::instance::{Calls, Instance, Runner};
use crate::load::kernel::Op;
use crate::load::runtime::{EngineKind, Limits, Runtime};
use crate::verify::reference;
use crate::verify::workload::Workload;
use anyhow::{bail, ensure, Context, Result};
use serde::Serialize;
use std::hint::black_box;

/// One language: its kernel component beside its default core module.
#[derive(Debug, Clone, Serialize)]
pub struct ComponentTiming {
    pub lang: String,
    pub component_bytes: usize,
    pub core_bytes: Option<usize>,
    /// ns per `add` call: the core export, the component's, and the
    /// component's on an engine with concurrency support off.
    pub core_add_ns: Option<Stats>,
    pub add_ns: Option<Stats>,
    pub add_ns_no_concurrency: Option<Stats>,
    /// ms per 1080p image, core call and component call (with its copies).
    pub images: Vec<ImagePair>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ImagePair {
    pub op: Op,
    pub size: Size,
    pub core_ms: Option<Stats>,
    pub component_ms: Stats,
}

impl ImagePair {
    /// MB of pixels per second through the component, copies included.
    pub fn component_mb_per_s(&self) -> f64 {
        self.size.bytes() as f64 / 1e6 / (self.component_ms.median / 1e3)
    }
}

/// How many rounds: `quick` for CI and a first look.
struct Rounds {
    call_samples: usize,
    calls_per_sample: u32,
    image_reps: usize,
}

impl Rounds {
    fn new(quick: bool) -> Rounds {
        match quick {
            true => Rounds { call_samples: 3, calls_per_sample: 50_000, image_reps: 3 },
            false => Rounds { call_samples: 7, calls_per_sample: 200_000, image_reps: 11 },
        }
    }
}

/// Every kernel component in `built`, beside its language's default build in `builds`.
pub fn run(built: &[Built], builds: &[Build], quick: bool) -> Result<Vec<ComponentTiming>> {
    let runtime = Runtime::new(EngineKind::Cranelift, Limits::default())?;
    let sync_only = Runtime::without_concurrency(EngineKind::Cranelift, Limits::default())?;
    let rounds = Rounds::new(quick);
    let workload = Workload::random(FULL_HD.width, FULL_HD.height, 0xC0FE);
    let kernels = built.iter().filter(|b| b.world == World::Kernel && b.unavailable.is_none());
    Ok(kernels
        .map(|b| {
            let core = builds.iter().find(|c| c.id == BuildId::new(&b.lang, "default") && c.unavailable.is_none());
            let mut timing = ComponentTiming {
                lang: b.lang.clone(),
                component_bytes: std::fs::metadata(&b.path).map(|m| m.len() as usize).unwrap_or(0),
                core_bytes: core.and_then(|c| std::fs::metadata(&c.path).ok()).map(|m| m.len() as usize),
                core_add_ns: None,
                add_ns: None,
                add_ns_no_concurrency: None,
                images: Vec::new(),
                error: None,
            };
            let runtimes = [&runtime, &sync_only];
            if let Err(e) = measure(&runtimes, b, core, &rounds, &workload, &mut timing) {
                timing.error = Some(format!("{e:#}"));
            }
            timing
        })
        .collect())
}

fn measure(
    runtimes: &[&Runtime; 2],
    built: &Built,
    core: Option<&Build>,
    rounds: &Rounds,
    workload: &Workload,
    timing: &mut ComponentTiming,
) -> Result<()> {
    let name = built.name();
    let bytes = std::fs::read(&built.path).with_context(|| format!("cannot read {}", built.path.display()))?;
    let [runtime, sync_only] = *runtimes;
    let mut component = ComponentKernel::new(runtime, &name, &component::compile(runtime, &name, &bytes)?)?;
    let mut sync = ComponentKernel::new(sync_only, &name, &component::compile(sync_only, &name, &bytes)?)?;
    let core_module = match core {
        Some(c) => Some(Runner::compile(runtime, &c.id.to_string(), &std::fs::read(&c.path)?)?),
        None => None,
    };
    let mut core_kernel = core_module.as_deref().map(|m| m.instantiate()).transpose()?;
    let mut samples: [Vec<f64>; 3] = Default::default();
    for _ in 0..rounds.call_samples {
        if let Some(k) = core_kernel.as_deref_mut() {
            samples[0].push(ns_per_add(k, rounds.calls_per_sample)?);
        }
        samples[1].push(ns_per_add(&mut component, rounds.calls_per_sample)?);
        samples[2].push(ns_per_add(&mut sync, rounds.calls_per_sample)?);
    }
    let [core_add, add, add_sync] = samples;
    timing.core_add_ns = (!core_add.is_empty()).then(|| Stats::of(core_add));
    timing.add_ns = Some(Stats::of(add));
    timing.add_ns_no_concurrency = Some(Stats::of(add_sync));
    for op in Op::ALL {
        timing.images.push(image_pair(core_kernel.as_deref_mut(), &mut component, op, workload, rounds.image_reps)?);
    }
    Ok(())
}

fn ns_per_add(k: &mut dyn Calls, n: u32) -> Result<f64> {
    let (r, t) = timed(|| k.add_loop(black_box(n)));
    r?;
    ensure!(k.add(i32::MAX, 1)? == i32::MIN, "add gave a wrong answer while timed");
    Ok(t.as_nanos() as f64 / n as f64)
}

/// Alternating reps of the core call and the component call, each checked.
fn image_pair<'k>(
    mut core: Option<&mut (dyn Instance + 'k)>,
    component: &mut ComponentKernel,
    op: Op,
    w: &Workload,
    reps: usize,
) -> Result<ImagePair> {
    let (width, height) = (w.input.width as u32, w.input.height as u32);
    let expected = w.expected(op);
    let mut core_buffers = match core.as_deref_mut() {
        Some(k) => Some(CoreBuffers::new(k, w.input.pixels.len())?),
        None => None,
    };
    let (mut core_ms, mut component_ms) = (Vec::new(), Vec::new());
    for rep in 0..=reps {
        if let (Some(k), Some(buffers)) = (core.as_deref_mut(), core_buffers.as_mut()) {
            let t = buffers.time(k, op, w)?;
            if rep > 0 {
                core_ms.push(t);
            }
        }
        let (out, t) = timed(|| component.apply(op, &w.input.pixels, width, height));
        let Ok(out) = out? else { bail!("{op:?} returned an error code while timed") };
        if let Some(diff) = reference::first_difference(expected, &out) {
            bail!("the component's {op:?} gave a wrong answer while timed: {diff}");
        }
        if rep > 0 {
            component_ms.push(t.as_secs_f64() * 1e3);
        }
    }
    let size = Size::of(&w.input);
    Ok(ImagePair {
        op,
        size,
        core_ms: (!core_ms.is_empty()).then(|| Stats::of(core_ms)),
        component_ms: Stats::of(component_ms),
    })
}

/// The core module's source and destination, allocated once.
struct CoreBuffers {
    src: i32,
    dst: i32,
}

impl CoreBuffers {
    fn new(k: &mut (dyn Instance + '_), len: usize) -> Result<CoreBuffers> {
        let (src, dst) = (k.alloc(len as i32)?, k.alloc(len as i32)?);
        ensure!(src != 0 && dst != 0, "alloc({len}) returned 0");
        Ok(CoreBuffers { src, dst })
    }

    /// One timed export call (ms) on freshly written pixels, checked after.
    fn time(&self, k: &mut (dyn Instance + '_), op: Op, w: &Workload) -> Result<f64> {
        k.write(self.src, &w.input.pixels)?;
        let (width, height) = (w.input.width as i32, w.input.height as i32);
        let (status, t) = timed(|| match op {
            Op::Grayscale => k.grayscale(self.src, width, height),
            Op::Blur => k.blur(self.src, self.dst, width, height),
        });
        ensure!(status? == 0, "the core {op:?} returned an error while timed");
        let out = k.read(if op == Op::Grayscale { self.src } else { self.dst }, w.input.pixels.len())?;
        if let Some(diff) = reference::first_difference(w.expected(op), out) {
            bail!("the core {op:?} gave a wrong answer while timed: {diff}");
        }
        Ok(t.as_secs_f64() * 1e3)
    }
}
