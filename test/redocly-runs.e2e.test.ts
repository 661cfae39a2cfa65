// scripts/lib/redocly.mjs: how the generator's Redocly processes end when it is stopped. A final stop
// holds for the rest of the module's life, and test files share modules (vitest.config.ts: no
// isolation): this file stops a copy of its own, loaded under another URL, never the one the others use.
import { describe, expect, it, vi } from "vitest";

// @ts-expect-error untyped project script
import { redocly as sharedRedocly } from "../scripts/lib/redocly.mjs";

const { redocly, redoclySession, stopRedocly } = await import(
  /* @vite-ignore */ `../scripts/lib/redocly.mjs?instance=${"stopped"}`
);

type Run = { code: number; stdout: string; stderr: string };

// Several Redocly runs one after another, next to the rest of the suite: well over Vitest's 5 s under load.
vi.setConfig({ testTimeout: 60_000 });

describe("a session's Redocly process runs one command after another", () => {
  it("each with its own output and exit code; one that exits with work pending (a usage error) is not kept", async () => {
    const session = redoclySession();
    try {
      const vpc: Run = await sharedRedocly(["lint", "otc-vpc"], { session });
      expect(vpc.code, vpc.stderr).toBe(0);
      expect(vpc.stderr).toContain("specs/otc-vpc/openapi.yaml: validated");
      expect(session.idle).toHaveLength(1);
      const kept = session.idle[0];

      const madconnect: Run = await sharedRedocly(["lint", "madconnect"], { session });
      expect(madconnect.code, madconnect.stderr).toBe(0);
      expect(madconnect.stderr).toContain("specs/madconnect/openapi.yaml: validated");
      expect(madconnect.stderr).not.toContain("otc-vpc");
      // The same process ran it, and is kept for the next.
      expect(session.idle).toEqual([kept]);

      // A command in another folder (its paths relative to it), and a failing one: its own exit code.
      const elsewhere: Run = await sharedRedocly(["lint", "openapi.yaml"], { session, cwd: "specs/otc-vpc" });
      expect(elsewhere.code, elsewhere.stderr).toBe(0);
      expect(elsewhere.stderr).toMatch(/^openapi\.yaml: validated/m);
      const broken: Run = await sharedRedocly(["lint", "no-such-file.yaml"], { session });
      expect(broken.code).toBe(1);
      expect(session.idle).toEqual([kept]);

      const usage: Run = await sharedRedocly(["lint", "--no-such-option", "otc-vpc"], { session });
      expect(usage.code).toBe(1);
      expect(usage.stderr).toContain("no-such-option");
      expect(session.idle).toEqual([]);
      const after: Run = await sharedRedocly(["lint", "otc-vpc"], { session });
      expect(after.code).toBe(0);
      expect(session.idle).toHaveLength(1);
      const next = session.idle[0];
      expect(next).not.toBe(kept);
      // What the CLI does after an exit with work pending (yargs goes on from --version) is dropped.
      const version: Run = await sharedRedocly(["--version"]);
      expect(version.code).toBe(0);
      expect(version.stdout).toMatch(/^\d+\.\d+\.\d+\s*$/);
      expect(version.stderr).toBe("");
      // --extends changes Redocly's built-in configuration in place: such a command runs apart, in a
      // process no other command shares.
      for (const options of [["--extends", "minimal"], ["--extends=minimal"]]) {
        const extended: Run = await sharedRedocly(["lint", "otc-vpc", ...options], { session });
        expect(extended.code, extended.stderr).toBe(0);
        expect(session.idle).toEqual([next]);
      }
    } finally {
      session.close();
    }
  });
});

describe("stopping the Redocly runs", () => {
  it("a stop ends the runs under way and lets later runs start; a final stop starts none after it", async () => {
    // A process a session keeps between commands...
    const session = redoclySession();
    expect(((await redocly(["lint", "madconnect"], { session })) as Run).code).toBe(0);
    expect(session.idle).toHaveLength(1);
    // ...and one running a command.
    const running: Promise<Run> = redocly(["stats", "specs/madconnect/openapi.yaml"]);
    await stopRedocly();
    expect((await running).code).not.toBe(0);
    expect(session.idle[0].alive()).toBe(false);
    expect(((await redocly(["lint", "madconnect"], { session })) as Run).code).toBe(0);
    session.close();
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
