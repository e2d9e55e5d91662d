// Exercise 02: counter_reset(handle) returns the value the counter had.
import { counterAt } from "./counter";

export function counter_reset(handle: usize): i32 {
  const counter = counterAt(handle);
  const old = counter.get();
  counter.value = 0; // the same object, back at 0: the handle stays valid
  return old;
}
