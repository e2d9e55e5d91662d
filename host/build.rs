//! Compiles `native-scalar/lib.rs` (which includes rust/src/grayscale.rs and
//! rust/src/blur.rs) twice as a shared library: with auto-vectorization off
//! (the "native scalar" baseline) and auto-vectorized for AVX2. See that file
//! for why.

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

/// (library name, the env var that tells the host where it is, codegen flags).
const LIBRARIES: [(&str, &str, &[&str]); 2] = [
    ("native_scalar", "NATIVE_SCALAR_LIB", &["-C", "no-vectorize-loops", "-C", "no-vectorize-slp"]),
    ("native_avx2", "NATIVE_AVX2_LIB", &["-C", "target-feature=+avx2"]),
];

fn main() {
    println!("cargo:rerun-if-changed=native-scalar/lib.rs");
    println!("cargo:rerun-if-changed=../rust/src/grayscale.rs");
    println!("cargo:rerun-if-changed=../rust/src/blur.rs");
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    // AVX2 flags only mean something on x86-64; elsewhere that library is not built.
    let x86_64 = env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("x86_64");
    for (name, var, flags) in LIBRARIES {
        if name == "native_avx2" && !x86_64 {
            println!("cargo:rustc-env={var}=");
            continue;
        }
        let lib = out.join(format!("{}{name}{}", env::consts::DLL_PREFIX, env::consts::DLL_SUFFIX));
        compile(name, flags, &lib);
        println!("cargo:rustc-env={var}={}", lib.display());
    }
}

fn compile(name: &str, flags: &[&str], lib: &Path) {
    let rustc = env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let status = Command::new(rustc)
        .args(["--edition=2021", "--crate-type=cdylib", &format!("--crate-name={name}")])
        .args(["-C", "opt-level=3"])
        .args(flags)
        .arg("-o")
        .arg(lib)
        .arg("native-scalar/lib.rs")
        .status()
        .expect("cannot run rustc");
    assert!(status.success(), "compiling native-scalar/lib.rs as {name} failed");
}
