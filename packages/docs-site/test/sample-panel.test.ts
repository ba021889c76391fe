// The request-sample panel of a reference page at the widths the docs are read at: 1024 px, where
// Redoc puts the panel under the operation, and 1400 px, where it is a narrow column beside it. No
// line of a sample may be hidden, neither under the copy button in the block's corner nor past the
// block's right edge. Screenshots of every panel checked are kept in a temporary folder, whose path
// the test prints, for a person to look at.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadSpec, operationsOf, siteApis, type SiteOperation } from "./site.js";

const docsUrl = inject("docsUrl");
const docsDir = inject("docsDir");
const chromiumPath = inject("chromiumPath");
const LABELS = ["TypeScript", "curl"];

interface Target {
  api: string;
  operation: SiteOperation;
}

function longestLine(operation: SiteOperation): number {
  return Math.max(0, ...(operation.op["x-codeSamples"] ?? []).flatMap((s) => s.source.split("\n").map((l) => l.length)));
}

/** The operation with the longest sample line on the site, and WuKongIM's send, the sample copied most. */
function targets(): Target[] {
  const all = siteApis(docsDir).flatMap((api) => operationsOf(loadSpec(docsDir, api)).map((operation) => ({ api, operation })));
  const longest = all.reduce((a, b) => (longestLine(b.operation) > longestLine(a.operation) ? b : a));
  const send = all.find((t) => t.api === "wukongim" && t.operation.method === "post" && t.operation.path === "/message/send");
  if (!send) throw new Error("the wukongim page has no POST /message/send");
  return longestLine(longest.operation) > 0 && longest !== send ? [longest, send] : [send];
}

/** What the panel's code block shows, and every way a line of it is hidden. */
interface Layout {
  lines: string[];
  problems: string[];
}

/**
 * Measures the code block of a request-sample panel in the page: the block may not scroll
 * sideways, each line's boxes (a wrapped line has several) must lie within the block's visible
 * width, and none of the boxes in view may overlap the copy button.
 */
function measure(panel: Locator): Promise<Layout> {
  return panel.evaluate((root) => {
    // The code block's own copy button; the example menu in the panel's header has hidden ones too.
    const block = root.querySelector<HTMLElement>('[data-component-name="CodeBlock/CodeBlock"]');
    const pre = block?.querySelector<HTMLElement>('pre[data-component-name="CodeBlock/CodeBlockContainer"]');
    const button = block?.querySelector<HTMLElement>('[data-component-name="CodeBlock/CodeBlockControls"] [data-testid="copy-button"]');
    if (!pre || !button) return { lines: [], problems: [`the panel has no ${pre ? "copy button" : "code block"}`] };
    const problems: string[] = [];
    const b = button.getBoundingClientRect();
    if (b.width === 0 || b.height === 0) problems.push("the copy button is not shown");
    const box = pre.getBoundingClientRect();
    const left = box.left + pre.clientLeft;
    const right = left + pre.clientWidth;
    const top = box.top + pre.clientTop;
    const bottom = top + pre.clientHeight;
    if (pre.scrollWidth > pre.clientWidth + 1) problems.push(`the block scrolls sideways: ${pre.scrollWidth} px of lines in ${pre.clientWidth} px`);
    const lines = [...pre.querySelectorAll<HTMLElement>(".th-line")];
    lines.forEach((line, index) => {
      const name = `line ${index + 1} ${JSON.stringify((line.textContent ?? "").trim().slice(0, 48))}`;
      const range = document.createRange();
      range.selectNodeContents(line);
      for (const r of range.getClientRects()) {
        if (r.width === 0 || r.height === 0) continue;
        if (r.left < left - 0.5 || r.right > right + 0.5) {
          problems.push(`${name} runs past the block: ${Math.round(r.left)}-${Math.round(r.right)} px, the block shows ${Math.round(left)}-${Math.round(right)} px`);
        }
        const inView = r.bottom > top && r.top < bottom;
        if (inView && r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top) problems.push(`${name} is under the copy button`);
      }
    });
    return { lines: lines.map((l) => l.textContent ?? ""), problems };
  });
}

/** Waits until Redoc has hydrated the page (its search box stops saying "Loading..."). */
async function waitForRedoc(page: Page): Promise<void> {
  await page.waitForSelector("[data-testid=search-trigger]:not(:has-text('Loading'))", { timeout: 60_000 });
}

