// How a report of server data made outside the CLI (`npm run drift`'s) is printed as the CLI prints:
// through the environment's redactor (every API's credentials, not only the listing client's own), with
// server text escaped so that it cannot drive the terminal.
import { MAX_MESSAGE_LENGTH, showable } from "../core/errors.js";
import { redactValue } from "../core/redact.js";
import { environmentRedactor, type Env } from "./connect.js";
import { escapeInQuotes, showableYaml } from "./output.js";

export interface ReportPrinter {
  /**
   * What makes a line of the report fit for a terminal (redacted, escaped, at most `maxLine` characters:
   * redacted before it is cut, which could leave a piece of a credential too short to recognise), and a
   * YAML snippet of it, redacted and escaped (scripts/lib/drift-report.mjs; a snippet with a longer line
   * is left out).
   */
  show: { line: (text: string) => string; yaml: (text: string) => string; maxLine: number };
  /** The report's text, made of such lines, with every credential of the environment masked. */
  text: (text: string) => string;
  /**
   * `value` as JSON text written by `stringify`, redacted as a value first (the JSON stays valid) and
   * with the characters JSON leaves raw that act on a terminal written as escapes.
   */
  json: (value: unknown, stringify: (value: unknown) => string) => string;
}

export function reportPrinter(env: Env): ReportPrinter {
  const redact = environmentRedactor(env);
  // As the CLI's stdout: after the value is redacted, a last search for the credentials only (a
  // credential shape read across JSON syntax would break the text).
  const last = environmentRedactor(env, { shapes: false });
  return {
    show: {
      line: (text) => showable(redact(text), MAX_MESSAGE_LENGTH),
      // Redacted here, not only with the whole report: a snippet is measured against maxLine as it is
      // returned, and a credential shorter than the marker makes a line longer once masked.
      yaml: (text) => redact(showableYaml(text)),
      maxLine: MAX_MESSAGE_LENGTH,
    },
    text: redact,
    json: (value, stringify) => last(escapeInQuotes(stringify(redactValue(value, redact)))),
  };
}
