// The CI job summary of a change report: Markdown made from the machine-readable report (reportJson,
// schemaVersion 1) that `node scripts/change-report.mjs --json FILE` writes: the count of each level,
// the BREAKING changes listed, the others folded away.

const LEVELS = [
  ["breaking", "BREAKING"],
  ["addition", "addition"],
  ["change", "compatible change"],
  ["info", "info (documentation, deprecations)"],
];
/** At most this many changes listed per part (a job summary holds 1 MiB). */
const MAX_LISTED = 200;

/** `text` as a Markdown code span, which nothing inside (`<oneOf X>`, `_`, `|`, `*`) is read in. */
function codeSpan(text) {
  text = String(text).replace(/\n/g, " ");
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  return longest ? `${fence} ${text} ${fence}` : `${fence}${text}${fence}`;
}

const item = (change) => `- ${change.api ? `**${change.api}** ` : ""}${codeSpan(change.message)}`;

function listed(changes) {
  const lines = changes.slice(0, MAX_LISTED).map(item);
  if (changes.length > MAX_LISTED)
    lines.push(`- … and ${changes.length - MAX_LISTED} more (the job's log has them all)`);
  return lines;
}

/** The report read from JSON, or a TypeError saying what is wrong with it. */
export function assertReport(report) {
  if (report?.schemaVersion !== 1 || !Array.isArray(report.changes))
    throw new TypeError("not a change report of schemaVersion 1 (what `change-report.mjs --json FILE` writes)");
  const known = new Set(LEVELS.map(([level]) => level));
  const odd = report.changes.find((change) => !known.has(change?.level) || typeof change.message !== "string");
  if (odd) throw new TypeError(`a change without a known level and a message: ${JSON.stringify(odd)}`);
  return report;
}

/**
 * The job summary of `report` (what reportJson returns), in Markdown; `base` names what it compares
 * with in the heading.
 */
export function jobSummary(report, { base } = {}) {
  assertReport(report);
  const heading = `## API changes${base ? ` against ${codeSpan(base)}` : ""}`;
  if (report.changes.length === 0) return `${heading}\n\nAPI surface unchanged.\n`;
  const of = (level) => report.changes.filter((change) => change.level === level);
  const lines = [heading, "", "| level | changes |", "| --- | ---: |"];
  for (const [level, label] of LEVELS) lines.push(`| ${label} | ${of(level).length} |`);
  const breaking = of("breaking");
  if (breaking.length) lines.push("", "### BREAKING", "", ...listed(breaking));
  const others = report.changes.filter((change) => change.level !== "breaking");
  if (others.length)
    lines.push(
      "",
      `<details><summary>The other ${others.length} change(s)</summary>`,
      "",
      ...listed(others),
      "",
      "</details>",
    );
  return `${lines.join("\n")}\n`;
}
