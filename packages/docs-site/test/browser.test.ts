// Opens the served site in headless Chromium: the index and its links, every operation of every API
// page, search, code samples, and not one request leaving the machine.
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { loadSpec, operationsOf, siteApis, webhooksOf } from "./site.js";

const docsUrl = inject("docsUrl");
const docsDir = inject("docsDir");
const chromiumPath = inject("chromiumPath");
const apis = siteApis(docsDir);
const origin = new URL(docsUrl).origin;

let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
  });
});

afterAll(async () => {
  await browser?.close();
});

/** Requests that left the loopback server: anything but its origin, data: and blob: URLs. */
function offsite(requests: string[]): string[] {
  return requests.filter((url) => !(url.startsWith(`${origin}/`) || url.startsWith("data:") || url.startsWith("blob:")));
}

/** A fresh page that records every request it makes. */
async function openPage(path: string): Promise<{ page: Page; requests: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(new URL(path, docsUrl).href, { waitUntil: "load" });
  return { page, requests };
}

/** Waits until Redoc has hydrated the page (its search box stops saying "Loading..."). */
async function waitForRedoc(page: Page): Promise<void> {
  await page.waitForSelector("[data-testid=search-trigger]:not(:has-text('Loading'))", { timeout: 20_000 });
}

/** Section ids of the operations Redoc has rendered, e.g. "/message/sendmessage". */
async function operationSections(page: Page): Promise<string[]> {
  return page.$$eval("[data-section-id]", (els) =>
    els.map((e) => e.getAttribute("data-section-id") ?? "").filter((id) => /^\/[^/]+\/[^/]+$/.test(id)),
  );
}

describe("index page", () => {
  it("lists the three APIs, and every link on it works", async () => {
    const { page, requests } = await openPage("./");
    try {
      const headings = await page.$$eval("section.api h2 a", (els) => els.map((a) => ({ text: a.textContent, href: a.getAttribute("href") })));
      const byHref = (a: { href: string | null }, b: { href: string | null }) => String(a.href).localeCompare(String(b.href));
      expect(headings.sort(byHref)).toEqual(apis.map((api) => ({ text: loadSpec(docsDir, api).info.title, href: `${api}/` })).sort(byHref));

      const hrefs = await page.$$eval("a[href]", (els) => els.map((a) => (a as HTMLAnchorElement).href));
      const local = [...new Set(hrefs.filter((h) => h.startsWith(`${origin}/`)).map((h) => h.split("#")[0] ?? h))];
      expect(local.length).toBeGreaterThanOrEqual(apis.length * 3);
      for (const href of local) {
        const response = await fetch(href);
        expect(response.status, href).toBe(200);
        await response.arrayBuffer();
      }

      // Following a link in the browser leads to a working reference page.
      await page.click(`section.api h2 a[href="${apis[0]}/"]`);
      await page.waitForURL(`${docsUrl}${apis[0]}/`);
      await waitForRedoc(page);
      expect(await page.title()).toContain(loadSpec(docsDir, apis[0] ?? "").info.title);
      expect(offsite(requests)).toEqual([]);
    } finally {
      await page.context().close();
    }
  });
});

