// The drift report: the main job's listing run with `validate` on, its findings grouped per operation,
// each with its count, sample values and the spec edit that would make it go away.
import path from "node:path";
import { KEPT_RESPONSES, json, MAX_ENUM_PLACES, MAX_ENUM_VALUES, responseRecorder } from "./drift-bodies.mjs";
import { combineEdits, isUnionNote, isVerbatim, loader, REPLACING, suggestEdit } from "./drift-edits.mjs";
import { groupPointer, shownPointer } from "./drift-locate.mjs";

/** src/core/drift.ts's RESPONSE_FINDINGS: a finding's link to its response's findings. */
const RESPONSE_FINDINGS = Symbol.for("connectivity-clients.drift.responseFindings");
import { listApis } from "./apis.mjs";

const MAX_SAMPLES = 3;

/** operationId -> API name, from each API's generated validators. */
async function operationApis(apis, load) {
  const byOperation = new Map();
  for (const { name } of apis) {
    const { responses } = await load(name);
    for (const { operationId } of Object.values(responses)) byOperation.set(operationId, name);
  }
  return byOperation;
}

const groupKey = (finding) =>
  `${finding.operationId} ${finding.status} ${groupPointer(finding.pointer)} ${finding.kind}`;

/**
 * The most groups a report keeps: more distinct (operation, status, pointer, kind) than any real spec
 * drift makes, as the client's default warning stops after 1,000 lines. A server can make a new one with
 * every item (a property name no other item has): the findings of groups beyond are only counted.
 */
export const MAX_GROUPS = 1000;
/** The most characters of pointers the groups keep between them (a server's property names can be megabytes long). */
export const MAX_GROUP_POINTERS = 16 << 20;
/** The most JSON text of the body places kept for the edits, between all groups; beyond, an edit is made from its finding alone. */
export const MAX_KEPT_PLACES = 64 << 20;

/** An edit adding values to an enum of no union member (a member's other places hold other members' values). */
const isPlainEnumEdit = (edit) =>
  edit?.action === "add-enum" && !edit.keys.some((key) => key === "oneOf" || key === "anyOf");

/**
 * An enum's edit with every value found at the places of its kept bodies (`at[i].valuesThere`), not the
 * finding's samples alone (for an isPlainEnumEdit): `{ edit, incomplete }`, or null when it adds nothing.
 * `suggest(values)` makes the edit at the first place. `incomplete`: more values may be out there than the
 * edit adds (a body's places past those looked at, or more than MAX_ENUM_VALUES).
 */
function enumWithAllValues(at, finding, suggest) {
  const texts = new Set(finding.values.map(json));
  const values = [...finding.values];
  let incomplete = false;
  for (const { valuesThere } of at) {
    if (!valuesThere) continue;
    incomplete ||= valuesThere.more;
    for (const value of valuesThere.values) {
      const text = json(value);
      if (texts.has(text)) continue;
      if (values.length >= MAX_ENUM_VALUES) {
        incomplete = true;
        break;
      }
      texts.add(text);
      values.push(value);
    }
  }
  if (values.length === finding.values.length && !incomplete) return null;
  const wider = suggest(values);
  // A note (a value to add was redacted) stands instead of the edit too.
  return wider?.action === "add-enum" || wider?.note ? { edit: wider, incomplete } : null;
}

/** An operation's response, as findings and groups name it. */
const operationKey = ({ method, path, status }) => `${method} ${path} ${status}`;

/** What the report says of an enum finding whose edit may not add every value the service sends. */
export const INCOMPLETE_ENUM = `the responses may hold more values there than the report gathers (at most ${MAX_ENUM_VALUES} distinct ones, from the first ${KEPT_RESPONSES} responses of the finding and ${MAX_ENUM_PLACES.toLocaleString("en")} places of each, within the report's memory bound, and of the findings the clients show): after making the edit, run the report again for the rest`;

