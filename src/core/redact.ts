// Credentials must never appear in an error, a log line or an inspected object.
// A Redactor knows the client's own secrets and also masks the shapes credentials take on the wire.

const REDACTED = "[REDACTED]";
const CREDENTIAL_SHAPES: RegExp[] = [
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi,
  /\b(Signature=)[0-9a-fA-F]+/g,
  /\b(X-Auth-Token|X-Security-Token|Authorization)(["']?\s*[:=]\s*["']?)[^\s"',}]+/gi,
];

export type Redactor = (text: string) => string;

export function createRedactor(secrets: readonly (string | undefined)[]): Redactor {
  const known = secrets
    .filter((s): s is string => typeof s === "string" && s.length >= 4)
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text;
    for (const secret of known) result = result.split(secret).join(REDACTED);
    result = result.replace(CREDENTIAL_SHAPES[0]!, `$1 ${REDACTED}`);
    result = result.replace(CREDENTIAL_SHAPES[1]!, `$1${REDACTED}`);
    result = result.replace(CREDENTIAL_SHAPES[2]!, `$1$2${REDACTED}`);
    return result;
  };
}

/** A deep copy of a parsed body with every string redacted. */
export function redactValue(value: unknown, redact: Redactor, depth = 0): unknown {
  if (typeof value === "string") return redact(value);
  if (depth > 32 || value === null || typeof value !== "object") return value;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, redact, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[redact(key)] = redactValue(v, redact, depth + 1);
  return out;
}
