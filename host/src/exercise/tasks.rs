//! Each task's check: the learner's export against a reference kept here,
//! in a few lines each, typed like the contract's own checks (verify/).

use super::spec::{Spec, Task};
use crate::load::contract::Contract;
use crate::load::inspect;
use crate::load::instance::image_bytes;
use crate::load::kernel::Kernel;
use crate::load::runtime::{Runtime, Work};
use crate::verify::guard::Guarded;
use crate::verify::workload::random_image;
use anyhow::{bail, ensure, Result};
use wasmtime::{ExternType, Module, ValType};

/// The image the speed figure is measured on: blur over 128x128 (64 KiB).
pub const SPEED_SIDE: i32 = 128;

/// The task's check on the learner's module (`bytes`, compiled as `module`).
pub fn check(spec: &Spec, lang: &str, runtime: &Runtime, name: &str, bytes: &[u8]) -> Result<()> {
    match spec.task {
        Task::NoImports => return no_imports(name, bytes),
        Task::Size => {
            let budget = spec.budget(&spec.budget.bytes, "bytes", lang)?;
            let size = bytes.len() as u64;
            ensure!(size <= budget, "the module is {size} bytes, over this exercise's budget of {budget} bytes");
            return Ok(());
        }
        _ => {}
    }
    let module = runtime.compile(name, bytes)?;
    if let Some((export, params, results)) = spec.task.export() {
        export_type(&module, export, params, results)?;
    }
    let mut kernel = Kernel::new(runtime, name, &module)?;
    match spec.task {
        Task::Invert => invert(&mut kernel),
        Task::CounterReset => counter_reset(&mut kernel),
        Task::Fill => fill(&mut kernel),
        Task::Mul => mul(&mut kernel),
        Task::Speed => {
            let budget = spec.budget(&spec.budget.instructions, "instructions", lang)?;
            let used = blur_instructions(&mut kernel)?;
            ensure!(
                used <= budget,
                "blur on {SPEED_SIDE}x{SPEED_SIDE} executed {used} instructions, over this exercise's budget of {budget}"
            );
            Ok(())
        }
        Task::NoImports | Task::Size => unreachable!("checked above"),
    }
}

/// The instructions one blur of the speed image executes (Wasmtime's fuel).
pub fn blur_instructions(k: &mut Kernel) -> Result<u64> {
    let img = random_image(SPEED_SIDE as usize, SPEED_SIDE as usize, 5);
    let len = img.pixels.len() as i32;
    let (src, dst) = (k.alloc(len)?, k.alloc(len)?);
    ensure!(src != 0 && dst != 0, "alloc({len}) returned 0");
    k.write(src, &img.pixels)?;
    let before = k.fuel_used();
    let status = k.blur(src, dst, SPEED_SIDE, SPEED_SIDE)?;
    let used = k.fuel_used() - before;
    ensure!(status == 0, "blur on {SPEED_SIDE}x{SPEED_SIDE} returned status {status}");
    k.dealloc(src, len)?;
    k.dealloc(dst, len)?;
    Ok(used)
}

/// The export is there, a function of `params` i32s giving `results` i32s.
fn export_type(module: &Module, export: &str, params: usize, results: usize) -> Result<()> {
    let want = format!("({}) -> ({})", vec!["i32"; params].join(", "), vec!["i32"; results].join(", "));
    let Some(ty) = module.get_export(export) else {
        bail!("the module has no export `{export}` (want a function {want}): is it exported under that name?");
    };
    let ExternType::Func(f) = ty else { bail!("the export `{export}` is not a function (want {want})") };
    let shown = |types: &mut dyn Iterator<Item = ValType>| types.map(|t| t.to_string()).collect::<Vec<_>>().join(", ");
    let got = format!("({}) -> ({})", shown(&mut f.params()), shown(&mut f.results()));
    ensure!(
        got == want,
        "`{export}` is a function {got}; the exercise wants {want}: every value crossing the boundary is an i32"
    );
    Ok(())
}

