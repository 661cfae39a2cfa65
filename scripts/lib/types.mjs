// TypeScript types for one bundled API, by openapi-typescript (paths, components, operations).
import openapiTS, { astToString, NUMBER, tsUnion } from "openapi-typescript";
import ts from "typescript";

const BIGINT = ts.factory.createKeywordTypeNode(ts.SyntaxKind.BigIntKeyword);

export async function typesModule(doc) {
  const ast = await openapiTS(structuredClone(doc), {
    silent: true,
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
