//! Compiles `native-scalar/lib.rs` (which includes rust/src/grayscale.rs and
//! rust/src/blur.rs) as a shared library with auto-vectorization off; see that
//! file for why.

use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-changed=native-scalar/lib.rs");
    println!("cargo:rerun-if-changed=../rust/src/grayscale.rs");
    println!("cargo:rerun-if-changed=../rust/src/blur.rs");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let lib = out.join(format!("{}native_scalar{}", env::consts::DLL_PREFIX, env::consts::DLL_SUFFIX));
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let status = Command::new(rustc)
        .args(["--edition=2021", "--crate-type=cdylib", "--crate-name=native_scalar"])
        .args(["-C", "opt-level=3", "-C", "no-vectorize-loops", "-C", "no-vectorize-slp"])
        .arg("-o")
        .arg(&lib)
        .arg("native-scalar/lib.rs")
        .status()
        .expect("cannot run rustc");
    assert!(status.success(), "compiling native-scalar/lib.rs failed");
    println!("cargo:rustc-env=NATIVE_SCALAR_LIB={}", lib.display());
}
