// Part 8: redaction cost. The redactor (dist/src/core/redact.js) with the credentials of an AK/SK
// client plus a long token, on texts a hostile server could send, from 100 kB to 10 MB: linear time
// means the same ms per MB at every size (judged: the largest size against the smallest, ≤ 1.5×).
// Reported beside it: an error body of 100,000 items, redactValue against JSON.parse of the same text.
// Process CPU time, not wall time: on a shared machine a long run is preempted more often than a short one.
// Each round times every size, in balanced order, and the judged ratio is the median of the rounds'
// own ratios (as part 7): a baseline timed once, apart, moved with whatever the host did then (a
// committed run judged 1.69× on a 100 kB baseline timed at 14 ms per MB, where runs before and after
// it measured 23–24).
import { balancedOrder, median, ratioSummary } from "./lib/stats.mjs";

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
/** The most the ms per MB at the largest size may be of the smallest's. */
const LINEAR_GOAL = 1.5;

/** CPU time of one run of `fn`, in ms. */
function cpuMs(fn) {
  const t0 = process.cpuUsage();
  fn();
  const { user, system } = process.cpuUsage(t0);
  return (user + system) / 1000;
}

/** Median CPU time of `fn`, in ms. */
const time = (fn, rounds) => median(Array.from({ length: rounds }, () => cpuMs(fn)));

/** CPU ms per MB of one redaction of `text`. */
const msPerMb = (redact, text) => cpuMs(() => redact(text)) / (text.length / MB);

export async function run({ quick, log }) {
  const { createRedactor, redactValue } = await import("../dist/src/core/redact.js");
  const redact = createRedactor(SECRETS, { signatures: true });
  const sizes = quick ? [100_000, MB] : [100_000, MB, 10 * MB];
  const rounds = quick ? 3 : 11;
  const rows = [];
  const raw = {};
  for (const [kind, given] of Object.entries(KINDS)) {
    const [start, unit] = Array.isArray(given) ? given : ["", given];
    const texts = [];
    /** A size whose first run was far from linear: judged on that run, not timed again. */
    let gaveUp;
    /** The smallest size's warm-up, in ms per MB. */
    let smallest;
    for (const size of sizes) {
      const text = (start + unit.repeat(Math.ceil(size / unit.length))).slice(0, size);
      const first = msPerMb(redact, text); // the warm-up
      smallest ??= first;
      if (first > GIVE_UP * smallest) {
        gaveUp = { size, ratio: first / smallest, msPerMb: first };
        log(
          `  ${kind}, ${size} chars: ${first.toFixed(1)} ms per MB (one run; far from linear, larger sizes left out)`,
        );
        break;
      }
      texts.push(text);
    }
    const perRound = [];
    for (let r = 0; r < rounds; r++) {
      const round = [];
      for (const i of balancedOrder([...texts.keys()], r)) round[i] = msPerMb(redact, texts[i]);
      perRound.push(round);
    }
    const perMb = texts.map((_, i) => median(perRound.map((round) => round[i])));
    texts.forEach((text, i) => log(`  ${kind}, ${text.length} chars: ${perMb[i].toFixed(1)} ms per MB`));
    raw[kind] = { sizes: texts.map((text) => text.length), msPerMbByRound: perRound, gaveUp };
    const largest = gaveUp?.size ?? texts.at(-1).length;
    const flat = gaveUp
      ? { ratio: gaveUp.ratio, text: "one run, far from linear" }
      : ratioSummary(
          perRound.map((round) => round.at(-1) / round[0]),
          LINEAR_GOAL,
        );
    rows.push({
      part: "8 redaction",
      measurement: `${kind}: CPU ms per MB at ${(largest / MB).toFixed(largest < MB ? 1 : 0)} MB against ${sizes[0] / 1000} kB (${flat.text})`,
      value: gaveUp?.msPerMb ?? perMb.at(-1),
      unit: "ms",
      baseline: perMb[0],
      baselineLabel: `ms per MB at ${sizes[0] / 1000} kB`,
      ratio: flat.ratio,
      goal: `≤ ${LINEAR_GOAL}× (linear)`,
      met: flat.ratio <= LINEAR_GOAL,
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
