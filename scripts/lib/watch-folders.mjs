// `generate --watch`'s watch of specs/: every folder, at any depth, as folders come and go.
import { readdirSync, watch } from "node:fs";
import path from "node:path";

/**
 * Calls `onChange` on every change in `root` or a folder below it, folders added later included. Each
 * folder has a watch of its own, not the files (an editor that saves by replacing a file would end a
 * file's watch) and not one recursive watch (on Linux, Node's stops seeing a file once it was replaced).
 * A folder that its parent says was renamed, removed or made (a branch switch, `git stash -u` remove a
 * folder and make it again) loses its watch, and those below it, and is watched again if it exists (a
 * folder made again may even have the inode of the one removed, so that tells nothing).
 * @returns a function that stops every watch
 */
export function watchFolders(root, onChange) {
  const watched = new Map();
  const drop = (dir) => {
    for (const [watchedDir, watcher] of watched)
      if (watchedDir === dir || watchedDir.startsWith(`${dir}${path.sep}`)) {
        watcher.close();
        watched.delete(watchedDir);
      }
  };
  const add = (dir) => {
    if (watched.has(dir)) return;
    let watcher;
    try {
      watcher = watch(dir, (event, name) => {
        if (event === "rename" && name) drop(path.join(dir, String(name)));
        addBelow(dir);
        onChange();
      });
    } catch {
      return; // gone already
    }
    watcher.on("error", () => drop(dir));
    watched.set(dir, watcher);
    addBelow(dir);
  };
  const addBelow = (dir) => {
    let entries = [];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) if (entry.isDirectory()) add(path.join(dir, entry.name));
  };
  add(root);
  return () => drop(root);
}
