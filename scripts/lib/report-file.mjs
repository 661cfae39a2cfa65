// Where `npm run generate -- --report-json FILE` writes the change report, checked before anything is
// built: a report lost after generated/ was updated could not be had again (the next run finds generated/
// up to date). The file is written where the check found it, as a new file renamed into place.
import { readFileSync, realpathSync, statSync, unlinkSync } from "node:fs";
import path from "node:path";
import { ownName, writeNew, writeWhole } from "./cache.mjs";

/** Why a report file cannot be written: one line, no stack. */
export class ReportFileError extends Error {}

const FILE_ERRORS = {
  ENOENT: "its folder does not exist",
  ENOTDIR: "its folder does not exist",
  EISDIR: "it is a folder",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
};

/** `file` as a message shows it: quoted when it holds a line break or another control character. */
const shown = (file) => (/[\u0000-\u001f\u007f]/.test(file) ? JSON.stringify(file) : file);

const cannotWrite = (file, reason) => new ReportFileError(`--report-json: cannot write ${shown(file)}: ${reason}`);
const refused = (file, why) => new ReportFileError(`--report-json ${shown(file)}: ${why}`);

/** The status of `file` (through links), or null when nothing is there. */
function statOf(file) {
  try {
    return statSync(file);
  } catch {
    return null;
  }
}

/** Whether two statuses are of one file or folder (a bind mount or a link shows it under another path). */
const same = (a, b) => a !== null && b !== null && a.dev === b.dev && a.ino === b.ino;

/** `folder` and each folder above it, as the system finds them (a real path: no link in it). */
function* selfAndAbove(folder) {
  for (let at = folder; ; at = path.dirname(at)) {
    yield at;
    if (path.dirname(at) === at) return;
  }
}

/** A name that ends with a folder separator (`\` is one on Windows only). */
const endsWithSeparator = (file) => (process.platform === "win32" ? /[\\/]$/ : /\/$/).test(file);

/**
 * The file the report of `file` is written to, in its folder as the system finds it (through links, and
 * `..` after one): refused (ReportFileError) in `generated` (`outDir` of `root`, or as that folder itself,
 * however reached: a link, a bind mount) or in `caches` (folders of `root` whose files tools remove),
 * under `--watch` (`watching`) in `watched` folders or at `watchedFiles`
 * (each write would start the next run), at anything but a new file or one holding an earlier report
 * (not a spec or package.json named by mistake, not a device or a pipe), or where no file can be made.
 */
export function reportFileTarget(
  file,
  { root, outDir, caches = [], watching = false, watched = [], watchedFiles = [] },
) {
  if (endsWithSeparator(file)) throw cannotWrite(file, FILE_ERRORS.EISDIR);
  let folder;
  try {
    folder = realpathSync.native(path.dirname(file));
  } catch {
    throw cannotWrite(file, FILE_ERRORS.ENOENT);
  }
  const name = path.basename(file);
  const target = path.join(folder, name);
  const folderStatus = statOf(folder);
  /** Whether the report is `at` of the project itself, however its folder was reached. */
  const named = (at) => same(folderStatus, statOf(root)) && name === at;
  const above = [...selfAndAbove(folder)].map(statOf);
  /** Whether the report's folder is the project's folder `at`, or inside it. */
  const within = (at) => {
    const status = statOf(path.join(root, at));
    return above.some((each) => same(each, status));
  };
  if (same(folderStatus, statOf(path.join(root, outDir))) || named(outDir))
    throw refused(
      file,
      `a file in ${outDir}/, where generate removes every file it does not write itself: give one outside it.`,
    );
  const cache = caches.find(within);
  if (cache !== undefined)
    throw refused(file, `a file in ${cache}/, whose files the project's tools remove: give one outside it.`);
  const here = statOf(target);
  if (
    watching &&
    (watched.some(within) || watchedFiles.some((at) => same(here, statOf(path.join(root, at))) || named(at)))
  )
    throw refused(
      file,
      `a file --watch watches (${[...watched.map((at) => `${at}/`), ...watchedFiles].join(", ")}): give one outside them.`,
    );
  if (here?.isDirectory()) throw cannotWrite(file, FILE_ERRORS.EISDIR);
  if (here !== null && !here.isFile())
    throw refused(
      file,
      "not a regular file (a device, a pipe or a socket), which a report would replace: give a file.",
    );
  // A file there already is replaced only when it holds a report (of an earlier run).
  if (here !== null && here.size > 0 && !holdsReport(target))
    throw refused(
      file,
      "the file there holds no change report, and would be replaced: give a new file, or one an earlier run wrote.",
    );
  // Its folder must take a new file, and let it be removed: the copy aside renamed into place.
  const probe = `${target}.${ownName()}.partial`;
  try {
    writeNew(probe, "");
  } catch (error) {
    throw cannotWrite(file, FILE_ERRORS[error.code] ?? error.message);
  }
  try {
    unlinkSync(probe);
  } catch (error) {
    throw cannotWrite(
      file,
      `a file made there cannot be removed (${FILE_ERRORS[error.code] ?? error.code}; an append-only folder?), ${probe} is left`,
    );
  }
  return { path: target, folder: folderStatus };
}

/** Whether `file` holds a change report (`--report-json`'s JSON). */
function holdsReport(file) {
  try {
    const earlier = JSON.parse(readFileSync(file, "utf8"));
    return earlier?.schemaVersion !== undefined && Array.isArray(earlier.changes);
  } catch {
    return false;
  }
}

/**
 * Writes `text` to `target` (reportFileTarget's) whole or not at all, if its folder is still the one
 * checked (not replaced since by a link or a mount); `file`: the name the user gave.
 */
export function writeReportFile(target, text, file) {
  if (!same(statOf(path.dirname(target.path)), target.folder))
    throw cannotWrite(file, "its folder was replaced since the run started (nothing written there)");
  try {
    writeWhole(target.path, text);
  } catch (error) {
    throw cannotWrite(file, FILE_ERRORS[error.code] ?? error.message);
  }
}