/// What a host that links nothing (the browser page, any plain
/// `WebAssembly.instantiate`) says, and how each toolchain avoids the import.
fn no_imports(name: &str, bytes: &[u8]) -> Result<()> {
    let imports = inspect::facts(name, bytes)?.imports;
    let Some(first) = imports.first() else { return Ok(()) };
    bail!(
        "the module imports {}: a host that links nothing cannot instantiate it (V8's \
         WebAssembly.instantiate(bytes, {{}}) says `Import #0 module=\"{}\" error: module is not an object or \
         function`); {}",
        imports.iter().map(|i| format!("`{i}`")).collect::<Vec<_>>().join(", "),
        first.split('.').next().unwrap_or(first),
        import_fix(first)
    )
}

/// How the usual imports go away.
fn import_fix(import: &str) -> &'static str {
    match import {
        "env.abort" => {
            "AssemblyScript imports it for failed assertions: `--use abort=` (or --noAssert with your own abort)"
        }
        "env.emscripten_notify_memory_growth" => {
            "Emscripten imports it when memory may grow: a fixed memory (-sINITIAL_MEMORY, no -sALLOW_MEMORY_GROWTH)"
        }
        i if i.starts_with("wasi_snapshot_preview1.") => {
            "a WASI target imports it: build for a bare target (TinyGo -target=wasm-unknown)"
        }
        _ => "an `extern` declaration makes it: compute the value in the module instead",
    }
}

fn status_name(code: i32) -> &'static str {
    let s = Contract::get().status;
    match code {
        c if c == s.ok => "ok",
        c if c == s.bad_dimensions => "bad_dimensions",
        c if c == s.out_of_bounds => "out_of_bounds",
        c if c == s.overlap => "overlap",
        _ => "not a status code",
    }
}

/// The reference: every R, G and B byte becomes 255 minus itself; alpha is kept.
pub fn invert_reference(pixels: &[u8]) -> Vec<u8> {
    pixels.chunks_exact(4).flat_map(|p| [255 - p[0], 255 - p[1], 255 - p[2], p[3]]).collect()
}

fn invert(k: &mut Kernel) -> Result<()> {
    let s = Contract::get().status;
    let img = random_image(4, 3, 11);
    let buf = Guarded::place(k, &img.pixels)?;
    let end = (k.memory_size() as u32).wrapping_sub(8) as i32;
    // The status codes, in the contract's order, before anything is written.
    let cases = [
        ("width 0", buf.ptr(), 0, 3, s.bad_dimensions),
        ("a null pointer and width 0 (dimensions are checked first)", 0, 0, 3, s.bad_dimensions),
        ("65536x65536 (width * height * 4 overflows)", buf.ptr(), 65536, 65536, s.bad_dimensions),
        ("a null pointer", 0, 4, 3, s.out_of_bounds),
        ("an image running past the end of memory", end, 4, 3, s.out_of_bounds),
    ];
    for (what, ptr, w, h, want) in cases {
        let got: i32 = k.call_extra("invert", (ptr, w, h), Work::Kernel(image_bytes(w, h)))?;
        ensure!(
            got == want,
            "invert({ptr}, {w}, {h}), {what}, returned {got} ({}); want {want} ({})",
            status_name(got),
            status_name(want)
        );
        ensure!(
            buf.read(k)? == img.pixels,
            "invert with {what} returned {got} but changed the image: check first, then write"
        );
    }
    buf.free(k)?;
    for (w, h) in [(1, 1), (5, 3), (37, 23)] {
        let img = random_image(w, h, 3);
        let buf = Guarded::place(k, &img.pixels)?;
        let (w, h) = (w as i32, h as i32);
        let status: i32 = k.call_extra("invert", (buf.ptr(), w, h), Work::Kernel(image_bytes(w, h)))?;
        ensure!(status == s.ok, "invert on a {w}x{h} image returned {status} ({}); want 0 (ok)", status_name(status));
        buf.check(k, &format!("invert on a {w}x{h} image"))?;
        let want = invert_reference(&img.pixels);
        let got = buf.read(k)?;
        if let Some(i) = (0..want.len()).step_by(4).find(|&i| got[i..i + 4] != want[i..i + 4]) {
            bail!(
                "invert on a {w}x{h} image: pixel {} is {:?}, want {:?} (from {:?}: 255 - R, G and B, alpha kept)",
                i / 4,
                &got[i..i + 4],
                &want[i..i + 4],
                &img.pixels[i..i + 4]
            );
        }
        buf.free(k)?;
    }
    Ok(())
}

