/**
 * watchFolders (`generate --watch`'s watch of specs/) when a folder's watch fails: node:fs's `watch` is
 * replaced, for this test, by watchers it controls, since a watch error cannot be caused on purpose on
 * Linux. test/pipeline-pieces.test.ts watches real folders.
 */
import { EventEmitter } from "node:events";
import fs, { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { syncBuiltinESMExports } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";

// @ts-expect-error untyped project script
const { watchFolders } = await import("../scripts/lib/watch-folders.mjs");

interface FakeWatcher extends EventEmitter {
  dir: string;
  listener: (event: string, name: string | null) => void;
  closed: boolean;
  close: () => void;
}

const root = mkdtempSync(join(tmpdir(), "connectivity-pipeline-watch-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it("drops a folder whose watch fails, and watches it again at the next change its parent sees", () => {
  mkdirSync(join(root, "a"));
  const watchers: FakeWatcher[] = [];
  const realWatch = fs.watch;
  // `import { watch } from "node:fs"` reads the patched function once the builtin's exports are synced.
  fs.watch = ((dir: string, listener: FakeWatcher["listener"]) => {
    const watcher = Object.assign(new EventEmitter(), { dir, listener, closed: false }) as FakeWatcher;
    watcher.close = () => {
      watcher.closed = true;
    };
    watchers.push(watcher);
    return watcher;
  }) as unknown as typeof fs.watch;
  syncBuiltinESMExports();
  try {
    let changes = 0;
    const stop = watchFolders(root, () => (changes += 1));
    const open = (dir: string) => watchers.filter((w) => w.dir === dir && !w.closed);
    expect(watchers.map((w) => w.dir)).toEqual([root, join(root, "a")]);

    const [failed] = open(join(root, "a"));
    failed!.emit("error", new Error("EPERM"));
    expect(failed!.closed).toBe(true);
    expect(open(join(root, "a"))).toEqual([]);

    open(root)[0]!.listener("change", "spec.yaml");
    expect(changes).toBe(1);
    expect(open(join(root, "a"))).toHaveLength(1);
    stop();
    expect(watchers.every((w) => w.closed)).toBe(true);
  } finally {
    fs.watch = realWatch;
    syncBuiltinESMExports();
  }
});
