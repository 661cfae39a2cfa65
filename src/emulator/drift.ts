// The `drift` fault: the emulator answers something its spec does not describe, as a real service
// whose documentation went stale would, so that drift detection (`validate`) can be tried end to end.
import { parseJson } from "../core/json.js";
import { DRIFT_ENUM_VALUE, DRIFT_PROPERTY, type DriftFault } from "./faults.js";
import { isObject, type Reply } from "./http.js";

type Json = Record<string, unknown>;

/** The first resource of a body: the first object with an `id`, depth first (a list's first item, a read's resource). */
function firstResource(node: unknown): Json | undefined {
  if (Array.isArray(node)) {
    for (const item of node) {
      const found = firstResource(item);
      if (found) return found;
    }
    return undefined;
  }
  if (!isObject(node)) return undefined;
  if ("id" in node) return node;
  for (const value of Object.values(node)) {
    const found = firstResource(value);
    if (found) return found;
  }
  return undefined;
}

/**
 * The object holding the enum field `unknown-enum` bends, and its key: the resource's `status`; for
 * Confluent, `status.phase` of a list's item, but a single resource's `kind`, since only the list's
 * schema makes `status.phase` an enum (the others write it with `x-extensible-enum`), while `kind`
 * is an enum in every one.
 */
function enumField(resource: Json, single: boolean): [Json, string] | undefined {
  if (typeof resource.status === "string") return [resource, "status"];
  if (isObject(resource.status) && typeof resource.status.phase === "string")
    return single && typeof resource.kind === "string" ? [resource, "kind"] : [resource.status, "phase"];
  return undefined;
}

/** Bends one thing of the body's first resource; false when the body has no resource to bend. */
function bend(body: unknown, kind: DriftFault): boolean {
  const resource = firstResource(body);
  if (!resource) return false;
  switch (kind) {
    case "undeclared-property":
      resource[DRIFT_PROPERTY] = "a field the spec does not declare";
      return true;
    case "missing-required":
      delete resource.id;
      return true;
    case "unknown-enum": {
      const field = enumField(resource, resource === body);
      if (!field) return false;
      field[0][field[1]] = DRIFT_ENUM_VALUE;
      return true;
    }
    case "wrong-type": {
      const name = Object.keys(resource).find((key) => key !== "id" && typeof resource[key] === "string");
      if (!name) return false;
      resource[name] = 12345;
      return true;
    }
  }
}

/** The reply with its JSON body bent by `kind` (the same reply when there is nothing to bend). */
export function driftReply(reply: Reply, kind: DriftFault): Reply {
  const json = reply.jsonBytes ? parseJson(reply.jsonBytes.toString("utf8")) : structuredClone(reply.json);
  if (!bend(json, kind)) return reply;
  const { jsonBytes: _written, ...rest } = reply;
  return { ...rest, json };
}