describe.each(apis)("%s reference page", (api) => {
  const spec = loadSpec(docsDir, api);
  const operations = operationsOf(spec);
  // One page per API, opened once: a Redoc page is a few MB of inline script to parse and hydrate.
  let page: Page;
  let requests: string[];
  /** operationId (lowercase) -> the section id Redoc gave it, e.g. "/message/sendmessage". */
  const sections = new Map<string, string>();

  beforeAll(async () => {
    ({ page, requests } = await openPage(`${api}/`));
    await waitForRedoc(page);
  });

  afterAll(async () => {
    await page?.context().close();
  });

  it("renders every operation of the spec", async () => {
    // Redoc renders one tag's operations at a time; visit each tag's section in turn.
    const tagSections = await page.$$eval("[data-section-id]", (els) =>
      [...new Set(els.map((e) => e.getAttribute("data-section-id") ?? "").filter((id) => /^\/[^/]+$/.test(id)))],
    );
    expect(tagSections.length).toBeGreaterThan(0);
    for (const tag of tagSections) {
      await page.evaluate((hash) => {
        window.location.hash = hash;
      }, `#${tag}`);
      await page.waitForFunction((t) => document.querySelectorAll(`[data-section-id^="${t}/"]`).length > 0, tag, { timeout: 10_000 });
      for (const id of await operationSections(page)) if (id.startsWith(`${tag}/`)) sections.set(id.slice(tag.length + 1), id);
    }
    // Webhooks (what the server sends to the user's backend) are listed under their tags too.
    const expected = [...operations, ...webhooksOf(spec)].map((o) => o.op.operationId.toLowerCase()).sort();
    expect([...sections.keys()].sort()).toEqual(expected);
  });

  it("shows the generated code samples on an operation, TypeScript first, curl on request", async () => {
    const withBody = operations.find((o) => o.op.requestBody) ?? operations[0];
    const section = sections.get(withBody?.op.operationId.toLowerCase() ?? "");
    if (!withBody || !section) throw new Error("the operation was not rendered (see the test above)");
    await page.evaluate((hash) => {
      window.location.hash = hash;
    }, `#${section}`);
    const samples = withBody.op["x-codeSamples"] ?? [];
    const lineOf = (label: string) => samples.find((s) => s.label === label)?.source.split("\n").find((l) => /^(curl |\s*await client\.)/.test(l)) ?? "";
    const shows = (line: string) =>
      page.waitForFunction(
        (l) => [...document.querySelectorAll("[data-component-name='CodeBlock/CodeBlock']")].some((el) => (el as HTMLElement).innerText.includes(l)),
        line,
        { timeout: 10_000 },
      );
    expect(lineOf("TypeScript")).toMatch(/^\s*await client\.[A-Z]+\(/);
    expect(lineOf("curl")).toMatch(/^curl /);
    await shows(lineOf("TypeScript"));
    // The language menu lists exactly the generated samples; choosing curl shows the curl command.
    const dropdowns = page.locator(".panel-request-samples [data-component-name='Dropdown/Dropdown']");
    const texts = await dropdowns.allInnerTexts();
    const index = texts.findIndex((t) => t.trim() === "TypeScript");
    expect(index, `language dropdown among ${JSON.stringify(texts)}`).toBeGreaterThanOrEqual(0);
    const language = dropdowns.nth(index);
    await language.click();
    // The menu opens in a portal at the end of the page; other dropdowns' menus are there too, hidden.
    const items = page.locator("[data-component-name='Dropdown/DropdownMenuItem']:visible");
    await items.first().waitFor({ timeout: 5_000 });
    expect((await items.allInnerTexts()).map((t) => t.trim())).toEqual(["TypeScript", "curl"]);
    await items.nth(1).click();
    await shows(lineOf("curl"));
  });

  it("finds an operation by its summary with the search box", async () => {
    // The last operation: the one least likely to be on screen already.
    const target = operations[operations.length - 1];
    if (!target?.op.summary) throw new Error(`the last operation of ${api} has no summary`);
    await page.click("[data-testid=search-trigger]");
    const input = page.locator("[data-component-name='Search/SearchInput'] input");
    await input.fill(target.op.summary);
    const hit = page.locator("[data-component-name='Search/SearchItem']", { hasText: target.op.summary }).first();
    await hit.waitFor({ timeout: 10_000 });
    expect(await hit.innerText()).toContain(target.path);
    // Choosing the result opens the operation.
    await hit.click();
    await page.waitForFunction((id) => window.location.hash.endsWith(`/${id}`), target.op.operationId.toLowerCase(), { timeout: 10_000 });
  });

  it("made no request that left the machine", () => {
    expect(requests.length).toBeGreaterThan(0);
    expect(offsite(requests)).toEqual([]);
  });
});

describe("request recording", () => {
  it("would notice a request to another host", async () => {
    // The offsite() checks above only mean something if a request leaving the page is recorded.
    const { page, requests } = await openPage("./");
    try {
      // Aborted here, so the probe never actually goes out.
      await page.route("http://192.0.2.1/**", (route) => route.abort());
      await page.evaluate(() => {
        const img = document.createElement("img");
        img.src = "http://192.0.2.1/probe.png";
        document.body.append(img);
      });
      await page.waitForTimeout(200);
      expect(offsite(requests)).toEqual(["http://192.0.2.1/probe.png"]);
    } finally {
      await page.context().close();
    }
  });
});
