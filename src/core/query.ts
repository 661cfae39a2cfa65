// The query string of every call: openapi-fetch's serializer (which encodes values but not names,
// nor the keys of deepObject values), given names and keys already encoded, the client's default
// parameters for those a call leaves unset, and a RequestRejectedError for what cannot be encoded.
import { createQuerySerializer } from "openapi-fetch";
import { RequestRejectedError } from "./errors.js";
import { isRecord } from "./vendor.js";

type Query = Record<string, unknown>;

function encodeName(name: string): string {
  try {
    return encodeURIComponent(name);
  } catch {
    throw new RequestRejectedError(`query parameter name ${JSON.stringify(name)} is not well-formed Unicode`);
  }
}

/** The query with every name and deepObject key encoded, and the defaults for parameters left unset. */
function prepare(query: Query | undefined, defaults: [string, string][]): Query {
  const out: Query = {};
  for (const [name, value] of defaults) if (query?.[name] == null) out[encodeName(name)] = value;
  for (const name in query) {
    const value = query[name];
    if (value == null) continue;
    out[encodeName(name)] = isRecord(value)
      ? Object.fromEntries(Object.entries(value).map(([key, v]) => [encodeName(key), v]))
      : value;
  }
  return out;
}

/** openapi-fetch `querySerializer`; `defaults` are sent unless a call sets the parameter (to anything but undefined or null). */
export function createSafeQuerySerializer(defaults: Record<string, string | undefined> = {}) {
  const serialize = createQuerySerializer();
  const fixed = Object.entries(defaults).filter((entry): entry is [string, string] => entry[1] !== undefined);
  return (query: Query | undefined): string => {
    const prepared = prepare(query, fixed);
    try {
      return serialize(prepared);
    } catch (error) {
      if (!(error instanceof URIError)) throw error;
      throw new RequestRejectedError("a query parameter value is not well-formed Unicode (a lone surrogate)");
    }
  };
}
