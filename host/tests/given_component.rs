//! `rosetta verify --module` on a component: recognised by its header and
//! checked against the WIT world its exports name (contract/wit/), as easily
//! as a core module. (The wrong-type case is in the error gallery, gallery.rs.)

mod common;

/// The calculator world, by hand: `add` over s32, wrapping.
const CALCULATOR: &str = r#"
(component
  (core module $m
    (func (export "add") (param i32 i32) (result i32)
      (i32.add (local.get 0) (local.get 1))))
  (core instance $i (instantiate $m))
  (func $add (param "a" s32) (param "b" s32) (result s32) (canon lift (core func $i "add")))
  (instance $operations (export "add" (func $add)))
  (export "example:calc/operations" (instance $operations)))
"#;

#[test]
#[ignore = "not yet run against a built host"]
fn a_calculator_component_passes_as_a_module() {
    let dir = tempfile::tempdir().unwrap();
    let path = common::module(dir.path(), "calc", CALCULATOR);
    let (code, modules) = common::verify_json(&[&path], &[]);
    let checks = &modules[0];
    assert_eq!(common::outcome(checks, "component").0, "pass", "{checks:?}");
    assert_eq!(common::outcome(checks, "add").0, "pass", "{checks:?}");
    assert_eq!(code, 0);
}

#[test]
#[ignore = "not yet run against a built host"]
fn a_component_of_neither_world_fails_to_load_with_the_worlds_named() {
    let dir = tempfile::tempdir().unwrap();
    let other = CALCULATOR.replace("example:calc/operations", "my:own/operations");
    let path = common::module(dir.path(), "other", &other);
    let (code, modules) = common::verify_json(&[&path], &[]);
    let (outcome, detail) = common::outcome(&modules[0], "component");
    assert_eq!(outcome, "fail");
    assert!(detail.contains("exports neither world"), "{detail}");
    assert_eq!(code, 1);
}
