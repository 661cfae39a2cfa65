// scripts/lib/redocly.mjs: how the generator's Redocly processes run commands, start before the first,
// and end when it is stopped. A final stop holds for the rest of the module's life, and test files share
// modules (vitest.config.ts: no isolation): this file stops a copy of its own, loaded under another URL,
// never the one the others use.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { waitFor } from "./support/pipeline-edits.js";

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

/** Whether process `pid` runs (a zombie, ended but not yet reaped, does not). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return !stat.slice(stat.lastIndexOf(")") + 2).startsWith("Z");
  } catch {
    return false;
  }
}

/**
 * A Node process running `body` (a module) with prestartRedocly, redoclySession and redocly imported, and
 * `children()`, its running child processes.
 */
function nodeRunning(body: string) {
  const module = JSON.stringify(new URL("../scripts/lib/redocly.mjs", import.meta.url).href);
  // Each running process whose parent is this one, with its last argument (read from /proc: Linux).
  const source = `import { readdirSync, readFileSync } from "node:fs";
    import { prestartRedocly, redocly, redoclySession } from ${module};
    const children = () =>
      readdirSync("/proc").filter((name) => /^\\d+$/.test(name)).flatMap((name) => {
        try {
          const stat = readFileSync("/proc/" + name + "/stat", "utf8");
          const [state, parent] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
          if (Number(parent) !== process.pid || state === "Z") return [];
          const last = readFileSync("/proc/" + name + "/cmdline", "utf8").split("\\0").filter(Boolean).at(-1);
          return [{ pid: Number(name), last }];
        } catch {
          return []; // ended meanwhile
        }
      });
    ${body}`;
  return spawn(process.execPath, ["--input-type=module", "-e", source], { stdio: ["ignore", "pipe", "inherit"] });
}

/** What `child` printed (JSON), once it exited with 0. */
async function printed(child: ReturnType<typeof spawn>) {
  let out = "";
  child.stdout!.setEncoding("utf8").on("data", (text: string) => (out += text));
  // One that hangs (a process it started keeps it alive, a command lost) is stopped, and fails.
  const timer = setTimeout(() => child.kill(), 20_000);
  const code = await new Promise((done) => child.on("exit", done));
  clearTimeout(timer);
  expect(code, out).toBe(0);
  return JSON.parse(out);
}

describe("a Redocly process started before any command (prestartRedocly: npm run generate's --import)", () => {
  it("takes the first session's first command, one sent while it loads the CLI too, and runs it: no other process", async () => {
    const { code, stderr, processes } = await printed(
      nodeRunning(`
        prestartRedocly();
        const session = redoclySession();
        const lint = await redocly(["lint", "otc-vpc"], { session });
        const processes = children().map((child) => child.last);
        session.close();
        console.log(JSON.stringify({ code: lint.code, stderr: lint.stderr, processes }));`),
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toContain("specs/otc-vpc/openapi.yaml: validated");
    expect(processes).toEqual(["--preload"]);
  });

  it("keeps no process alive, used or not, and is gone when its parent exits", async () => {
    // The parent ends at once (while the CLI loads), once it has loaded, and after a command.
    const bodies = {
      "at once": `prestartRedocly(); console.log(JSON.stringify(children()));`,
      "once loaded": `prestartRedocly(); setTimeout(() => console.log(JSON.stringify(children())), 1500);`,
      "after a command": `prestartRedocly(); const session = redoclySession(); await redocly(["lint", "otc-vpc"], { session });
        console.log(JSON.stringify(children())); session.close();`,
    };
    for (const [when, body] of Object.entries(bodies)) {
      const left: { pid: number; last: string }[] = await printed(nodeRunning(body));
      expect(
        left.map((child) => child.last),
        when,
      ).toEqual(["--preload"]);
      await waitFor(
        () => !running(left[0]!.pid),
        5_000,
        () => `the prestarted process still runs after its parent exited ${when}`,
      );
    }
  });
});
