// All that a client holds up front of drift validation (`validate`): a look at the option, and its
// API's dynamic import of its drift module (`setup.drift`). Checking the option, the checker and the
// API's validators load with that module on the first call of a client with `validate` set
// (src/core/drift.ts), so a client without it carries none of them (bench part 5 measures the
// entries with and without this hook).
import type { ClientCall, ClientSetup } from "./client.js";
import { redactError } from "./errors.js";
import type { Redactor } from "./redact.js";

/** `call`, checking each response against the spec when `validate` is set (a bad value is refused at the first call). */
export function withDriftHook(call: ClientCall, setup: ClientSetup, redact: Redactor): ClientCall {
  const { validate } = setup.options;
  if (validate === undefined || validate === "off") return call;
  let checked: Promise<ClientCall> | undefined;
  return async (...args) =>
    (await (checked ??= setup.drift().then((drift) => drift.checkedCall(call, setup, redact, redactError, drift))))(
      ...args,
    );
}
