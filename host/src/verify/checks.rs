//! The conformance suite. Each check gets a fresh instance, so one failure
//! (or trap) never hides or causes another. The checks see an instance only
//! through the runtime layer's traits (load/instance.rs), so they run alike
//! under every runtime; `add`, `counters` and `counter-cycles` need only
//! `Calls`, and `grayscale` and `blur` only `Images` (pixels in, pixels
//! out), which a component has too (components.rs runs them there).

use super::cases::cases;
use super::guard::Guarded;
use super::reference::{first_difference, Rgba};
use super::workload::random_image;
use crate::load::contract::Contract;
use crate::load::error::HostError;
use crate::load::instance::{Calls, Instance};
use anyhow::{bail, ensure, Result};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

pub struct Check {
    pub name: &'static str,
    pub run: fn(&mut dyn Instance) -> Result<()>,
}

pub const CHECKS: &[Check] = &[
    Check { name: "add", run: |k| add(&mut |a, b| k.add(a, b)) },
    Check { name: "counters", run: |k| counters(k) },
    Check { name: "counter-cycles", run: |k| counter_cycles(k) },
    Check { name: "alloc", run: alloc },
    Check { name: "sequences", run: super::sequences::sequences },
    Check { name: "grayscale", run: |k| grayscale(&mut Guarded::images(k)) },
    Check { name: "blur", run: |k| blur(&mut Guarded::images(k)) },
    Check { name: "errors", run: errors },
];

/// The image kernels in value form: pixels in, then the pixels out or the
/// status code. A core module's form places the pixels between guard bytes
/// in its memory (guard.rs); a component's passes `list<u8>`.
pub trait Images {
    fn grayscale(&mut self, pixels: &[u8], w: i32, h: i32) -> Result<Result<Vec<u8>, i32>>;
    fn blur(&mut self, pixels: &[u8], w: i32, h: i32) -> Result<Result<Vec<u8>, i32>>;
}

/// `add` against wrapping addition (a core module's, a component's, a
/// calculator's: anything with an add).
pub fn add(add: &mut dyn FnMut(i32, i32) -> Result<i32, HostError>) -> Result<()> {
    let fixed = [(0, 0), (1, 2), (-1, 1), (i32::MAX, 1), (i32::MIN, -1), (i32::MIN, i32::MIN), (-7, -8)];
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let random = (0..1000).map(|_| (rng.random::<i32>(), rng.random::<i32>()));
    for (a, b) in fixed.into_iter().chain(random) {
        let got = add(a, b)?;
        ensure!(got == a.wrapping_add(b), "add({a}, {b}) returned {got}, expected {}", a.wrapping_add(b));
    }
    Ok(())
}

/// Many counters at once, interleaved, freed and reused: each is its own object.
pub fn counters(k: &mut dyn Calls) -> Result<()> {
    let mut live: Vec<(i32, i32)> = Vec::new(); // (handle, expected value)
    for _ in 0..64 {
        live.push((new_counter(k, &live)?, 0));
    }
    let mut rng = ChaCha8Rng::seed_from_u64(2);
    interleave(k, &mut live, &mut rng, 5000)?;
    let freed: Vec<(i32, i32)> = live.iter().copied().skip(1).step_by(2).collect();
    live.retain(|c| !freed.contains(c));
    for (h, _) in freed {
        k.counter_free(h)?;
    }
    k.counter_free(0)?; // freeing the null handle must do nothing
    for _ in 0..32 {
        let h = new_counter(k, &live)?;
        ensure!(k.counter_get(h)? == 0, "a new counter (handle {h}) does not start at 0");
        live.push((h, 0));
    }
    interleave(k, &mut live, &mut rng, 5000)?;
    for (h, want) in live {
        let got = k.counter_get(h)?;
        ensure!(got == want, "counter {h} holds {got}, expected {want}");
    }
    Ok(())
}

fn new_counter(k: &mut dyn Calls, live: &[(i32, i32)]) -> Result<i32> {
    let h = k.counter_new()?;
    ensure!(h != 0, "counter_new returned 0 (out of memory) with {} counters live", live.len());
    ensure!(!live.iter().any(|&(l, _)| l == h), "counter_new returned handle {h}, which is still live");
    Ok(h)
}

fn interleave(k: &mut dyn Calls, live: &mut [(i32, i32)], rng: &mut ChaCha8Rng, steps: usize) -> Result<()> {
    for _ in 0..steps {
        let i = rng.random_range(0..live.len());
        let (h, want) = &mut live[i];
        *want = want.wrapping_add(1);
        let got = k.counter_increment(*h)?;
        ensure!(got == *want, "counter_increment({h}) returned {got}, expected {want}");
    }
    Ok(())
}

