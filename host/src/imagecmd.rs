//! `rosetta image`: run one language's kernel on a real picture (PNG or
//! JPEG in, PNG out), for workshops and for checking against other tools.

use crate::cli::ImageArgs;
use crate::load::catalog::{Build, BuildId};
use crate::load::error::HostError;
use crate::load::kernel::{Kernel, Op};
use crate::load::runtime::{Budget, EngineKind, Limits, Runtime};
use anyhow::{bail, ensure, Context, Result};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// `rosetta image`: find the module, run it under the same limits as
/// `verify`, and say what was written.
pub fn command(build_dir: &Path, args: &ImageArgs) -> Result<()> {
    let (name, path) = module(build_dir, args)?;
    let runtime = Runtime::new(EngineKind::Cranelift, Limits::checked(Budget::DEFAULT, Duration::from_secs(60)))?;
    let (w, h) = run(&runtime, &name, &path, args.op, &args.input, &args.output)?;
    println!("{name}: {:?} of {w}x{h} {} -> {}", args.op, args.input.display(), args.output.display());
    Ok(())
}

/// `--module PATH`, or `build/<lang>/<build>.wasm`.
fn module(build_dir: &Path, args: &ImageArgs) -> Result<(String, PathBuf)> {
    match (&args.module, &args.lang) {
        (Some(path), _) => Ok((Build::from_path(path).id.to_string(), path.clone())),
        (None, Some(lang)) => {
            let id = BuildId::new(lang, &args.build);
            let path = build_dir.join(&id.lang).join(format!("{}.wasm", id.build));
            if !path.exists() {
                bail!("no build {id} at {} (run `just build-all`)", path.display());
            }
            Ok((id.to_string(), path))
        }
        (None, None) => bail!("give --lang or --module"),
    }
}

/// Decode, run the kernel inside the module, encode. Returns the size.
pub fn run(runtime: &Runtime, name: &str, wasm: &Path, op: Op, input: &Path, output: &Path) -> Result<(u32, u32)> {
    let img = image::open(input)
        .map_err(|e| HostError::Image { path: input.display().to_string(), reason: e.to_string() })?
        .to_rgba8();
    let (width, height) = img.dimensions();
    let bytes = std::fs::read(wasm).map_err(|e| HostError::Read {
        module: name.to_string(),
        path: wasm.display().to_string(),
        reason: e.to_string(),
    })?;
    let module = runtime.compile(name, &bytes)?;
    let mut kernel = Kernel::new(runtime, name, &module)?;
    let pixels = apply(&mut kernel, op, img.as_raw(), width as i32, height as i32)?;
    let out = image::RgbaImage::from_raw(width, height, pixels).context("output buffer has the wrong size")?;
    out.save_with_format(output, image::ImageFormat::Png)
        .with_context(|| format!("cannot write {}", output.display()))?;
    Ok((width, height))
}

/// Place the pixels in guest memory, run the op, read the result back.
pub fn apply(kernel: &mut Kernel, op: Op, pixels: &[u8], width: i32, height: i32) -> Result<Vec<u8>> {
    let len = pixels.len() as i32;
    let src = kernel.alloc(len)?;
    ensure!(src != 0, "{}: alloc({len}) returned 0 (image too large for the module?)", kernel.name);
    kernel.write(src, pixels)?;
    let (status, result_ptr) = match op {
        Op::Grayscale => (kernel.grayscale(src, width, height)?, src),
        Op::Blur => {
            let dst = kernel.alloc(len)?;
            ensure!(dst != 0, "{}: alloc({len}) returned 0 for the blur output", kernel.name);
            (kernel.blur(src, dst, width, height)?, dst)
        }
    };
    ensure!(status == 0, "{}: {op:?} returned status {status} for a {width}x{height} image", kernel.name);
    Ok(kernel.read(result_ptr, pixels.len())?.to_vec())
}
