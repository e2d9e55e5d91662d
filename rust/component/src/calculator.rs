//! The `example:calc` world: one interface, one function.

wit_bindgen::generate!({ path: "../../contract/wit/calculator", world: "calculator" });

use exports::example::calc::operations::Guest;

struct Calculator;

impl Guest for Calculator {
    fn add(a: i32, b: i32) -> i32 {
        rosetta_kernel::add(a, b)
    }
}

export!(Calculator);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn add_wraps() {
        assert_eq!(Calculator::add(2, 3), 5);
        assert_eq!(Calculator::add(i32::MAX, 1), i32::MIN);
    }
}
