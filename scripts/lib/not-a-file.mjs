// What every message says of a file that is not a regular file, and what is at a path (alone here: the
// Redocly processes load it too, and the configuration check, which the fingerprint uses).
import { statSync } from "node:fs";

export const NOT_A_FILE = "not a regular file (a pipe, a device or a socket)";

/**
 * What is at `file`, through links, told by its status alone (nothing is opened): "file", "folder",
 * "special" (a named pipe, a device or a socket), or null (nothing there, or out of reach).
 */
export function fileKind(file) {
  let status;
  try {
    status = statSync(file);
  } catch {
    return null;
  }
  return status.isFile() ? "file" : status.isDirectory() ? "folder" : "special";
}
