// Temporary folders of fixture files, removed once the test file's tests have run.
import { execFileSync } from "node:child_process";
import { lstatSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll } from "vitest";

/** `fixture(files)`: a temporary folder named `prefix…` holding `files` (path -> content). */
export function fixtureFolders(prefix: string): (files: Record<string, string>) => string {
  const folders: string[] = [];
  afterAll(() => {
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });
  return (files) => {
    const dir = mkdtempSync(join(tmpdir(), prefix));
    folders.push(dir);
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    return dir;
  };
}

/**
 * A Unix socket file at `file`, which no `open` can read: bound by a Node process that exits at once,
 * without closing it (closing would remove the file).
 */
export function unixSocketAt(file: string): void {
  const bind = "require('node:net').createServer().listen(process.argv[1], () => process.exit(0))";
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS; // loading it is most of such a process's start (it makes no TLS call)
  execFileSync(process.execPath, ["-e", bind, file], { env, stdio: "ignore" });
  if (!lstatSync(file).isSocket()) throw new Error(`${file}: no socket was left there`);
}
