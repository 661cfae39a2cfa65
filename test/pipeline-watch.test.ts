/**
 * watchFolders (`generate --watch`'s watch of specs/) when a folder's watch fails: node:fs's `watch` is
 * replaced by watchers this test controls, since a watch error cannot be caused on purpose on Linux.
 * test/pipeline-pieces.test.ts watches real folders.
 */
import { EventEmitter } from "node:events";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it, vi } from "vitest";

interface FakeWatcher extends EventEmitter {
  dir: string;
  listener: (event: string, name: string | null) => void;
  close: () => void;
  closed: boolean;
}
const watchers: FakeWatcher[] = [];

vi.mock("node:fs", async (original) => {
  const fs = await original<typeof import("node:fs")>();
  const watch = (dir: string, listener: FakeWatcher["listener"]) => {
    const watcher = Object.assign(new EventEmitter(), { dir, listener, closed: false }) as FakeWatcher;
    watcher.close = () => {
      watcher.closed = true;
    };
    watchers.push(watcher);
    return watcher;
  };
  return { ...fs, default: { ...fs, watch }, watch };
});

// @ts-expect-error untyped project script
const { watchFolders } = await import("../scripts/lib/watch-folders.mjs");

const root = mkdtempSync(join(tmpdir(), "connectivity-pipeline-watch-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

it("drops a folder whose watch fails, and watches it again at the next change its parent sees", () => {
  mkdirSync(join(root, "a"));
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
});
