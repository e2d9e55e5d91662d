//! The Rust kernel as a WASI preview-1 command (contract/README.md, "WASI commands"):
//!
//!     command grayscale|blur INPUT.png OUTPUT.png
//!
//! Both paths name files in the directory the host preopens; nothing else is
//! read, no environment is used. The pixels go through the same safe API the
//! kernel modules export (`rosetta_kernel::grayscale`, `rosetta_kernel::blur`).
//! On any error: one line on stderr and exit code 1.

use std::fmt::Display;
use std::fs::File;
use std::io::{BufWriter, Cursor};
use std::process::ExitCode;

use png::{BitDepth, ColorType, Transformations};

/// An RGBA8 image, row-major, no row padding: what the kernel works on.
struct Image {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

fn main() -> ExitCode {
    match run(std::env::args().collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("command: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run(args: Vec<String>) -> Result<(), String> {
    let [_, op, input, output] = &args[..] else {
        return Err(format!(
            "usage: command grayscale|blur INPUT.png OUTPUT.png (got {} arguments)",
            args.len().saturating_sub(1)
        ));
    };
    // Checked first: an unknown op must not cost a decode.
    if !matches!(op.as_str(), "grayscale" | "blur") {
        return Err(format!("unknown op `{op}` (want grayscale or blur)"));
    }
    let mut image = read(input)?;
    match op.as_str() {
        "grayscale" => rosetta_kernel::grayscale(&mut image.pixels),
        _ => {
            let mut out = vec![0; image.pixels.len()];
            rosetta_kernel::blur(&image.pixels, &mut out, image.width as usize, image.height as usize);
            image.pixels = out;
        }
    }
    write(output, &image)
}

/// Decode a PNG of any colour type and bit depth into RGBA8.
fn read(path: &str) -> Result<Image, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {path}: {e}"))?;
    let bad = |e: &dyn Display| format!("{path}: not a PNG this command reads: {e}");
    let mut decoder = png::Decoder::new(Cursor::new(bytes));
    // 16-bit samples to 8, palettes and low bit depths expanded, an alpha
    // channel added where there is none: the output is RGBA8 or gray+alpha.
    decoder.set_transformations(Transformations::STRIP_16 | Transformations::ALPHA);
    let mut reader = decoder.read_info().map_err(|e| bad(&e))?;
    let (width, height) = reader.info().size();
    // The contract's limit: width * height * 4 must fit in an i32.
    let len = i32::try_from(width)
        .ok()
        .zip(i32::try_from(height).ok())
        .and_then(|(w, h)| rosetta_kernel::status::image_len(w, h).ok())
        .ok_or_else(|| format!("{path}: {width}x{height} is too large (width * height * 4 must fit in an i32)"))?;
    let mut buf = vec![0; reader.output_buffer_size().ok_or_else(|| bad(&"the image does not fit in memory"))?];
    let frame = reader.next_frame(&mut buf).map_err(|e| bad(&e))?;
    buf.truncate(frame.buffer_size());
    let pixels = match (frame.color_type, frame.bit_depth) {
        (ColorType::Rgba, BitDepth::Eight) => buf,
        (ColorType::GrayscaleAlpha, BitDepth::Eight) => {
            buf.chunks_exact(2).flat_map(|p| [p[0], p[0], p[0], p[1]]).collect()
        }
        (color, depth) => return Err(bad(&format!("{color:?} at {depth:?} bits did not decode to RGBA8"))),
    };
    if pixels.len() != len {
        return Err(format!("{path}: {} bytes of pixels for a {width}x{height} image", pixels.len()));
    }
    Ok(Image { width, height, pixels })
}

/// Encode RGBA8 as a PNG.
fn write(path: &str, image: &Image) -> Result<(), String> {
    let failed = |e: &dyn Display| format!("cannot write {path}: {e}");
    let file = File::create(path).map_err(|e| failed(&e))?;
    let mut encoder = png::Encoder::new(BufWriter::new(file), image.width, image.height);
    encoder.set_color(ColorType::Rgba);
    encoder.set_depth(BitDepth::Eight);
    let mut writer = encoder.write_header().map_err(|e| failed(&e))?;
    writer.write_image_data(&image.pixels).map_err(|e| failed(&e))?;
    writer.finish().map_err(|e| failed(&e))
}