/** Opens the operation with the search box and returns its request-sample panel, scrolled into view. */
async function openOperation(page: Page, { method, path: route, op }: SiteOperation): Promise<Locator> {
  if (!op.summary) throw new Error(`${op.operationId} has no summary to search for`);
  await page.click("[data-testid=search-trigger]");
  await page.locator("[data-component-name='Search/SearchInput'] input").fill(op.summary);
  const hit = page.locator("[data-component-name='Search/SearchItem']", { hasText: op.summary }).filter({ hasText: route }).first();
  await hit.waitFor({ timeout: 30_000 });
  await hit.click();
  const id = op.operationId.toLowerCase();
  await page.waitForFunction((i) => window.location.hash.endsWith(`/${i}`), id, { timeout: 30_000 });
  const section = decodeURIComponent(new URL(page.url()).hash.slice(1));
  const panel = page.locator(`[data-section-id="${section}"] .panel-request-samples`).first();
  await panel.waitFor({ state: "visible", timeout: 30_000 });
  await panel.scrollIntoViewIfNeeded();
  expect(await panel.innerText(), `${method.toUpperCase()} ${route}`).toContain(route);
  return panel;
}

/** Chooses a language in the panel and waits until its block shows exactly that sample. */
async function showSample(page: Page, panel: Locator, label: string, source: string): Promise<void> {
  const dropdowns = panel.locator("[data-component-name='Dropdown/Dropdown']");
  const texts = (await dropdowns.allInnerTexts()).map((t) => t.trim());
  const index = texts.findIndex((t) => LABELS.includes(t));
  if (index < 0) throw new Error(`no language menu among ${JSON.stringify(texts)}`);
  if (texts[index] !== label) {
    await dropdowns.nth(index).click();
    // The menu opens in a portal at the end of the page; other dropdowns' menus are there too, hidden.
    const item = page.locator("[data-component-name='Dropdown/DropdownMenuItem']:visible", { hasText: label }).first();
    await item.waitFor({ timeout: 15_000 });
    await item.click();
  }
  await panel.locator("pre .th-line").first().waitFor({ timeout: 15_000 });
  await panel.evaluate(
    (root, expected) =>
      new Promise<void>((resolve, reject) => {
        const shown = () => [...root.querySelectorAll("pre .th-line")].map((l) => l.textContent ?? "").join("\n") === expected;
        if (shown()) return resolve();
        const observer = new MutationObserver(() => {
          if (!shown()) return;
          observer.disconnect();
          clearTimeout(timer);
          resolve();
        });
        const timer = setTimeout(() => {
          observer.disconnect();
          reject(new Error("the panel never showed the sample"));
        }, 15_000);
        observer.observe(root, { childList: true, subtree: true, characterData: true });
      }),
    source,
  );
}

const shotsDir = mkdtempSync(path.join(os.tmpdir(), "im-openapi-sample-panel-"));
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});

afterAll(async () => {
  await browser?.close();
  console.log(`sample panel screenshots: ${shotsDir}`);
});

describe.each([1024, 1400])("request samples at %i px", (width) => {
  const byApi = new Map<string, Target[]>();
  for (const target of targets()) byApi.set(target.api, [...(byApi.get(target.api) ?? []), target]);

  it.each([...byApi.keys()])("%s: every line of the samples is in sight", async (api) => {
    const context = await browser.newContext({ viewport: { width, height: 900 } });
    try {
      const page = await context.newPage();
      await page.goto(new URL(`${api}/`, docsUrl).href, { waitUntil: "load", timeout: 60_000 });
      await waitForRedoc(page);
      let last: Locator | undefined;
      for (const { operation } of byApi.get(api) ?? []) {
        const panel = await openOperation(page, operation);
        for (const label of LABELS) {
          const source = operation.op["x-codeSamples"]?.find((s) => s.label === label)?.source;
          if (!source) throw new Error(`${operation.op.operationId} has no ${label} sample`);
          await showSample(page, panel, label, source);
          const layout = await measure(panel);
          const name = `${api}-${operation.op.operationId}-${label}-${width}`;
          await panel.screenshot({ path: path.join(shotsDir, `${name}.png`) });
          expect(layout.lines.join("\n"), name).toBe(source);
          expect(layout.problems, name).toEqual([]);
        }
        await page.screenshot({ path: path.join(shotsDir, `${api}-${operation.op.operationId}-page-${width}.png`) });
        last = panel;
      }

      // The measurement must see a hidden line: restore Redoc's own layout (no room above the code,
      // no wrapping) and make the first line long, as the samples' first lines used to be.
      if (!last) throw new Error("no panel was checked");
      await last.evaluate((root) => {
        const pre = root.querySelector<HTMLElement>('pre[data-component-name="CodeBlock/CodeBlockContainer"]');
        const first = pre?.querySelector<HTMLElement>(".th-line");
        if (!pre || !first) throw new Error("no code block to alter");
        pre.style.setProperty("padding-top", "8px", "important");
        pre.style.setProperty("white-space", "pre", "important");
        first.textContent = `import { createWukongimClient, encodePayload, unwrap } from "@im-openapi/wukongim"; // ${"x".repeat(80)}`;
      });
      const broken = await measure(last);
      expect(broken.problems.join("\n")).toMatch(/scrolls sideways/);
      expect(broken.problems.join("\n")).toMatch(/line 1 .* runs past the block/);
      expect(broken.problems.join("\n")).toMatch(/line 1 .* is under the copy button/);
    } finally {
      await context.close();
    }
  }, 240_000);
});
