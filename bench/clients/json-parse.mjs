// Measured process of part 7 (JSON parsing). Builds its inputs from a fixed seed, then times
// parseJson (the package's, from dist/) against JSON.parse on the same texts, interleaved:
//  - typical pages: OTC VPC Endpoint connection pages shaped like the emulator's (4% of marker_id
//    values beyond 2^53, at least one per page), 10 kB to 1 MB, and the same pages with every
//    marker_id small (only the check for a long digit run runs);
//  - adversarial inputs of 10 kB to 10 MB (see INPUTS), in ms per MB, the sizes of a kind
//    interleaved within each round.
// Where the runtime gives a reviver the literal's source text (Node 22+), JSON.parse with such a
// reviver is timed on the typical pages too (the platform's way, reported, not used).
//
//   node bench/clients/json-parse.mjs <rounds> <minMsPerSample> <largestMB>
import { parseJson } from "connectivity-clients";
import { childMain } from "../lib/proc.mjs";
import { balancedOrder } from "../lib/stats.mjs";

const [roundsArg, minMsArg, largestArg] = process.argv.slice(2);
const ROUNDS = Number(roundsArg);
const MIN_MS = Number(minMsArg);
const LARGEST_MB = Number(largestArg);

let state = 20241204;
const random = () => (state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 2 ** 32;
const hex = (length) => Array.from({ length }, () => "0123456789abcdef"[Math.floor(random() * 16)]).join("");
const LONG = "12345678901234567890";
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** A connection as the emulator writes it (src/emulator/data.ts): big marks whether marker_id is beyond 2^53. */
function connection(i, big) {
  const marker = big ? MAX_SAFE + BigInt(2 + Math.floor(random() * 2 ** 30)) * 8191n : BigInt(16777216 + i * 17);
  const failed = random() < 0.04;
  return (
    `{"id":"${hex(8)}-${hex(4)}-4${hex(3)}-8${hex(3)}-${hex(12)}","marker_id":${marker},` +
    `"created_at":"2021-03-01T08:${String(i % 60).padStart(2, "0")}:00Z","updated_at":"2021-03-02T09:00:00Z",` +
    `"domain_id":"${hex(32)}","status":"${failed ? "failed" : "accepted"}"` +
    `${failed ? ',"error":[{"error_code":"Endpoint.2004","error_message":"quota exceeded"}]' : ""}}`
  );
}
/** A connections page of about `bytes`, with or without marker_id values beyond 2^53. */
function page(bytes, withBig) {
  const items = [];
  let size = 40;
  for (let i = 0; size < bytes; i++) {
    const item = connection(i, withBig && (i === 7 || random() < 0.04));
    items.push(item);
    size += item.length + 1;
  }
  return `{"connections":[${items.join(",")}],"total_count":${items.length * 7}}`;
}
const repeatTo = (bytes, head, unit, tail) =>
  head + unit.repeat(Math.max(1, Math.floor((bytes - head.length - tail.length) / unit.length))) + tail;
const INPUTS = {
  'a long integer, then an unterminated run of \\" pairs (invalid)': (bytes) =>
    repeatTo(bytes, `[${LONG}, "`, '\\"', ""),
  "long integers at depth 5,000 (depth bytes/8 below 40 kB)": (bytes) => {
    const depth = Math.min(5000, Math.floor(bytes / 8));
    return repeatTo(bytes, "[".repeat(depth), `${LONG},`, `1${"]".repeat(depth)}`);
  },
  "long integers, the last byte missing (invalid)": (bytes) => repeatTo(bytes, "[", `${LONG},`, "1"),
  "long digit runs inside strings only": (bytes) => repeatTo(bytes, "[", `"${LONG}",`, "1]"),
  "strings holding `:<long integer>`, one long integer last (marked twice)": (bytes) =>
    repeatTo(bytes, "[", `"a:${LONG}",`, `${LONG}]`),
  "typical pages (int64 marker_id values), valid": (bytes) => page(bytes, true),
};

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};
/**
 * CPU ms per call of fn(text) (process CPU time, user + system: on a shared machine less noisy than
 * wall time), calls repeated until MIN_MS of CPU time have passed.
 */
function msPerCall(fn, text) {
  let calls = 0;
  const start = cpuMs();
  let elapsed;
  do {
    try {
      fn(text);
    } catch {
      // invalid inputs: the time to reject them is what is measured
    }
    calls += 1;
    elapsed = cpuMs() - start;
  } while (elapsed < MIN_MS);
  return elapsed / calls;
}

const SOURCE_TEXT_ACCESS = (() => {
  let seen = false;
  JSON.parse("1", (_key, value, context) => {
    seen = typeof context?.source === "string";
    return value;
  });
  return seen;
})();
const INTEGER = /^-?\d+$/;
const parseWithSourceText = (text) =>
  JSON.parse(text, (_key, value, context) =>
    typeof value === "number" && !Number.isSafeInteger(value) && INTEGER.test(context.source)
      ? BigInt(context.source)
      : value,
  );

function check(text) {
  const value = parseJson(text);
  const bigs = value.connections.filter((c) => typeof c.marker_id === "bigint").length;
  const expected = (text.match(/"marker_id":\d{16,}/g) ?? []).length;
  if (bigs !== expected) throw new Error(`parseJson gave ${bigs} bigint marker_id values, the text has ${expected}`);
}

childMain(async () => {
  const variants = { "JSON.parse": JSON.parse, parseJson };
  if (SOURCE_TEXT_ACCESS) variants["JSON.parse + context.source reviver"] = parseWithSourceText;
  const pages = [];
  for (const kB of [10, 100, 1000])
    for (const withBig of [true, false]) {
      const text = page(kB * 1000, withBig);
      check(text);
      pages.push({ kB, withBig, bytes: text.length, text, rounds: [] });
    }
  for (const p of pages) for (const fn of Object.values(variants)) msPerCall(fn, p.text); // warm-up
  for (let r = 0; r < ROUNDS; r++)
    for (const p of pages) {
      const round = {};
      for (const name of balancedOrder(Object.keys(variants), r)) round[name] = msPerCall(variants[name], p.text);
      p.rounds.push(round);
    }

  // Each round times every size of a kind, in balanced order, so that the sizes compared by the
  // flatness ratio share the machine's state of that round.
  const adversarial = [];
  const sizes = [10_000, 100_000, 1_000_000, 10_000_000].filter((s) => s <= LARGEST_MB * 1_000_000);
  const pair = { parseJson, "JSON.parse": JSON.parse };
  for (const [kind, make] of Object.entries(INPUTS)) {
    const entries = sizes.map((size) => ({ kind, size, text: make(size), rounds: [] }));
    for (const entry of entries) for (const fn of Object.values(pair)) msPerCall(fn, entry.text); // warm-up
    for (let r = 0; r < Math.max(3, Math.ceil(ROUNDS / 3)); r++)
      for (const entry of balancedOrder(entries, r)) {
        const round = {};
        for (const name of balancedOrder(Object.keys(pair), r)) round[name] = msPerCall(pair[name], entry.text);
        entry.rounds.push(round);
      }
    for (const { text, ...entry } of entries) adversarial.push({ ...entry, bytes: text.length });
  }
  for (const p of pages) delete p.text;
  return { node: process.version, sourceTextAccess: SOURCE_TEXT_ACCESS, pages, adversarial };
});