/**
 * Runs `listings` (src/cli/list-all.ts, built) with validation on and groups what they find.
 * `listings(emulator, options)` as list-all exports it; `emulator()` starts (once) the emulator it lists;
 * `parseJson` (the package's) reads the response bodies kept to place the edits (default JSON.parse);
 * `redact` (the printer's: every credential of the environment) keeps an edit that would write one
 * from being suggested (a note instead), as for a value the client redacted; `limits` replaces
 * { maxGroups, maxGroupPointers, maxKeptPlaces } (MAX_GROUPS, ...), for tests.
 * Returns { groups: [{ api, operationId, method, path, status, kind, pointer, count, samples, edit }],
 * failures: [{ api, message }], targets: [{ api, target }] } (target: "emulator" or "real ..."), and,
 * only when there are some, `omitted` (the places of drift not shown: those each client counted beyond
 * its 100 findings of a response, once per response, and those of the findings beyond the groups kept,
 * each counted as the client counts a finding) and `stopped: [{ api, maxItems }]` (the listings that stopped at their
 * maxItems: the list holds more, not checked).
 * A group's `samples` are the JSON texts of the distinct values found (none for a missing field); its
 * `actualTypes`, when the checker gives them, the JSON types of all its findings' values; `moreEdits`,
 * when its objects are of several oneOf members, the edit for each member after the first.
 * Each finding is folded into its group as it arrives: what the report holds is bounded by the limits
 * above, however many findings the listings report.
 */
export async function collectDrift({ root, listings, emulator, loadValidators, parseJson, redact, limits = {} }) {
  const { maxGroups = MAX_GROUPS, maxGroupPointers = MAX_GROUP_POINTERS, maxKeptPlaces = MAX_KEPT_PLACES } = limits;
  const failures = [];
  const targets = [];
  const stopped = [];
  let omitted = 0;
  let pointerChars = 0;
  let keptChars = 0;
  // The places in the bodies of each group's findings (a oneOf member is picked by each): a client folds
  // the findings of one response, so a group's findings come from different responses (the pages of a
  // listing, whose objects can be of different members), as many as are kept.
  const recorder = responseRecorder(undefined, parseJson);
  /**
   * The places kept of `drift`'s body, each counted against maxKeptPlaces (none once it is reached: the
   * group's values are then not all looked at, `unkept`).
   */
  const keptPlaces = async (drift, group) => {
    const places = await recorder.bodiesOf(drift).catch(() => []);
    // No body of it is kept (one over MAX_KEPT_BYTES, or gone from the recorder): its values are not looked at.
    if (places.length === 0) unkept.add(group);
    const kept = [];
    for (const place of places) {
      const size = place.body === undefined ? 0 : (json(place.body)?.length ?? 0);
      if (keptChars + size > maxKeptPlaces) {
        unkept.add(group);
        break;
      }
      keptChars += size;
      kept.push(place);
    }
    return kept;
  };
  const groups = new Map();
  /** Each group's distinct sample values (as found), beside their JSON texts in group.samples. */
  const values = new Map();
  /** Each group's kept body places (promises, at most KEPT_RESPONSES). */
  const bodies = new Map();
  /** The operations (operationKey) some of whose findings were not shown: their enum edits may miss values. */
  const omittedAt = new Set();
  /** The groups with findings whose bodies were not kept (past KEPT_RESPONSES, the kept-places bound, or none received). */
  const unkept = new Set();
  /** The responses whose places beyond a client's findings (`omitted`) are counted already. */
  const counted = new WeakSet();
  const onDrift = (finding) => {
    // Every finding of a response carries that response's `omitted`: counted once per response.
    const response = finding[RESPONSE_FINDINGS];
    if (response && !counted.has(response)) {
      counted.add(response);
      omitted += finding.omitted ?? 0;
      if (finding.omitted) omittedAt.add(operationKey(finding));
    }
    const key = groupKey(finding);
    let group = groups.get(key);
    if (!group) {
      const size = key.length + 2 * finding.pointer.length;
      if (groups.size >= maxGroups || (groups.size > 0 && pointerChars + size > maxGroupPointers)) {
        omitted += finding.count ?? 1;
        omittedAt.add(operationKey(finding));
        return;
      }
      pointerChars += size;
      group = {
        // Its API, the first key, once the validators are loaded.
        api: undefined,
        ...finding,
        pointer: groupPointer(finding.pointer),
        count: 0,
        samples: [],
        example: finding.pointer,
      };
      delete group.actual;
      delete group.actualTypes;
      delete group.omitted; // its response's, not the group's: the report's total says it
      groups.set(key, group);
      values.set(group, []);
      bodies.set(group, []);
    }
    const kept = bodies.get(group);
    if (kept.length < KEPT_RESPONSES) kept.push(keptPlaces(finding, group));
    else unkept.add(group);
    group.count += finding.count ?? 1;
    if (Array.isArray(finding.actualTypes))
      group.actualTypes = [...new Set([...(group.actualTypes ?? []), ...finding.actualTypes])];
    for (const value of finding.samples ?? [finding.actual]) {
      // A missing field has no value: its samples are empty.
      if (value === undefined) continue;
      const sample = json(value);
      if (group.samples.length >= MAX_SAMPLES || group.samples.includes(sample)) continue;
      group.samples.push(sample);
      values.get(group).push(value);
    }
  };
  for (const listing of listings(emulator, { validate: { mode: "warn", onDrift }, fetch: recorder.fetch })) {
    targets.push({ api: listing.api, target: listing.target });
    try {
      const end = await listing.run(() => {});
      if (end?.stoppedAtCap) stopped.push({ api: listing.api, maxItems: listing.maxItems });
    } catch (error) {
      failures.push({ api: listing.api, message: error instanceof Error ? error.message : String(error) });
    }
  }
  const specs = listApis(root);
  const apis = await operationApis(specs, loadValidators);
  // The spec files, read once for all the edits.
  const load = loader();
  for (const group of groups.values()) group.api = apis.get(group.operationId);
  // The edit of each group, from every value it saw (an enum gains them all), at each place of its
  // bodies: one edit per oneOf member its objects are.
  for (const group of groups.values()) {
    const specRoot = specs.find((a) => a.name === group.api)?.root;
    if (!specRoot) {
      group.edit = { note: "API not found" };
      continue;
    }
    const finding = { ...group, pointer: group.example, actual: values.get(group)[0], values: values.get(group) };
    // Without a body (none kept, or none fits), the edit is made from the finding alone.
    const at = (await Promise.all(bodies.get(group))).flat();
    /** The edit at one place of a kept body, from the finding's values or from `values`. */
    const editAt = ({ pointer, body, unchecked }, values = finding.values) =>
      suggestEdit({
        root: path.join(root, specRoot),
        finding: { ...finding, values, pointer, ...(unchecked ? { unchecked } : {}) },
        sample: body,
        load,
        redact,
      });
    const edits = (at.length ? at : [{ pointer: group.example, body: undefined }]).map((place) => editAt(place));
    // An enum value of another oneOf member: the union edit only when no place's objects refuse it.
    const unionNote = edits.find(isUnionNote);
    const distinct = new Map();
    for (const edit of edits.filter((e) => !e.note && !(unionNote && e.action === "use-union")))
      distinct.set(JSON.stringify([edit.file, edit.keys, edit.action, edit.name]), edit);
    const [first, ...more] = distinct.values();
    group.edit = first ?? unionNote ?? edits[0];
    if (more.length > 0) group.moreEdits = more;
    if (group.kind === "enum" && isPlainEnumEdit(group.edit)) {
      // An edit made from the finding alone (no place of it kept) adds its samples only; and findings a
      // client did not show (past its 100 of a response) or the report did not keep may hold values too.
      if (unkept.has(group) || omittedAt.has(operationKey(group))) group.incomplete = INCOMPLETE_ENUM;
      const wider = at.length > 0 && enumWithAllValues(at, finding, (values) => editAt(at[0], values));
      if (wider) {
        group.edit = wider.edit;
        if (wider.incomplete) group.incomplete = INCOMPLETE_ENUM;
      }
    }
  }
  // Edits of one schema from several findings, made one after another, must not undo each other.
  const entries = [...groups.values()].flatMap((group) =>
    [group.edit, ...(group.moreEdits ?? [])].map((edit) => ({
      edit,
      finding: `the ${group.kind} finding at ${shownPointer(group.pointer)}`,
    })),
  );
  const combined = combineEdits(entries, load);
  for (const group of groups.values()) {
    group.edit = combined.get(group.edit) ?? group.edit;
    if (!group.moreEdits) continue;
    const more = group.moreEdits.map((edit) => combined.get(edit) ?? edit).filter((edit) => !edit.note);
    if (more.length > 0) group.moreEdits = more;
    else delete group.moreEdits;
  }
  return {
    groups: [...groups.values()],
    failures,
    targets,
    ...(omitted > 0 ? { omitted } : {}),
    ...(stopped.length > 0 ? { stopped } : {}),
  };
}

