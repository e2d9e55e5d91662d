//! Measure layer: what each build costs. Bytes on the wire (sizes), and
//! time beside native Rust (bench, native, timing), as medians (stats).
//! Every timed run is checked against the verify layer's reference.

pub mod bench;
mod native;
#[cfg(test)]
pub mod sample;
pub mod sizes;
pub mod stats;
pub mod timing;
