#!/usr/bin/env node
// `npm run docs:check`: opens docs/index.html in headless Chromium (Debian's `chromium`, driven by
// playwright-core, which downloads no browser of its own), checks that every operation of the merged
// spec is rendered, with the pagination declarations and error codes, and saves a screenshot.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { parse } from "yaml";
import { errorCodesByTag } from "./docs.mjs";
import { operations as listOperations } from "./lib/schema.mjs";
import { X_PAGINATION } from "./lib/extensions.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const DOCS = path.join(ROOT, "docs", "index.html");
const SCREENSHOT = path.join(ROOT, "docs", "screenshot.png");
const CHROMIUM = process.env.CHROMIUM_PATH ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);

function fail(message) {
  console.error(message);
  process.exit(1);
}
if (!CHROMIUM) fail("docs:check needs Chromium: `apt-get install chromium` (or set CHROMIUM_PATH).");
if (!existsSync(DOCS)) fail("docs/index.html is missing: run `npm run docs` first.");

const spec = parse(readFileSync(path.join(ROOT, "generated", "openapi.yaml"), "utf8"));
const operations = [...listOperations(spec)];
/** The error codes (x-error-codes) each tag's operations document, from the merged spec. */
const documentedErrorCodes = () =>
  [...errorCodesByTag(spec)].map(([tag, codes]) => ({ tag, codes: Object.keys(codes) }));
const text = async (page) => (await page.evaluate(() => document.body.innerText)).replace(/\s+/g, " ");

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const problems = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(pathToFileURL(DOCS).href);
  await page.waitForFunction(
    () => document.body.innerText.length > 500 && !document.body.innerText.includes("Loading..."),
    null,
    { timeout: 60_000 },
  );
  // Sections render as they scroll into view.
  for (let i = 0; i < 40; i++) {
    await page.mouse.wheel(0, 1500);
    await page.waitForTimeout(100);
  }
  const overview = (await text(page)).toLowerCase();
  for (const group of spec["x-tagGroups"] ?? [])
    if (!overview.includes(group.name.toLowerCase())) problems.push(`section "${group.name}" not rendered`);
  for (const { method, path: route, operation } of operations) {
    if (!overview.includes(`${method} ${route}`.toLowerCase()))
      problems.push(`operation ${operation.operationId} (${method.toUpperCase()} ${route}) not rendered`);
  }
  // An operation's own page shows its pagination declaration.
  for (const { method, path: route, operation } of operations.filter((o) => o.operation[X_PAGINATION])) {
    await page.getByText(route, { exact: true }).first().click();
    const shown = await page
      .waitForFunction(
        ([summary, items]) => {
          const body = document.body.innerText.replace(/\s+/g, " ");
          return (
            body.includes(summary) && body.includes("Pagination (x-pagination)") && body.includes(`items ${items}`)
          );
        },
        [operation.summary, operation[X_PAGINATION].items],
        { timeout: 15_000 },
      )
      .then(
        () => true,
        () => false,
      );
    if (!shown)
      problems.push(`${operation.operationId}: pagination declaration not rendered (${method.toUpperCase()} ${route})`);
  }
  // A vendor's section (its own route) lists the error codes its spec documents.
  for (const { tag, codes } of documentedErrorCodes()) {
    const slug = tag
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "");
    await page.goto(`${pathToFileURL(DOCS).href}#/${slug}`);
    const shown = await page
      .waitForFunction((all) => all.every((code) => document.body.innerText.includes(code)), codes, { timeout: 20_000 })
      .then(
        () => true,
        () => false,
      );
    if (!shown) problems.push(`section "${tag}": its ${codes.length} documented error codes are not all rendered`);
  }
  await page.screenshot({ path: SCREENSHOT, fullPage: false });
} finally {
  await browser.close();
}
if (problems.length) fail(`docs/index.html:\n${problems.map((p) => `  ${p}`).join("\n")}`);
const codeCount = documentedErrorCodes().reduce((sum, { codes }) => sum + codes.length, 0);
console.log(
  `docs/index.html renders all ${operations.length} operations in ${spec["x-tagGroups"]?.length ?? 0} sections, with their pagination declarations and ${codeCount} documented error codes; screenshot: ${path.relative(ROOT, SCREENSHOT)}`,
);