/** What the listings ran against, in words: "the emulator", "the real services", or which was which. */
export function describeTargets(targets, fault) {
  const real = targets.filter((t) => t.target !== "emulator").map((t) => t.api);
  const emulator = `the emulator${fault ? `, with its ${fault} fault` : ""}`;
  if (real.length === 0) return emulator;
  if (real.length === targets.length) return "the real services";
  return `the real service for ${real.join(", ")}; ${emulator} for the others`;
}

const indent = (text, by) =>
  text
    .trimEnd()
    .split("\n")
    .map((line) => `${by}${line}`)
    .join("\n");

/**
 * The report as text, per operation. `show.line` makes a line of it fit for a terminal and `show.yaml` a
 * snippet (src/cli/report-printer.ts): server text (property names, samples, error messages) is in both.
 * A snippet is never cut (a property name cut short would not fix the finding): one with a line longer
 * than `show.maxLine` (a property name that long) is left out, and a line says so.
 */
export function formatDrift({ groups, failures, omitted = 0, stopped = [] }, { root, target, show }) {
  const lines = [];
  const say = (...texts) => lines.push(...texts.map(show.line));
  const operations = new Set(groups.map((g) => `${g.api} ${g.operationId}`));
  const failed = failures.length
    ? `; ${failures.length} listing${failures.length === 1 ? "" : "s"} failed, so not every response was checked (see the end)`
    : "";
  const cut = stopped.length
    ? `; ${stopped.length} listing${stopped.length === 1 ? "" : "s"} stopped at --max-items, so not every item was checked (see the end)`
    : "";
  const uncounted = omitted
    ? `; ${omitted} more place${omitted === 1 ? "" : "s"} of drift beyond the report's limits, counted but not shown (see the end)`
    : "";
  say(
    groups.length === 0 && omitted === 0
      ? failures.length || stopped.length
        ? `No drift in the responses checked${failed}${cut} (${target}).`
        : `No drift: every response matched its spec (${target}).`
      : `Spec drift: ${groups.length} finding${groups.length === 1 ? "" : "s"} in ${operations.size} operation${operations.size === 1 ? "" : "s"}${uncounted}${failed}${cut} (${target}).`,
  );
  let current;
  for (const group of groups) {
    const heading = `${group.api} ${group.operationId} (${group.method} ${group.path}), ${group.status}`;
    if (heading !== current) say("", heading);
    current = heading;
    say(
      `  ${group.kind} at ${shownPointer(group.pointer)}: ${group.count} time${group.count === 1 ? "" : "s"}; expected ${group.expected}; ${group.samples.length ? `seen ${group.samples.join(", ")}` : "absent"}`,
    );
    const { edit } = group;
    if (edit.combinedWith) say(`    (its edit is ${edit.note})`);
    else if (edit.note) say(`    (no edit suggested: ${edit.note})`);
    if (group.incomplete) say(`    (${group.incomplete})`);
    const all = [edit, ...(group.moreEdits ?? [])].flatMap((one) => [one, ...(one.also ?? [])]);
    for (const [i, one] of all.entries()) {
      if (one.note) continue;
      const file = path.relative(root, one.file);
      const place = REPLACING.has(one.action)
        ? `replace the schema at ${one.keys.join(".")} with:${describe(one)}`
        : `at ${one.keys.join(".")}:${describe(one)}`;
      say(`    ${i === 0 ? "In" : "And in"} ${file}, ${place}`);
      const snippet = indent(show.yaml(one.snippet), "      ");
      if (snippet.split("\n").every((line) => line.length <= (show.maxLine ?? Infinity))) lines.push(snippet);
      else
        say(
          `      (the snippet is left out: a line of it would be longer than ${show.maxLine} characters; --json has the edit in full)`,
        );
      if (isVerbatim(one.file))
        say(
          "    (that file is Confluent's own definition, kept verbatim: replace it with Confluent's updated one rather than editing it)",
        );
    }
  }
  if (omitted)
    say(
      "",
      `${omitted} more place${omitted === 1 ? "" : "s"} of drift not shown: a client shows at most 100 findings of one response and only counts the places beyond them, and the report keeps at most ${MAX_GROUPS} findings (groups), whose pointers hold at most ${MAX_GROUP_POINTERS >> 20} MiB between them; the findings of any further one are only counted.`,
    );
  for (const { api, maxItems } of stopped)
    say("", `${api}: the listing stopped at ${maxItems} items (--max-items): the list holds more, not all checked.`);
  for (const failure of failures) say("", `${failure.api}: the listing failed: ${failure.message}`);
  return lines.join("\n");
}

function describe(edit) {
  switch (edit.action) {
    case "add-property":
      return ` declare the property`;
    case "drop-required":
      return ` it is not always there: drop it from required`;
    case "add-enum":
      return ` add the value to the enum`;
    case "widen-type":
      return ` (the type differs; the declared type stays valid, and the spec's examples with it)`;
    case "use-union":
      return ` (another member of a oneOf holds the value: see the comments)`;
    case "set-nullable":
      return ` it can be null: make it nullable`;
    case "add-response":
      return ` document the status`;
    case "set-format":
      return ` a whole number the declared integer does not hold is there: declare it int64`;
    case "name-schema":
      return ` name the other definition of the schema edited (the bundle's ${edit.name})`;
    default:
      return "";
  }
}
