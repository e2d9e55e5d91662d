//! The peers: the native libraries a user would call instead of a wasm
//! kernel, OpenCV's `cv2.blur(img, (3, 3), borderType=cv2.BORDER_REPLICATE)`
//! and Pillow's `Image.convert("L")`, one thread. A long-lived Python process
//! (host/peers/peers.py, from the venv `just peers-setup` makes) times one
//! call per request with `perf_counter_ns`, so the host pairs it with the
//! wasm call of the same round. Both are bit-exact with the contract, and
//! checked so before any is timed.

use crate::load::kernel::Op;
use crate::load::repo_root;
use crate::verify::workload::Workload;
use anyhow::{bail, ensure, Context, Result};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::PathBuf;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// The venv's Python, as `just peers-setup` makes it.
pub fn python() -> PathBuf {
    repo_root().join("target").join("peers").join("bin").join("python")
}

fn script() -> PathBuf {
    repo_root().join("host").join("peers").join("peers.py")
}

/// The running peers' process.
pub struct Peers {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
    /// `opencv 5.0.0; pillow 13.0.0; numpy 2.4.6`.
    pub versions: String,
}

impl Peers {
    /// Start the process, hand it every workload's image and check both
    /// peers' outputs against the reference on each.
    pub fn start(workloads: &[Workload]) -> Result<Peers> {
        let python = python();
        ensure!(
            python.is_file(),
            "no {} (run `just peers-setup`: pinned opencv-python-headless, pillow, numpy from PyPI)",
            python.display()
        );
        let mut child = Command::new(&python)
            .arg(script())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .with_context(|| format!("cannot start {}", python.display()))?;
        let input = child.stdin.take().expect("piped stdin");
        let output = BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut peers = Peers { child, input, output, versions: String::new() };
        let ready = peers.line()?;
        let Some(versions) = ready.strip_prefix("ready ") else { bail!("peers: {ready}") };
        peers.versions = versions.to_string();
        for (i, w) in workloads.iter().enumerate() {
            writeln!(peers.input, "image {} {}", w.input.width, w.input.height)?;
            peers.input.write_all(&w.input.pixels)?;
            peers.input.flush()?;
            ensure!(peers.line()? == format!("ok {i}"), "peers: the image was not taken");
            for op in Op::ALL {
                peers.check(op, i, w)?;
            }
        }
        Ok(peers)
    }

    /// One call of `op` on image `index`, timed inside Python, in ms.
    pub fn time(&mut self, op: Op, index: usize) -> Result<f64> {
        writeln!(self.input, "run {} {index}", op.name())?;
        self.input.flush()?;
        let line = self.line()?;
        let ns: u64 = line.parse().with_context(|| format!("peers: {line}"))?;
        Ok(ns as f64 / 1e6)
    }

    /// The peer's output of `op` on image `index`: RGBA for blur, one byte
    /// a pixel for grayscale.
    pub fn output(&mut self, op: Op, index: usize) -> Result<Vec<u8>> {
        writeln!(self.input, "output {} {index}", op.name())?;
        self.input.flush()?;
        let line = self.line()?;
        let len: usize = line.parse().with_context(|| format!("peers: {line}"))?;
        let mut bytes = vec![0; len];
        self.output.read_exact(&mut bytes)?;
        Ok(bytes)
    }

    /// Whether the peer's `op` gives the contract's answer on `w`.
    fn check(&mut self, op: Op, index: usize, w: &Workload) -> Result<()> {
        let out = self.output(op, index)?;
        if let Some(at) = first_difference(op, w, &out) {
            bail!("{} disagrees with the contract's reference on {} at byte {at}", peer_name(op), w.label);
        }
        Ok(())
    }

    fn line(&mut self) -> Result<String> {
        let mut line = String::new();
        if self.output.read_line(&mut line)? == 0 {
            bail!("the peers' process ended (stderr above says why)");
        }
        Ok(line.trim_end().to_string())
    }
}

impl Drop for Peers {
    fn drop(&mut self) {
        // Closing stdin ends the request loop; wait so no zombie is left.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `cv2.blur` or `Image.convert("L")`: who `op`'s peer is.
pub fn peer_name(op: Op) -> &'static str {
    match op {
        Op::Blur => "OpenCV cv2.blur",
        Op::Grayscale => "Pillow convert(\"L\")",
    }
}

/// Where a peer's output first differs from the reference, if it does.
/// Pillow's "L" is one byte a pixel: the reference's gray (its R, G and B
/// are that byte) is what it must equal.
pub fn first_difference(op: Op, w: &Workload, out: &[u8]) -> Option<usize> {
    let want = &w.expected(op).pixels;
    match op {
        Op::Blur if out.len() != want.len() => Some(out.len().min(want.len())),
        Op::Blur => out.iter().zip(want).position(|(a, b)| a != b),
        Op::Grayscale if out.len() * 4 != want.len() => Some(out.len()),
        Op::Grayscale => out.iter().zip(want.chunks_exact(4)).position(|(a, px)| *a != px[0]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The peers are bit-exact with the contract's reference (the check
    /// `start` makes on every image). Needs `just peers-setup`; `just test`
    /// makes it and sets ROSETTA_PEERS_REQUIRED, so there it cannot skip.
    #[test]
    fn opencv_and_pillow_match_the_reference_bit_for_bit() {
        if !python().is_file() && std::env::var_os("ROSETTA_PEERS_REQUIRED").is_none() {
            eprintln!("skipped: no {} (just peers-setup)", python().display());
            return;
        }
        // Odd sizes reach every border case; a photo-sized one the rest.
        let workloads = [Workload::random(7, 5, 3), Workload::random(1, 1, 4), Workload::random(640, 361, 5)];
        let mut peers = Peers::start(&workloads).unwrap();
        assert!(peers.versions.starts_with("opencv 5.0.0; pillow 13.0.0; numpy 2.4.6"), "{}", peers.versions);
        let out = peers.output(Op::Blur, 0).unwrap();
        assert_eq!(first_difference(Op::Blur, &workloads[0], &out), None);
        assert!(peers.time(Op::Grayscale, 2).unwrap() > 0.0);
    }

    #[test]
    fn pillow_gray_is_held_against_the_reference_gray_channel() {
        let w = Workload::random(5, 3, 1);
        let gray: Vec<u8> = w.gray.pixels.chunks_exact(4).map(|px| px[0]).collect();
        assert_eq!(first_difference(Op::Grayscale, &w, &gray), None);
        let mut wrong = gray.clone();
        wrong[7] ^= 1;
        assert_eq!(first_difference(Op::Grayscale, &w, &wrong), Some(7));
        assert_eq!(first_difference(Op::Grayscale, &w, &gray[1..]), Some(14));
        assert_eq!(first_difference(Op::Blur, &w, &w.blurred.pixels), None);
        assert_eq!(first_difference(Op::Blur, &w, &w.input.pixels[..4]), Some(4));
    }
}
