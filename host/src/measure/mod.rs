//! Measure layer: what each build costs. Bytes on the wire (sizes), and
//! time beside native Rust (bench, native, timing), as medians (stats).
//! Every timed run is checked against the verify layer's reference. What
//! component calls beside core calls (components). What the browser side measured (V8, Chromium, glue-build sizes) is read from
//! target/web/ (web).

pub mod bench;
pub mod components;
mod native;
pub mod peers;
#[cfg(test)]
pub mod sample;
pub mod sizes;
pub mod stats;
pub mod timing;
pub mod web;
