//! The WASI commands, checked: each language's command runs its own kernel
//! on an image in a fresh directory, and its output must be the host's
//! reference, byte for byte.
//!
//! `verify` runs every command on one small noise image, both ops, and
//! reports each as a `ModuleResult` (`rust/wasi/command`) with three checks:
//! `command` (it compiles and is a WASI preview-1 command), `grayscale` and
//! `blur`.

use super::reference::{self, Rgba};
use super::workload::{random_image, Workload};
use super::{CheckResult, ModuleResult, Outcome};
use crate::load::catalog::BuildId;
use crate::load::kernel::Op;
use crate::load::pam;
use crate::load::runtime::Runtime;
use crate::load::wasi::{self, Command, Exit, Format, FOLDER, STEM};
use anyhow::{anyhow, Context, Result};
use rayon::prelude::*;
use std::path::Path;
use wasmtime::Module;

/// The size of `verify`'s image: odd in both directions, several rows.
pub const SIZE: (usize, usize) = (37, 23);

/// The checks of one command, in table order.
pub const CHECKS: [&str; 3] = ["command", "grayscale", "blur"];

/// What a command made of an image, and how its run went.
pub struct Ran {
    pub pixels: Vec<u8>,
    pub exit: Exit,
}

/// Write `input` in the command's format into a fresh directory, run
/// `command op input.EXT output.EXT` there, and read the output back.
pub fn apply(runtime: &Runtime, name: &str, module: &Module, format: Format, op: Op, input: &Rgba) -> Result<Ran> {
    let dir = tempfile::Builder::new().prefix("rosetta-wasi-").tempdir().context("cannot make a directory")?;
    let (in_name, out_name) = (format!("input.{}", format.ext()), format!("output.{}", format.ext()));
    std::fs::write(dir.path().join(&in_name), encode(format, input)?).context("cannot write the input")?;
    let args = [STEM, op.name(), &in_name, &out_name];
    let exit = wasi::run(runtime, name, module, dir.path(), &args, input.pixels.len() as u64)?.success(name)?;
    let written = dir.path().join(&out_name);
    let bytes = std::fs::read(&written).map_err(|e| anyhow!("{name} exited 0 but wrote no {out_name}: {e}"))?;
    let (width, height, pixels) = decode(format, &bytes).map_err(|e| anyhow!("{name} wrote a bad {out_name}: {e}"))?;
    if (width as usize, height as usize) != (input.width, input.height) {
        return Err(anyhow!("{name} wrote a {width}x{height} image for a {}x{} one", input.width, input.height));
    }
    Ok(Ran { pixels, exit })
}

/// An RGBA8 image as the bytes of a file in `format`.
pub fn encode(format: Format, image: &Rgba) -> Result<Vec<u8>> {
    let (width, height) = (image.width as u32, image.height as u32);
    match format {
        Format::Pam => Ok(pam::encode(width, height, &image.pixels)),
        Format::Png => {
            let img = image::RgbaImage::from_raw(width, height, image.pixels.clone()).context("pixel buffer size")?;
            let mut bytes = std::io::Cursor::new(Vec::new());
            img.write_to(&mut bytes, image::ImageFormat::Png).context("cannot encode PNG")?;
            Ok(bytes.into_inner())
        }
    }
}

/// The bytes of a file in `format` as `(width, height, RGBA8 pixels)`.
pub fn decode(format: Format, bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), String> {
    match format {
        Format::Pam => pam::decode(bytes),
        Format::Png => {
            let img = image::load_from_memory_with_format(bytes, image::ImageFormat::Png).map_err(|e| e.to_string())?;
            let rgba = img.to_rgba8();
            Ok((rgba.width(), rgba.height(), rgba.into_raw()))
        }
    }
}

/// Every command on `verify`'s image, both ops, in parallel.
pub fn verify_all(runtime: &Runtime, commands: &[Command]) -> Vec<ModuleResult> {
    let (width, height) = SIZE;
    let work = Workload::new(format!("noise {width}x{height}"), random_image(width, height, 11));
    commands.par_iter().map(|c| verify(runtime, c, &work)).collect()
}

fn verify(runtime: &Runtime, command: &Command, work: &Workload) -> ModuleResult {
    let mut result = ModuleResult {
        module: BuildId::new(&command.lang, format!("{FOLDER}/{STEM}")),
        unavailable: command.unavailable.clone(),
        problems: Vec::new(),
        checks: Vec::new(),
    };
    if result.unavailable.is_some() {
        return result;
    }
    let name = command.name();
    let loaded = load(runtime, command).map(|(module, format)| {
        let bytes = std::fs::metadata(&command.path).map(|m| m.len()).unwrap_or(0);
        let detail = format!("{}, {}", format.ext(), crate::report::bytes(bytes as usize));
        (module, format, detail)
    });
    result.checks.push(match &loaded {
        Ok((_, _, detail)) => check("command", Ok(detail.clone()), None),
        Err(e) => check("command", Err(format!("{e:#}")), None),
    });
    for op in Op::ALL {
        result.checks.push(match &loaded {
            Ok((module, format, _)) => match apply(runtime, &name, module, *format, op, &work.input) {
                Ok(ran) => {
                    let verdict = match reference::first_difference(work.expected(op), &ran.pixels) {
                        None => Ok(format!("{} ms", ran.exit.elapsed.as_millis())),
                        Some(diff) => Err(format!("{} differs from the reference: {diff}", work.label)),
                    };
                    check(op.name(), verdict, ran.exit.instructions)
                }
                Err(e) => check(op.name(), Err(format!("{e:#}")), None),
            },
            Err(_) => CheckResult {
                check: op.name().into(),
                outcome: Outcome::Skip,
                detail: Some("skipped: see `command`".into()),
                instructions: None,
            },
        });
    }
    result
}

/// Read and compile a command, and know its format.
pub fn load(runtime: &Runtime, command: &Command) -> Result<(Module, Format)> {
    let format = command.format.clone().map_err(|e| anyhow!("{}: {e}", command.name()))?;
    let module = compile(runtime, &command.name(), &command.path)?;
    Ok((module, format))
}

fn compile(runtime: &Runtime, name: &str, path: &Path) -> Result<Module> {
    let bytes = runtime.read_module(name, path)?;
    Ok(runtime.compile(name, &bytes)?)
}

fn check(name: &str, verdict: Result<String, String>, instructions: Option<u64>) -> CheckResult {
    let (outcome, detail) = match verdict {
        Ok(detail) => (Outcome::Pass, detail),
        Err(why) => (Outcome::Fail, why),
    };
    CheckResult { check: name.into(), outcome, detail: Some(detail), instructions }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_formats_round_trip_every_byte() {
        let image = random_image(5, 3, 7);
        for format in [Format::Png, Format::Pam] {
            let (w, h, pixels) = decode(format, &encode(format, &image).unwrap()).unwrap();
            assert_eq!((w, h, &pixels), (5, 3, &image.pixels), "{format:?}");
        }
    }
}
