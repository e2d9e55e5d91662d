//! Static facts about a module, read with `wasmparser` without running it:
//! the section breakdown and imports (for `sizes`), and the export check
//! against the contract (for `verify`).

use super::contract::{Contract, ExportSpec};
use super::error::HostError;
use super::instance::ExportShape;
use serde::Serialize;
use wasmparser::{Parser, Payload, Validator, WasmFeatures};

/// Bytes per kind of content. Section headers count with their section.
#[derive(Debug, Default, Clone, Serialize)]
pub struct Sections {
    pub code: usize,
    pub data: usize,
    /// Custom sections: names, producers, target_features, debug info.
    pub custom: usize,
    /// Everything else: types, imports, functions, tables, exports, ...
    pub other: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleFacts {
    pub sections: Sections,
    /// `module.name` of every import, e.g. `wasi_snapshot_preview1.fd_write`.
    pub imports: Vec<String>,
    /// The module with every custom section removed.
    #[serde(skip)]
    pub stripped: Vec<u8>,
}

pub fn facts(name: &str, bytes: &[u8]) -> Result<ModuleFacts, HostError> {
    let malformed =
        |e: wasmparser::BinaryReaderError| HostError::Malformed { module: name.to_string(), reason: e.to_string() };
    let mut sections = Sections::default();
    let mut imports = Vec::new();
    let mut stripped = bytes.get(..8).unwrap_or_default().to_vec();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(malformed)?;
        if let Payload::ImportSection(reader) = &payload {
            for import in reader.clone().into_imports() {
                let import = import.map_err(malformed)?;
                imports.push(format!("{}.{}", import.module, import.name));
            }
        }
        let Some((_id, content)) = payload.as_section() else { continue };
        // A section is: id byte, LEB128 size, content. Count the header too.
        let header = 1 + leb128_len(content.len());
        let whole = content.start - header..content.end;
        match payload {
            Payload::CodeSectionStart { .. } => sections.code += whole.len(),
            Payload::DataSection(_) => sections.data += whole.len(),
            Payload::CustomSection(_) => sections.custom += whole.len(),
            _ => sections.other += whole.len(),
        }
        if !matches!(payload, Payload::CustomSection(_)) {
            // A truncated file can announce a section longer than what is left.
            let section = bytes.get(whole).ok_or_else(|| HostError::Malformed {
                module: name.to_string(),
                reason: "the file ends inside a section (truncated?)".into(),
            })?;
            stripped.extend_from_slice(section);
        }
    }
    Ok(ModuleFacts { sections, imports, stripped })
}

/// The core modules inside a component: their sizes, largest first (the
/// language's own code; a preview-1 adapter is another one).
pub fn component_modules(name: &str, bytes: &[u8]) -> Result<Vec<usize>, HostError> {
    let mut sizes = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| HostError::Malformed { module: name.to_string(), reason: e.to_string() })?;
        if let Payload::ModuleSection { unchecked_range, .. } = payload {
            sizes.push(unchecked_range.len());
        }
    }
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    Ok(sizes)
}

/// Whether the module uses 128-bit SIMD, read from its code rather than its
/// name: it validates with the default features, but not without simd.
/// "Best scalar" targets leave such modules out, whatever the build is called.
pub fn uses_simd(bytes: &[u8]) -> bool {
    let scalar = WasmFeatures::default() - WasmFeatures::SIMD - WasmFeatures::RELAXED_SIMD;
    Validator::new().validate_all(bytes).is_ok() && Validator::new_with_features(scalar).validate_all(bytes).is_err()
}

fn leb128_len(mut value: usize) -> usize {
    let mut n = 1;
    while value >= 0x80 {
        value >>= 7;
        n += 1;
    }
    n
}

/// Compare a compiled module's exports (as its runtime describes them) with
/// the contract. Returns every problem at once, so a participant can fix
/// them all in one go.
pub fn export_problems(exports: &[(String, ExportShape)]) -> Vec<String> {
    let contract = Contract::get();
    let find = |name: &str| exports.iter().find(|(n, _)| n == name).map(|(_, shape)| shape);
    let mut problems = Vec::new();
    for (name, spec) in &contract.exports {
        match find(name) {
            None => problems.push(format!("missing export `{name}` ({})", describe(spec))),
            Some(shape) => problems.extend(mismatch(name, spec, shape)),
        }
    }
    for (name, spec) in &contract.optional_exports {
        if let Some(shape) = find(name) {
            problems.extend(mismatch(name, spec, shape));
        }
    }
    problems
}