/// 100,000 new/free cycles: a freed counter must really be freed. The
/// warm-up is as long as the measured run, so that a garbage collector has
/// reached its steady heap size (Go's first collection waits for ~4 MiB)
/// before the measurement starts; a real leak keeps growing through both.
pub fn counter_cycles(k: &mut dyn Calls) -> Result<()> {
    const BOUND: usize = 2 * 65536;
    let cycle = |k: &mut dyn Calls| -> Result<()> {
        let h = k.counter_new()?;
        ensure!(h != 0, "counter_new returned 0");
        k.counter_increment(h)?;
        k.counter_free(h)?;
        Ok(())
    };
    for _ in 0..100_000 {
        cycle(k)?;
    }
    let before = k.memory_size();
    for _ in 0..100_000 {
        cycle(k)?;
    }
    let grew = k.memory_size() - before;
    ensure!(grew <= BOUND, "memory grew by {grew} bytes over 100,000 counter new/free cycles (bound {BOUND})");
    Ok(())
}

fn alloc(k: &mut dyn Instance) -> Result<()> {
    for len in [0, -1, i32::MIN] {
        let p = k.alloc(len)?;
        ensure!(p == 0, "alloc({len}) returned {p:#x}, expected 0");
    }
    let align = Contract::get().alloc.align as usize;
    let mut blocks: Vec<(i32, usize)> = Vec::new();
    let sizes = [1usize, 7, 8, 13, 64, 1000, 65536, 1 << 20, 3, 4096];
    for (i, &len) in sizes.iter().enumerate() {
        blocks.push(alloc_block(k, len, align, &blocks, i as u8)?);
    }
    check_patterns(k, &blocks)?;
    for (ptr, len) in blocks.iter().copied().step_by(2).collect::<Vec<_>>() {
        k.dealloc(ptr, len as i32)?;
        blocks.retain(|&(p, _)| p != ptr);
    }
    k.dealloc(0, 16)?; // must do nothing
    for (i, &len) in sizes.iter().enumerate() {
        blocks.push(alloc_block(k, len, align, &blocks, 100 + i as u8)?);
    }
    check_patterns(k, &blocks)?;
    let huge = k.alloc(i32::MAX)?;
    ensure!(huge == 0, "alloc(i32::MAX) returned {huge:#x} with memory capped at 1 GiB, expected 0");
    let after = k.alloc(1024)?;
    ensure!(after != 0, "alloc(1024) failed after a refused huge alloc");
    Ok(())
}

fn alloc_block(k: &mut dyn Instance, len: usize, align: usize, live: &[(i32, usize)], tag: u8) -> Result<(i32, usize)> {
    let p = k.alloc(len as i32)?;
    ensure!(p != 0, "alloc({len}) returned 0");
    let start = p as u32 as usize;
    ensure!(start.is_multiple_of(align), "alloc({len}) returned {start:#x}, not {align}-byte aligned");
    ensure!(start + len <= k.memory_size(), "alloc({len}) returned {start:#x}, past the end of memory");
    for &(q, qlen) in live {
        let other = q as u32 as usize;
        ensure!(
            start + len <= other || other + qlen <= start,
            "alloc({len}) at {start:#x} overlaps a live block at {other:#x}"
        );
    }
    k.write(p, &pattern(len, tag))?;
    Ok((p, len))
}

fn pattern(len: usize, tag: u8) -> Vec<u8> {
    (0..len).map(|i| (i as u8).wrapping_mul(31).wrapping_add(tag)).collect()
}

fn check_patterns(k: &mut dyn Instance, blocks: &[(i32, usize)]) -> Result<()> {
    for &(p, len) in blocks {
        let bytes = k.read(p, len)?;
        let tag = bytes[0];
        ensure!(bytes == pattern(len, tag).as_slice(), "the {len}-byte block at {p:#x} was overwritten while live");
    }
    Ok(())
}

fn dims(img: &Rgba) -> (i32, i32) {
    (img.width as i32, img.height as i32)
}

fn compare(what: &str, label: &str, expected: &Rgba, actual: &[u8]) -> Result<()> {
    match first_difference(expected, actual) {
        None => Ok(()),
        Some(diff) => bail!("{what} on {label}: {diff}"),
    }
}

