// Path parameters are percent-encoded and checked before any request is made, so that a value
// can never change which resource is addressed (no "..", no empty segment, no smuggled "/").
import { RequestRejectedError } from "./errors.js";

const PATH_PARAM = /\{([^{}]+)\}/;
// Letters, digits, "_", "-" and "~" only: nothing to decode or encode, and no way to form "." or "..".
const PLAIN = /^[\w~-]+$/;
// A server or proxy may decode a value more than once; a value still changing after this many is refused.
const MAX_DECODINGS = 8;
// What a server may strip around a segment: whitespace and control characters.
const EDGES = /^[\s\p{Cc}]+|[\s\p{Cc}]+$/gu;

function reject(name: string, text: string, why: string): never {
  throw new RequestRejectedError(`path parameter "${name}" ${why} (got ${JSON.stringify(text)})`);
}

/**
 * True if some server could read `decoded` as a way out of its segment: a segment that is "." or
 * ".." once NFKC-normalised (U+FF0E, U+2024 are dots), stripped of surrounding whitespace and of a
 * path-parameter suffix (";jsessionid=..."), with "/" and "\\" (also after normalising) as separators.
 */
function hasDotSegment(decoded: string): boolean {
  return decoded
    .normalize("NFKC")
    .split(/[/\\]/)
    .some((segment) => {
      const bare = segment.split(";", 1)[0]!.replace(EDGES, "");
      return bare === "." || bare === "..";
    });
}

export function encodePathParameter(name: string, value: unknown): string {
  if (
    typeof value !== "string" &&
    !(typeof value === "number" && Number.isFinite(value)) &&
    typeof value !== "bigint"
  ) {
    throw new RequestRejectedError(
      `path parameter "${name}" must be a string or a number, got ${value === null ? "null" : typeof value}`,
    );
  }
  const text = String(value);
  if (PLAIN.test(text)) return text;
  if (text.replace(EDGES, "") === "") reject(name, text, "must not be empty");
  let encoded: string;
  try {
    encoded = encodeURIComponent(text);
  } catch {
    reject(name, text, "is not well-formed Unicode (a lone surrogate)");
  }
  // Check the value as it is and after each decoding a server could apply ("%252e%252e" is ".." to a
  // server that decodes twice), until decoding changes nothing. What cannot be decoded is refused:
  // a server's decoder may stop or skip there, and the checks here would no longer see what it sees.
  let decoded = text;
  for (let round = 0; ; round++) {
    if (hasDotSegment(decoded)) reject(name, text, 'must not be "." or ".." (nor have such a segment)');
    let next: string;
    try {
      next = decodeURIComponent(decoded);
    } catch {
      reject(name, text, "has a malformed percent escape");
    }
    if (next === decoded) return encoded;
    if (round === MAX_DECODINGS) reject(name, text, `is still percent-encoded after ${MAX_DECODINGS} decodings`);
    decoded = next;
  }
}

// A path template split once: literal, name, literal, …, literal (a client has a handful of them).
const templates = new Map<string, readonly string[]>();
const MAX_TEMPLATES = 256;

function split(template: string): readonly string[] {
  let parts = templates.get(template);
  if (!parts) {
    parts = template.split(PATH_PARAM);
    if (templates.size >= MAX_TEMPLATES) templates.clear();
    templates.set(template, parts);
  }
  return parts;
}

/** openapi-fetch `pathSerializer`: fills every `{name}` of the path, or refuses. */
export function serializePath(pathname: string, params: Record<string, unknown>): string {
  const parts = split(pathname);
  let path = parts[0]!;
  for (let i = 1; i < parts.length; i += 2) {
    const name = parts[i]!;
    if (!params || !(name in params) || params[name] === undefined) {
      throw new RequestRejectedError(`path parameter "${name}" is missing`);
    }
    path += encodePathParameter(name, params[name]) + parts[i + 1]!;
  }
  return path;
}
