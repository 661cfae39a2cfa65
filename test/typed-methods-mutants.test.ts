// Type tests of src/core/typed-methods.ts (the call signatures of every client method), checked by
// `tsc --noEmit` as test/client-types.test.ts is: what a call returns for each `parseAs`, that
// `request(method, path)` takes only a path that has that method, that fetch's own init is accepted
// per call, and that the per-call options the client refuses at runtime (README.md, client section:
// `pathSerializer`, `querySerializer` and `Request` are a TypeError) do not compile either. The calls
// sit in a function vitest never invokes: nothing is sent.
import { describe, expectTypeOf, it } from "vitest";
import { createMadConnectClient } from "../src/madconnect/index.js";
import { createVpcClient } from "../src/otc/index.js";

const mad = createMadConnectClient({ baseUrl: "https://mad.example.com", auth: { token: "t" } });
const vpc = createVpcClient({ auth: { token: "t" } });
const CONNECTIONS = "/es/v2/connections";
const SUBNETS = "/v1/{project_id}/subnets";
const path = { project_id: "p" };

describe("typed-methods", () => {
  it("types data by parseAs: the operation's JSON by default, else what the body is read as", () => {
    async function calls() {
      const json = await mad.GET(CONNECTIONS);
      expectTypeOf<NonNullable<typeof json.data>>().toHaveProperty("statusMessage");
      expectTypeOf((await mad.GET(CONNECTIONS, { parseAs: "text" })).data).toEqualTypeOf<string | undefined>();
      expectTypeOf((await mad.GET(CONNECTIONS, { parseAs: "blob" })).data).toEqualTypeOf<Blob | undefined>();
      expectTypeOf((await mad.request("get", CONNECTIONS, { parseAs: "arrayBuffer" })).data).toEqualTypeOf<
        ArrayBuffer | undefined
      >();
    }
    void calls;
  });

  it("takes in request(method, path) only a path that has that method", () => {
    function calls() {
      void vpc.request("get", SUBNETS, { params: { path } });
      // @ts-expect-error the subnets collection has no DELETE
      void vpc.request("delete", SUBNETS, { params: { path } });
      // @ts-expect-error without an init either
      void vpc.request("delete", SUBNETS);
      // @ts-expect-error nor a PUT
      void vpc.PUT(SUBNETS, { params: { path } });
    }
    void calls;
  });

  it("accepts fetch's own init per call, and refuses the options the client refuses at runtime", () => {
    function calls() {
      void mad.GET(CONNECTIONS, { cache: "no-store", credentials: "omit", keepalive: true, mode: "cors" });
      void mad.GET(CONNECTIONS, { referrerPolicy: "no-referrer", integrity: "", signal: null });
      // @ts-expect-error refused at runtime: the client always encodes and checks the query itself
      void mad.GET(CONNECTIONS, { querySerializer: () => "" });
      // @ts-expect-error refused at runtime: the client always encodes and checks path parameters itself
      void vpc.GET(SUBNETS, { params: { path }, pathSerializer: (p: string) => p });
      // @ts-expect-error refused at runtime
      void mad.GET(CONNECTIONS, { Request: globalThis.Request });
    }
    void calls;
  });
});