fn counter_reset(k: &mut Kernel) -> Result<()> {
    let (a, b) = (k.counter_new()?, k.counter_new()?);
    ensure!(a != 0 && b != 0, "counter_new returned 0");
    for _ in 0..3 {
        k.counter_increment(a)?;
    }
    k.counter_increment(b)?;
    let old: i32 = k.call_extra("counter_reset", a, Work::Scalar)?;
    ensure!(old == 3, "counter_reset on a counter at 3 returned {old}; want 3, the value it had");
    let now = k.counter_get(a)?;
    ensure!(now == 0, "after counter_reset the counter is at {now}; want 0");
    let next = k.counter_increment(a)?;
    ensure!(next == 1, "after counter_reset, counter_increment returned {next}; want 1");
    let other = k.counter_get(b)?;
    ensure!(other == 1, "counter_reset of one counter changed another (it is at {other}, want 1)");
    k.counter_free(a)?;
    k.counter_free(b)?;
    Ok(())
}

fn fill(k: &mut Kernel) -> Result<()> {
    let s = Contract::get().status;
    let end = (k.memory_size() as u32).wrapping_sub(8) as i32;
    let buf = Guarded::place(k, &[0u8; 37])?;
    let cases = [
        ("a buffer running past the end of memory", end, 16, s.out_of_bounds),
        ("a null pointer", 0, 4, s.out_of_bounds),
        ("len 0", buf.ptr(), 0, s.bad_dimensions),
        ("len -1", buf.ptr(), -1, s.bad_dimensions),
    ];
    for (what, ptr, len, want) in cases {
        let got: i32 = k.call_extra("fill", (ptr, len, 7), Work::Kernel(len.max(0) as u64))?;
        ensure!(
            got == want,
            "fill({ptr}, {len}, 7), {what}, returned {got} ({}); want {want} ({})",
            status_name(got),
            status_name(want)
        );
    }
    let status: i32 = k.call_extra("fill", (buf.ptr(), 37, 0xAB), Work::Kernel(37))?;
    ensure!(status == s.ok, "fill of a 37-byte buffer returned {status}; want 0 (ok)");
    buf.check(k, "fill of a 37-byte buffer")?;
    let got = buf.read(k)?;
    ensure!(got.iter().all(|&b| b == 0xAB), "fill of 37 bytes with 0xAB left {:02x?}", got);
    buf.free(k)?;
    Ok(())
}

fn mul(k: &mut Kernel) -> Result<()> {
    for (a, b) in [(6, 7), (-3, 5), (i32::MAX, 2), (65536, 65536), (i32::MIN, -1)] {
        let got: i32 = k.call_extra("mul", (a, b), Work::Scalar)?;
        let want = a.wrapping_mul(b);
        ensure!(got == want, "mul({a}, {b}) returned {got}; want {want} (two's-complement wrapping, like add)");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn invert_keeps_alpha_and_flips_the_rest() {
        assert_eq!(super::invert_reference(&[0, 10, 255, 77, 1, 2, 3, 4]), [255, 245, 0, 77, 254, 253, 252, 4]);
    }
}
