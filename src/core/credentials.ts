// The one place credentials are read from a factory's options: each is checked and normalised once,
// at construction, into the exact value that goes on the wire (or into the signature). The redactor is
// given these values, so it knows what a server can echo back.

/** How a credential is used: as a header value (HTTP allows Latin-1 there), or encoded first (UTF-8 is fine). */
export type CredentialUse = "header" | "encoded";

/** HTTP's whitespace, which `Headers` strips from both ends of a value before it is sent. */
const SURROUNDING_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;

/**
 * `value` as it is sent: surrounding whitespace removed (a token read from a file ends in a newline).
 * Refuses, with a TypeError naming the option but never showing the value, what cannot be sent: a
 * value that is not a string or is empty, a control character inside (C0, DEL, C1: CR/LF would split
 * the header, fetch refuses NUL and the others, C1 is no printable text), and for a header a character
 * beyond Latin-1.
 */
export function credential(option: string, value: unknown, use: CredentialUse = "header"): string {
  if (typeof value !== "string") throw new TypeError(`${option} must be a string, got ${typeof value}`);
  const trimmed = value.replace(SURROUNDING_WHITESPACE, "");
  const lead = /^[\t\n\r ]*/.exec(value)![0].length;
  if (trimmed === "") throw new TypeError(`${option} is empty`);
  for (let i = 0; i < trimmed.length; i++) {
    const code = trimmed.charCodeAt(i);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f))
      throw new TypeError(
        `${option} contains a control character (U+${code.toString(16).padStart(4, "0").toUpperCase()}) at index ${lead + i}: ` +
          "a credential must be one line of printable characters",
      );
    if (code > 0xff && use === "header")
      throw new TypeError(
        `${option} contains a character beyond Latin-1 at index ${lead + i}: HTTP header values cannot carry it`,
      );
  }
  return trimmed;
}

/** The `auth` option, refused clearly when it is missing or not an object. */
export function authOption(auth: unknown): Record<string, unknown> {
  if (auth === null || typeof auth !== "object")
    throw new TypeError(`the auth option is required (an object), got ${auth === null ? "null" : typeof auth}`);
  return auth as Record<string, unknown>;
}
