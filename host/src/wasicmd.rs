//! `rosetta wasi`: run one language's WASI command on a real picture, the way
//! `verify` runs it (one preopened directory, three arguments, no
//! environment, the same limits), and hold its output against the host's
//! reference.

use crate::load::kernel::Op;
use crate::load::pam;
use crate::load::runtime::{Budget, EngineKind, Limits, Runtime};
use crate::load::wasi;
use crate::verify::reference::{self, Rgba};
use crate::verify::wasi as check;
use anyhow::{bail, Context, Result};
use clap::Args;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Args)]
pub struct WasiArgs {
    /// Whose command: build/<lang>/wasi/command.wasm.
    #[arg(long)]
    pub lang: String,
    #[arg(long, value_enum)]
    pub op: Op,
    /// A PNG, JPEG or PAM file (the host hands it over in the command's format).
    pub input: PathBuf,
    /// Where the command's output goes, as PNG (as PAM if the name ends in .pam).
    pub output: PathBuf,
}

/// Run the command, write its output, print one line; false if the output
/// differs from the reference.
pub fn command(build_dir: &Path, args: &WasiArgs) -> Result<bool> {
    let command = wasi::find(build_dir, &args.lang)?;
    let name = command.name();
    if let Some(why) = &command.unavailable {
        bail!("{name} is unavailable: {why}");
    }
    let input = read(&args.input)?;
    let runtime = Runtime::new(EngineKind::Cranelift, Limits::checked(Budget::DEFAULT, Duration::from_secs(60)))?;
    let (module, format) = check::load(&runtime, &command)?;
    let ran = check::apply(&runtime, &name, &module, format, args.op, &input)?;
    write(&args.output, &Rgba::new(input.width, input.height, ran.pixels.clone()))?;
    let expected = match args.op {
        Op::Grayscale => reference::grayscale(&input),
        Op::Blur => reference::blur(&input),
    };
    let difference = reference::first_difference(&expected, &ran.pixels);
    let verdict = match &difference {
        None => "identical to the host's reference".to_string(),
        Some(diff) => format!("DIFFERS from the host's reference: {diff}"),
    };
    println!(
        "{name}: {} of {}x{} ({}) in {} ms: {verdict}; wrote {}",
        args.op.name(),
        input.width,
        input.height,
        format.ext(),
        ran.exit.elapsed.as_millis(),
        args.output.display()
    );
    Ok(difference.is_none())
}

/// A PAM file (by its magic), or anything the `image` crate decodes, as RGBA8.
fn read(path: &Path) -> Result<Rgba> {
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
    let (width, height, pixels) = if bytes.starts_with(b"P7\n") {
        pam::decode(&bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?
    } else {
        let img = image::load_from_memory(&bytes)
            .with_context(|| format!("cannot decode image {}", path.display()))?
            .to_rgba8();
        (img.width(), img.height(), img.into_raw())
    };
    Ok(Rgba::new(width as usize, height as usize, pixels))
}

fn write(path: &Path, image: &Rgba) -> Result<()> {
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some("pam") => wasi::Format::Pam,
        _ => wasi::Format::Png,
    };
    std::fs::write(path, check::encode(format, image)?).with_context(|| format!("cannot write {}", path.display()))
}
