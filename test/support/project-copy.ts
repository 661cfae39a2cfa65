// The tests' copy of what `npm run generate` reads and writes: scripts/project-copy.mjs, which the
// benchmark uses too.
const { copyProject: copy } = (await import("../../scripts/project-copy.mjs" as string)) as {
  copyProject: (prefix: string) => string;
};

/** A fresh copy of the project's generation inputs and outputs; the caller removes it. */
export const copyProject = (prefix: string): string => copy(prefix);
