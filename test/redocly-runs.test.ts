// scripts/lib/redocly.mjs: how the generator's Redocly processes end when it is stopped. A final stop
// holds for the rest of the module's life, and test files share modules (vitest.config.ts: no
// isolation): this file stops a copy of its own, loaded under another URL, never the one the others use.
import { describe, expect, it } from "vitest";

// @ts-expect-error untyped project script
import { redocly as sharedRedocly } from "../scripts/lib/redocly.mjs";

const { redocly, stopRedocly } = await import(/* @vite-ignore */ `../scripts/lib/redocly.mjs?instance=${"stopped"}`);

type Run = { code: number; stdout: string; stderr: string };

describe("stopping the Redocly runs", () => {
  it("a stop ends the runs under way and lets later runs start; a final stop starts none after it", async () => {
    const running: Promise<Run> = redocly(["stats", "specs/madconnect/openapi.yaml"]);
    await stopRedocly();
    expect((await running).code).not.toBe(0);
    const after: Run = await redocly(["--version"]);
    expect(after.code).toBe(0);

    const underWay: Promise<Run> = redocly(["stats", "specs/madconnect/openapi.yaml"]);
    await stopRedocly({ final: true });
    expect((await underWay).code).not.toBe(0);
    // Such as the lint a build runs on seeing its bundle fail: it would outlive a stopped generator.
    const refused: Run = await redocly(["--version"]);
    expect(refused).toEqual({ code: 1, stdout: "", stderr: "not started: the process is stopping\n" });
    // The copy every other test file uses still runs.
    expect(((await sharedRedocly(["--version"])) as Run).code).toBe(0);
  });
});