/// The imports the host links (contract/README.md, "Imports"): any WASI
/// preview 1 function (with no capabilities behind it) and these two.
const ENV_IMPORTS: [&str; 2] = ["env.abort", "env.emscripten_notify_memory_growth"];

/// Every import of `bytes` the contract does not list, as one message each.
/// Bytes that do not parse give one problem (the compile then says more).
pub fn import_problems(name: &str, bytes: &[u8]) -> Vec<String> {
    let imports = match facts(name, bytes) {
        Ok(facts) => facts.imports,
        Err(_) if !bytes.starts_with(b"\0asm") => {
            let start: Vec<String> = bytes.iter().take(4).map(|b| format!("{b:02x}")).collect();
            return vec![format!(
                "{name}: not a WebAssembly module (a module starts with the bytes 00 61 73 6d, `\\0asm`; this file starts with {})",
                if start.is_empty() { "nothing: it is empty".to_string() } else { start.join(" ") }
            )];
        }
        Err(_) => return Vec::new(),
    };
    imports
        .into_iter()
        .filter(|i| !i.starts_with("wasi_snapshot_preview1.") && !ENV_IMPORTS.contains(&i.as_str()))
        .map(|i| {
            format!("{name}: imports `{i}`, which the contract does not list (the host links only WASI preview 1 with no capabilities, env.abort and env.emscripten_notify_memory_growth)")
        })
        .collect()
}

fn describe(spec: &ExportSpec) -> String {
    if spec.is_memory() {
        "a memory".into()
    } else {
        format!("a function {}", spec.signature())
    }
}

fn mismatch(name: &str, spec: &ExportSpec, shape: &ExportShape) -> Option<String> {
    let got = match shape {
        ExportShape::Memory if spec.is_memory() => return None,
        ExportShape::Func { params, results } if !spec.is_memory() => {
            if *params == spec.params && *results == spec.results {
                return None;
            }
            format!("a function ({}) -> ({})", params.join(", "), results.join(", "))
        }
        ExportShape::Func { .. } => "a function".into(),
        ExportShape::Memory => "a memory".into(),
        ExportShape::Table => "a table".into(),
        ExportShape::Global => "a global".into(),
        ExportShape::Tag => "a tag".into(),
    };
    Some(format!("export `{name}` is {got}, the contract wants {}", describe(spec)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_sections_and_strips_custom_ones() {
        let wasm = wat::parse_str(
            r#"(module (import "env" "f" (func)) (memory (export "memory") 1)
               (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add)
               (data (i32.const 8) "hello") (@custom "notes" "0123456789"))"#,
        )
        .unwrap();
        let f = facts("t", &wasm).unwrap();
        assert_eq!(f.imports, vec!["env.f".to_string()]);
        assert!(f.sections.code > 0 && f.sections.data > 0);
        assert_eq!(f.sections.custom, 1 + 1 + 1 + 5 + 10); // id, size, name len, "notes", payload
        assert_eq!(f.stripped.len(), wasm.len() - f.sections.custom);
        assert_eq!(f.sections.code + f.sections.data + f.sections.custom + f.sections.other + 8, wasm.len());
        assert!(facts("t", &f.stripped).is_ok());
    }

    #[test]
    fn a_component_s_core_modules_are_found_and_measured() {
        let component = wat::parse_str("(component (core module) (core module (func)))").unwrap();
        let sizes = component_modules("c", &component).unwrap();
        assert_eq!(sizes.len(), 2);
        assert!(sizes[0] > sizes[1] && sizes.iter().sum::<usize>() < component.len());
    }

    #[test]
    fn simd_is_read_from_the_code() {
        let simd = wat::parse_str("(module (func (result v128) v128.const i64x2 0 0))").unwrap();
        let scalar = wat::parse_str("(module (func (result i32) i32.const 0))").unwrap();
        assert!(uses_simd(&simd));
        assert!(!uses_simd(&scalar));
        assert!(!uses_simd(b"junk"));
    }

    #[test]
    fn malformed_bytes_are_an_error_not_a_panic() {
        let err = facts("junk", b"\0asm\x01\0\0\0\x01\xff").unwrap_err();
        assert!(err.to_string().starts_with("junk: not a valid WebAssembly module"), "{err}");
    }
}
