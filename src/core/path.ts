// Path parameters are percent-encoded and checked before any request is made, so that a value
// can never change which resource is addressed (no "..", no empty segment, no smuggled "/").
import { RequestRejectedError } from "./errors.js";

const PATH_PARAM = /\{([^{}]+)\}/;
// Letters, digits, "_", "-" and "~" only: nothing to decode or encode, and no way to form "." or "..".
const PLAIN = /^[\w~-]+$/;

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
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
  // Decode repeatedly: "%252e%252e" is ".." to a server that decodes twice.
  let decoded = text;
  for (let i = 0; i < 3; i++) decoded = safeDecode(decoded);
  // A "/" is encoded, but a server or proxy that decodes it would see "a/../b" as a way up.
  const dotSegment = decoded.split(/[/\\]/).some((segment) => segment === "." || segment === "..");
  if (text === "" || decoded.trim() === "" || dotSegment) {
    throw new RequestRejectedError(
      `path parameter "${name}" must not be empty, "." or ".." (nor have such a segment; got ${JSON.stringify(text)})`,
    );
  }
  return encodeURIComponent(text);
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
