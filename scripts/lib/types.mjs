// TypeScript types for one bundled API, by openapi-typescript (paths, components, operations).
import { createRequire } from "node:module";

// Loaded through require: Node 20's ESM loader scans TypeScript's 9 MB CommonJS file for its exports
// (and for module syntax) on top of compiling it, which makes `import` take twice as long.
const require = createRequire(import.meta.url);
const { default: openapiTS, astToString, NUMBER, tsUnion } = require("openapi-typescript");
const ts = require("typescript");

const BIGINT = ts.factory.createKeywordTypeNode(ts.SyntaxKind.BigIntKeyword);

/**
 * The types module of `doc`. A document openapi-typescript cannot read (a $ref to nothing) is an error
 * it throws, without the lines it prints on stderr before (whatever `silent` says): the lint reports
 * such a problem with its file and line, and the caller names the spec of an error that remains.
 */
export async function typesModule(doc) {
  const printError = console.error;
  console.error = () => {};
  try {
    return await types(doc);
  } finally {
    console.error = printError;
  }
}

async function types(doc) {
  const ast = await openapiTS(structuredClone(doc), {
    silent: true,
    // A property with a `default` stays optional unless the schema requires it: in a request the
    // server fills it in (CreateSubnetOption's dhcp_enable), and in a response `default` does not
    // promise the property is sent. (openapi-typescript's default makes it required in every schema
    // a request body uses through components.)
    defaultNonNullable: false,
    // Members such as `{ required: [...] }` must not collapse an intersection to Record<string, never>.
    emptyObjectsUnknown: true,
    // The runtime keeps int64 values above 2^53 exact by parsing them as bigint (src/core/json.ts).
    transform(schema) {
      if (schema.format !== "int64") return undefined;
      return schema.nullable
        ? tsUnion([NUMBER, BIGINT, ts.factory.createLiteralTypeNode(ts.factory.createNull())])
        : tsUnion([NUMBER, BIGINT]);
    },
  });
  return astToString(ast);
}
