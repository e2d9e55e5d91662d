//! PAM, the image format of the WASI commands that have no PNG codec
//! (contract/README.md, "WASI commands"): Netpbm's P7 with exactly this header,
//! then `width * height * 4` bytes of RGBA8, row-major, and nothing else.
//!
//! ```text
//! P7
//! WIDTH <w>
//! HEIGHT <h>
//! DEPTH 4
//! MAXVAL 255
//! TUPLTYPE RGB_ALPHA
//! ENDHDR
//! ```
//!
//! The header is what Netpbm's own tools write for RGBA; a reader that takes
//! only this one header stays a few lines long in every language.

/// The most bytes of pixels an image may have: the kernels' `i32` lengths.
const MAX_LEN: u64 = i32::MAX as u64;

/// The header of a `width` x `height` image.
pub fn header(width: u32, height: u32) -> String {
    format!("P7\nWIDTH {width}\nHEIGHT {height}\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n")
}

/// A whole PAM file.
pub fn encode(width: u32, height: u32, pixels: &[u8]) -> Vec<u8> {
    let mut bytes = header(width, height).into_bytes();
    bytes.extend_from_slice(pixels);
    bytes
}

/// `(width, height, pixels)` of a PAM file, or what is wrong with it.
pub fn decode(bytes: &[u8]) -> Result<(u32, u32, Vec<u8>), String> {
    if !bytes.starts_with(b"P7\n") {
        return Err("not a PAM file: it does not start with `P7`".into());
    }
    let mut rest = bytes;
    let mut line = |want: &str| -> Result<String, String> {
        let end = rest.iter().position(|&b| b == b'\n').ok_or("the header ends early")?;
        let text = std::str::from_utf8(&rest[..end]).map_err(|_| "the header is not text")?.to_string();
        rest = &rest[end + 1..];
        match text.strip_prefix(want) {
            Some(value) => Ok(value.to_string()),
            None => Err(format!("header line `{text}` where `{want}...` belongs")),
        }
    };
    let number = |text: String, what: &str| -> Result<u32, String> {
        match text.parse::<u32>() {
            Ok(n) if n > 0 && text.bytes().all(|b| b.is_ascii_digit()) => Ok(n),
            _ => Err(format!("{what} `{text}` is not a positive number")),
        }
    };
    line("P7")?;
    let width = number(line("WIDTH ")?, "WIDTH")?;
    let height = number(line("HEIGHT ")?, "HEIGHT")?;
    for exact in ["DEPTH 4", "MAXVAL 255", "TUPLTYPE RGB_ALPHA", "ENDHDR"] {
        if !line(exact)?.is_empty() {
            return Err(format!("want the header line `{exact}`"));
        }
    }
    let len = width as u64 * height as u64 * 4;
    if len > MAX_LEN {
        return Err(format!("{width}x{height} is too large (width * height * 4 must fit in an i32)"));
    }
    if rest.len() as u64 != len {
        return Err(format!("{} bytes of pixels where a {width}x{height} image has {len}", rest.len()));
    }
    Ok((width, height, rest.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_writes_the_netpbm_header() {
        let pixels: Vec<u8> = (0..24).collect();
        let bytes = encode(3, 2, &pixels);
        assert!(bytes.starts_with(b"P7\nWIDTH 3\nHEIGHT 2\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n"));
        assert_eq!(decode(&bytes).unwrap(), (3, 2, pixels));
    }

    #[test]
    fn refuses_anything_but_the_one_header_and_the_exact_size() {
        let good = encode(2, 1, &[0; 8]);
        let swap = |from: &str, to: &str| String::from_utf8_lossy(&good).replacen(from, to, 1).into_bytes();
        for (bytes, says) in [
            (swap("P7", "P6"), "does not start with `P7`"),
            (swap("DEPTH 4", "DEPTH 3"), "DEPTH 4"),
            (swap("MAXVAL 255", "MAXVAL 65535"), "MAXVAL 255"),
            (swap("RGB_ALPHA", "RGB"), "TUPLTYPE RGB_ALPHA"),
            (swap("WIDTH 2", "WIDTH 0"), "not a positive number"),
            (swap("WIDTH 2", "WIDTH +2"), "not a positive number"),
            (swap("HEIGHT 1", "HEIGHT 99999"), "bytes of pixels where"),
            (swap("WIDTH 2\nHEIGHT 1", "HEIGHT 1\nWIDTH 2"), "where `WIDTH ...` belongs"),
            (good[..good.len() - 1].to_vec(), "7 bytes of pixels where a 2x1 image has 8"),
            (b"P7\nWIDTH 2".to_vec(), "ends early"),
            (b"P7".to_vec(), "does not start with `P7`"),
            (encode(65536, 65536, &[]), "too large"),
        ] {
            let err = decode(&bytes).unwrap_err();
            assert!(err.contains(says), "{says:?} not in {err:?}");
        }
    }
}
