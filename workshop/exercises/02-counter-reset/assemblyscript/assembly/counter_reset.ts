// Exercise 02: counter_reset(handle) returns the value the counter had.
import { counterAt } from "./counter";

export function counter_reset(handle: usize): i32 {
  const counter = counterAt(handle);
  // TODO: the counter must be back at 0 afterwards.
  return counter.get();
}
