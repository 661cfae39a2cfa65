// A full garbage collection in a test: V8's gc(), exposed at run time (the tests run without --expose-gc),
// for the tests of what stays reachable.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export function gc(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}
