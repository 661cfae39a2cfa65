// Part 8: redaction cost. The redactor (dist/src/core/redact.js) with the credentials of an AK/SK
// client plus a long token, on texts a hostile server could send, from 100 kB to 10 MB: linear time
// means the same ms per MB at every size (judged: the largest size against the smallest, ≤ 1.5×).
// Reported beside it: an error body of 100,000 items, redactValue against JSON.parse of the same text.
// Process CPU time, not wall time: on a shared machine a long run is preempted more often than a short one.
import { median } from "./lib/stats.mjs";

const SECRETS = ["sk/Secret+Key=0123456789abcdefghij", "sts-security-token-0123456789abcdef".repeat(20), "tok1"];
const MB = 1024 * 1024;

/**
 * Texts that make the redactor work: both views, many filter hits, long hex runs, shapes. A kind given
 * as [start, unit] is its start once, then its unit repeated: one escape, then one run of words that
 * start a shape, which a pattern scanning the run from each of them reads in quadratic time.
 */
const KINDS = {
  "prose with escapes": "lorem ipsum %41%2f dolor \\/ sit amet, Bearer x ",
  "near misses (15-char pieces of a secret)": "sk/Secret+Key=0 sts-security-to ",
  "hex (signature-shaped runs)": "0123456789abcdef",
  "%bearerbearer… (one escape, one run of shape words)": ["%", "bearer"],
};
/** A size whose first run costs this many times the smallest size's ms per MB ends its kind: far from linear, larger ones would take hours. */
const GIVE_UP = 5;

/** Median CPU time of `fn`, in ms. */
function time(fn, rounds) {
  const ms = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.cpuUsage();
    fn();
    const { user, system } = process.cpuUsage(t0);
    ms.push((user + system) / 1000);
  }
  return median(ms);
}

export async function run({ quick, log }) {
  const { createRedactor, redactValue } = await import("../dist/src/core/redact.js");
  const redact = createRedactor(SECRETS, { signatures: true });
  const sizes = quick ? [100_000, MB] : [100_000, MB, 10 * MB];
  const rounds = quick ? 3 : 7;
  const rows = [];
  const raw = {};
  for (const [kind, given] of Object.entries(KINDS)) {
    const [start, unit] = Array.isArray(given) ? given : ["", given];
    const perMb = [];
    const measured = [];
    for (const size of sizes) {
      const text = (start + unit.repeat(Math.ceil(size / unit.length))).slice(0, size);
      const first = time(() => redact(text), 1); // the warm-up
      measured.push(size);
      if (perMb.length > 0 && first / (size / MB) > GIVE_UP * perMb[0]) {
        perMb.push(first / (size / MB));
        log(`  ${kind}, ${size} chars: ${first.toFixed(1)} ms (one run; far from linear, larger sizes left out)`);
        break;
      }
      const ms = time(() => redact(text), rounds);
      perMb.push(ms / (size / MB));
      log(`  ${kind}, ${size} chars: ${ms.toFixed(1)} ms`);
    }
    raw[kind] = { sizes: measured, msPerMb: perMb };
    const first = perMb[0];
    const last = perMb.at(-1);
    rows.push({
      part: "8 redaction",
      measurement: `${kind}: CPU ms per MB at ${(measured.at(-1) / MB).toFixed(0)} MB against ${sizes[0] / 1000} kB`,
      value: last,
      unit: "ms",
      baseline: first,
      baselineLabel: `ms per MB at ${sizes[0] / 1000} kB`,
      ratio: last / first,
      goal: "≤ 1.5× (linear)",
      met: last / first <= 1.5,
    });
  }

  const body = JSON.stringify({
    items: Array.from({ length: 100_000 }, (_, i) => ({ id: `id-${i}`, name: `connection ${i}`, status: "accepted" })),
  });
  const parsed = JSON.parse(body);
  redactValue(parsed, redact);
  const redactMs = time(() => redactValue(parsed, redact), rounds);
  const parseMs = time(() => JSON.parse(body), rounds);
  raw.body = { redactMs, parseMs };
  rows.push({
    part: "8 redaction",
    measurement: `an error body of 100,000 items (${(body.length / MB).toFixed(1)} MB): redactValue, CPU ms`,
    value: redactMs,
    unit: "ms",
    baseline: parseMs,
    baselineLabel: "JSON.parse of the same text",
    ratio: redactMs / parseMs,
    goal: "report",
    met: null,
  });
  return { rows, raw };
}