/// Every case of cases.rs, against the reference.
pub fn grayscale(k: &mut dyn Images) -> Result<()> {
    for case in cases() {
        let (w, h) = dims(&case.input);
        match k.grayscale(&case.input.pixels, w, h)? {
            Ok(out) => compare("grayscale", &case.label, &case.gray, &out)?,
            Err(status) => bail!("grayscale on {} returned status {status}, expected 0", case.label),
        }
    }
    Ok(())
}

pub fn blur(k: &mut dyn Images) -> Result<()> {
    for case in cases() {
        let (w, h) = dims(&case.input);
        match k.blur(&case.input.pixels, w, h)? {
            Ok(out) => compare("blur", &case.label, &case.blurred, &out)?,
            Err(status) => bail!("blur on {} returned status {status}, expected 0", case.label),
        }
    }
    Ok(())
}

/// A blur error case: what it tries, (src, dst, width, height), the status it wants.
type BlurCase = (&'static str, (i32, i32, i32, i32), i32);

/// Every status code, their order, and "on an error, memory is untouched".
fn errors(k: &mut dyn Instance) -> Result<()> {
    let s = Contract::get().status;
    let img = random_image(4, 3, 7);
    let len = img.pixels.len() as i32; // 48
                                       // One 96-byte block holds two adjacent images we own: [a | b].
    let mut both = img.pixels.clone();
    both.extend_from_slice(&random_image(4, 3, 8).pixels);
    let guarded = Guarded::place(k, &both)?;
    let a = guarded.ptr();
    let b = a + len;
    let end = k.memory_size() as u32 as i32; // first byte past memory (wraps to negative at 4 GiB)
    let gray_cases: [(&str, (i32, i32, i32), i32); 10] = [
        ("width 0", (a, 0, 3), s.bad_dimensions),
        ("height -1", (a, 4, -1), s.bad_dimensions),
        ("width -4", (a, -4, 3), s.bad_dimensions),
        ("32768x16384 (w*h*4 = 2^31 overflows i32)", (a, 32768, 16384), s.bad_dimensions),
        ("46341x46341 (w*h overflows i32)", (a, 46341, 46341), s.bad_dimensions),
        ("null with width 0 (dimensions are checked first)", (0, 0, 3), s.bad_dimensions),
        ("null pointer", (0, 4, 3), s.out_of_bounds),
        ("one byte past the end of memory", (end - len + 1, 4, 3), s.out_of_bounds),
        ("pointer 0xFFFFFFF0 (wraps around)", (-16, 4, 3), s.out_of_bounds),
        ("16384x32767 (fits i32, larger than memory)", (a, 16384, 32767), s.out_of_bounds),
    ];
    for (what, (p, w, h), want) in gray_cases {
        let got = k.grayscale(p, w, h)?;
        ensure!(got == want, "`grayscale({p}, {w}, {h})` ({what}) returned {got}, expected {want}");
        ensure!(k.read(a, both.len())? == both.as_slice(), "`grayscale({p}, {w}, {h})` ({what}) wrote to memory");
    }
    let blur_cases: [BlurCase; 9] = [
        ("width 0", (a, b, 0, 3), s.bad_dimensions),
        ("null src and dst with height 0 (dimensions first)", (0, 0, 4, 0), s.bad_dimensions),
        ("null src", (0, b, 4, 3), s.out_of_bounds),
        ("null dst", (a, 0, 4, 3), s.out_of_bounds),
        ("dst one byte past the end of memory", (a, end - len + 1, 4, 3), s.out_of_bounds),
        ("src past the end and src == dst (bounds before overlap)", (end, end, 4, 3), s.out_of_bounds),
        ("src == dst", (a, a, 4, 3), s.overlap),
        ("dst overlapping the last byte of src", (a, b - 1, 4, 3), s.overlap),
        ("src overlapping the last byte of dst", (b - 1, a, 4, 3), s.overlap),
    ];
    for (what, (src, dst, w, h), want) in blur_cases {
        let got = k.blur(src, dst, w, h)?;
        ensure!(got == want, "`blur({src}, {dst}, {w}, {h})` ({what}) returned {got}, expected {want}");
        ensure!(k.read(a, both.len())? == both.as_slice(), "`blur({src}, {dst}, {w}, {h})` ({what}) wrote to memory");
    }
    guarded.check(k, "an error case")?;
    // Adjacent but not overlapping is fine.
    let got = k.blur(a, b, 4, 3)?;
    ensure!(got == s.ok, "`blur({a}, {b}, 4, 3)` (into the adjacent buffer) returned {got}, expected 0");
    guarded.check(k, "blur into the adjacent buffer")?;
    Ok(())
}
