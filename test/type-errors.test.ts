// What a consumer reads when a call has a key the operation does not have: the compiler's message
// names that key (not `Type 'number' is not assignable to type 'never'`). Checked with the
// TypeScript compiler API on snippets that import the clients from src/.
import path from "node:path";
import ts from "typescript";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const PRELUDE = `
import { createConfluentClient } from "./src/confluent/index.js";
import { createMadConnectClient } from "./src/madconnect/index.js";
import { createVpcClient, createVpcepClient } from "./src/otc/index.js";
const confluent = createConfluentClient({ auth: { apiKey: "k", apiSecret: "s" } });
const mad = createMadConnectClient({ baseUrl: "https://mad.example.com", auth: { token: "t" } });
const vpc = createVpcClient({ auth: { token: "t" } });
const vpcep = createVpcepClient({ auth: { token: "t" } });
void confluent; void mad; void vpc; void vpcep;
`;

/** Each case: a call with one misspelled or unknown key, and the key the message must name. */
const CASES: Record<string, { call: string; key: string }> = {
  "a Confluent query parameter": {
    call: `confluent.GET("/networking/v1/private-link-attachment-connections", { params: { query: { environment: "e", page_sise: 10 } } });`,
    key: "page_sise",
  },
  "a nested body field (OTC VPC subnet)": {
    call: `vpc.POST("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } }, body: { subnet: { name: "s", cidr: "10.0.0.0/24", gateway_ip: "10.0.0.1", vpc_id: "v", dhcp_enable: true, tenant_idd: "t" } } });`,
    key: "tenant_idd",
  },
  "a field of an array item in the body": {
    call: `vpc.POST("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } }, body: { subnet: { name: "s", cidr: "10.0.0.0/24", gateway_ip: "10.0.0.1", vpc_id: "v", extra_dhcp_opts: [{ opt_name: "ntp", opt_value: "x", ttl: 1 }] } } });`,
    key: "ttl",
  },
  "a nested Confluent body field": {
    call: `confluent.PATCH("/networking/v1/private-link-attachment-connections/{id}", { params: { path: { id: "c" } }, body: { spec: { display_nam: "x", environment: { id: "env" } } } });`,
    key: "display_nam",
  },
  "a path parameter": {
    call: `vpcep.GET("/v1/{project_id}/vpc-endpoint-services/{vpc_endpoint_service_id}/connections", { params: { path: { project_id: "p", vpc_endpoint_service_id: "s", service_id: "x" } } });`,
    key: "service_id",
  },
  "a MadConnect query parameter": {
    call: `mad.GET("/es/v2/connections", { params: { query: { sise: 10 } } });`,
    key: "sise",
  },
  "a query parameter of paginate": {
    call: `vpc.paginate("/v1/{project_id}/subnets", { params: { path: { project_id: "p" }, query: { limt: 1 } } });`,
    key: "limt",
  },
  "a top-level init key": {
    call: `vpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" } }, sigal: undefined });`,
    key: "sigal",
  },
};

let messages: Map<string, string[]>;

beforeAll(() => {
  const files = new Map<string, string>();
  files.set(
    path.join(ROOT, "__ok.ts"),
    `${PRELUDE}\nvpc.GET("/v1/{project_id}/subnets", { params: { path: { project_id: "p" }, query: { limit: 1 } } });\n`,
  );
  for (const [name, { call }] of Object.entries(CASES))
    files.set(path.join(ROOT, `__case_${Object.keys(CASES).indexOf(name)}.ts`), `${PRELUDE}\n${call}\n`);
  const options: ts.CompilerOptions = {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"],
  };
  const host = ts.createCompilerHost(options);
  const { getSourceFile, fileExists, readFile } = host;
  host.fileExists = (file) => files.has(file) || fileExists.call(host, file);
  host.readFile = (file) => files.get(file) ?? readFile.call(host, file);
  host.getSourceFile = (file, language, ...rest) =>
    files.has(file)
      ? ts.createSourceFile(file, files.get(file)!, language)
      : getSourceFile.call(host, file, language, ...rest);
  const program = ts.createProgram([...files.keys()], options, host);
  messages = new Map(
    [...files.keys()].map((file) => [
      path.basename(file, ".ts"),
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n")),
    ]),
  );
}, 60_000);

describe("type errors name the offending key", () => {
  it("a correct call compiles (the snippets' prelude is sound)", () => {
    expect(messages.get("__ok")).toEqual([]);
  });

  for (const [index, [name, { key }]] of Object.entries(CASES).entries())
    it(name, () => {
      const found = messages.get(`__case_${index}`)!;
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(`'${key}'`);
      expect(found[0]).not.toMatch(/not assignable to type 'never'/);
    });
});
