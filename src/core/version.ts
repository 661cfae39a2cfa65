/** Sent in the User-Agent header; test/package.test.ts keeps it equal to package.json's version. */
export const PACKAGE_VERSION = "0.1.0";
