//! The contract, as the host sees it: parsed from `contract/contract.toml`, the
//! one file every language and the host point to. It is compiled into the
//! binary so `rosetta verify --module x.wasm` works from any directory.

use serde::Deserialize;
use std::collections::BTreeMap;

const CONTRACT_TOML: &str = include_str!("../../../contract/contract.toml");

#[derive(Debug, Clone, Deserialize)]
pub struct Contract {
    pub version: u32,
    pub exports: BTreeMap<String, ExportSpec>,
    #[serde(default)]
    pub optional_exports: BTreeMap<String, ExportSpec>,
    pub status: Status,
    pub grayscale: Luma,
    pub alloc: AllocSpec,
    pub build: BuildSpec,
}

/// What build files and the host share about the toolchains.
#[derive(Debug, Clone, Deserialize)]
pub struct BuildSpec {
    /// The flags binaryen's wasm-opt needs to read every module here.
    pub wasm_opt_features: Vec<String>,
}

/// One export: a memory, or a function with core wasm value types.
#[derive(Debug, Clone, Deserialize)]
pub struct ExportSpec {
    #[serde(default = "func_kind")]
    pub kind: String,
    #[serde(default)]
    pub params: Vec<String>,
    #[serde(default)]
    pub results: Vec<String>,
}

fn func_kind() -> String {
    "func".to_string()
}

impl ExportSpec {
    pub fn is_memory(&self) -> bool {
        self.kind == "memory"
    }

    /// `(i32, i32) -> i32`, the form used in every message.
    pub fn signature(&self) -> String {
        format!("({}) -> ({})", self.params.join(", "), self.results.join(", "))
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Status {
    pub ok: i32,
    pub bad_dimensions: i32,
    pub out_of_bounds: i32,
    pub overlap: i32,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct Luma {
    pub r: u32,
    pub g: u32,
    pub b: u32,
    pub round: u32,
    pub shift: u32,
    /// Every pixel's weighted sum is below this (2^24): the bound every
    /// language's two-pixel grayscale states.
    pub sum_below: u32,
}

#[derive(Debug, Clone, Copy, Deserialize)]
pub struct AllocSpec {
    pub align: u32,
}

impl Contract {
    /// The contract compiled into this binary. It is checked by a unit test,
    /// so a malformed contract.toml fails `cargo test`, not a user's run.
    pub fn get() -> &'static Contract {
        use std::sync::OnceLock;
        static CONTRACT: OnceLock<Contract> = OnceLock::new();
        CONTRACT.get_or_init(|| toml::from_str(CONTRACT_TOML).expect("contract/contract.toml is valid"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contract_parses_and_names_every_kernel_export() {
        let c = Contract::get();
        for name in [
            "memory",
            "add",
            "counter_new",
            "counter_increment",
            "counter_get",
            "counter_free",
            "alloc",
            "dealloc",
            "grayscale",
            "blur",
        ] {
            assert!(c.exports.contains_key(name), "contract lacks {name}");
        }
        assert_eq!(c.exports["add"].signature(), "(i32, i32) -> (i32)");
        assert!(c.exports["memory"].is_memory());
        assert_eq!((c.status.ok, c.status.overlap), (0, 3));
    }

    #[test]
    fn the_largest_luma_sum_is_below_the_stated_bound() {
        let luma = Contract::get().grayscale;
        let largest = 255 * (luma.r + luma.g + luma.b) + luma.round;
        assert!(largest < luma.sum_below, "{largest} >= {}", luma.sum_below);
        assert_eq!(luma.sum_below, 1 << 24);
        assert!(largest >= 1 << 23, "2^24 is the tight power of two");
    }
}
