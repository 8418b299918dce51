// The HTML report in a real browser: headless Chromium (Debian's `chromium`, driven by
// playwright-core with executablePath) opens the file with the network off and finds one
// lane per node, an arrow per message of a small pinned run, the losses, the charts, zoom
// and links that work, no console error and no request leaving the file; a screenshot of
// the diagram is not blank and shows the lanes.
// The cascade report shows its incident: the fault window shaded on every chart, each
// breaker opening marked on the charts, the diagram and the pattern table.
// It runs only where both are installed (`apt-get install chromium`, `npm install
// playwright-core`); elsewhere it skips and prints why. CHROMIUM_PATH names another binary.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrowCount, exportHtml } from '../../src/obs/export-html.ts';
import { observeRun } from './observe-run.ts';
import { decodePng } from './png-pixels.ts';
import cascade from '../../scenarios/cascade.ts';
import tinyRpc from './tiny-rpc-scenario.ts';

/** What this test uses of playwright-core (imported by name at run time, so it stays optional). */
interface BrowserPage {
  on(event: 'console', listener: (message: { type(): string; text(): string }) => void): void;
  on(event: 'pageerror', listener: (error: Error) => void): void;
  on(event: 'request', listener: (request: { url(): string }) => void): void;
  goto(url: string): Promise<unknown>;
  waitForSelector(selector: string): Promise<unknown>;
  click(selector: string): Promise<void>;
  evaluate<T>(expression: string): Promise<T>;
  locator(selector: string): { count(): Promise<number>; screenshot(): Promise<Buffer>; first(): { click(): Promise<void> } };
}
interface Browser {
  newContext(options: { offline: boolean; viewport: { width: number; height: number } }): Promise<{ newPage(): Promise<BrowserPage> }>;
  close(): Promise<void>;
}
interface PlaywrightCore {
  chromium: { launch(options: { executablePath: string; headless: boolean; args: string[] }): Promise<Browser> };
}

const CHROMIUM_CANDIDATES = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'];
const chromiumPath = CHROMIUM_CANDIDATES.find((path): path is string => path !== undefined && path !== '' && existsSync(path));

async function loadPlaywright(): Promise<PlaywrightCore | undefined> {
  const name = 'playwright-core';
  try {
    return (await import(name)) as PlaywrightCore;
  } catch {
    return undefined;
  }
}

const playwright = await loadPlaywright();
const skipReason =
  chromiumPath === undefined
    ? 'no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)'
    : playwright === undefined
      ? 'playwright-core is not installed (npm install playwright-core)'
      : undefined;
if (skipReason !== undefined) console.warn(`test/obs/html-browser.test.ts skipped: ${skipReason}`);

/** What a report page said while it loaded: console errors and page errors, and every URL it asked for. */
interface PageRecord {
  readonly problems: string[];
  readonly requests: string[];
}

/** Opens `file` offline in headless Chromium, recording what the page says and asks for, and waits until it is drawn. */
async function openReport(file: string): Promise<{ browser: Browser; page: BrowserPage; record: PageRecord }> {
  const browser = await (playwright as PlaywrightCore).chromium.launch({ executablePath: chromiumPath as string, headless: true, args: ['--no-sandbox'] });
  const context = await browser.newContext({ offline: true, viewport: { width: 1280, height: 1000 } });
  const page = await context.newPage();
  const record: PageRecord = { problems: [], requests: [] };
  page.on('console', (message) => {
    if (message.type() === 'error') record.problems.push(message.text());
  });
  page.on('pageerror', (error) => record.problems.push(error.message));
  page.on('request', (request) => record.requests.push(request.url()));
  await page.goto(pathToFileURL(file).href);
  await page.waitForSelector('body[data-ready="true"]');
  return { browser, page, record };
}

describe.skipIf(skipReason !== undefined)('html report in headless Chromium', () => {
  const { observed } = observeRun(tinyRpc, { seed: 1 });
  const expectedArrows = observed.messages.reduce((sum, message) => sum + arrowCount(message), 0);
  const scratch = mkdtempSync(join(tmpdir(), 'faultline-html-'));
  const file = join(scratch, 'report.html');
  let browser: Browser | undefined;
  let page: BrowserPage;
  let problems: string[] = [];
  let requests: string[] = [];

  beforeAll(async () => {
    writeFileSync(file, exportHtml(observed));
    ({ browser, page, record: { problems, requests } } = await openReport(file));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('draws one lane per node and an arrow per message, with the two losses crossed out', async () => {
    expect(await page.locator('#diagram line.lane').count()).toBe(3);
    // Six requests of four messages each (client->api->db and back), and two queries lost to the partition.
    expect(expectedArrows).toBe(6 * 4 + 2);
    expect(await page.locator('#diagram line.message').count()).toBe(expectedArrows);
    expect(await page.locator('#diagram line.message.lost-partition').count()).toBe(2);
    expect(await page.locator('#diagram text.drop-mark').count()).toBe(2);
    expect(await page.locator('#diagram rect.period-partition').count()).toBe(1);
  });

  it('draws the charts, loads nothing but the file and logs no error', async () => {
    expect(await page.locator('#charts svg.chart-plot polyline').count()).toBeGreaterThan(5);
    expect(requests.filter((url) => !url.startsWith('file:'))).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('zooms in, and jumps to the moment an SLO breach link names', async () => {
    await page.click('#zoom-in');
    await page.waitForSelector('#diagram[data-arrows-shown]');
    const shown = await page.evaluate<number>('new Promise((resolve) => requestAnimationFrame(() => resolve(Number(document.getElementById("diagram").getAttribute("data-arrows-shown")))))');
    expect(shown).toBeLessThan(expectedArrows);
    await page.locator('#slos a[data-time-us]').first().click();
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(resolve))');
    expect(await page.locator('#diagram line.highlight-time').count()).toBe(1);
    await page.click('#zoom-reset');
    await page.evaluate('new Promise((resolve) => requestAnimationFrame(resolve))');
    expect(await page.locator('#diagram line.message').count()).toBe(expectedArrows);
    expect(problems).toEqual([]);
  });

  it('shows a diagram that is not blank, with its lanes drawn', async () => {
    const image = decodePng(await page.locator('#diagram').screenshot());
    const box = await page.evaluate<{ left: number; lanes: number[] }>(
      '(() => { const svg = document.getElementById("diagram").getBoundingClientRect(); return { left: svg.left, lanes: [...document.querySelectorAll("#diagram line.lane")].map((lane) => lane.getBoundingClientRect().left + 0.5 - svg.left) }; })()',
    );
    let inked = 0;
    for (let y = 0; y < image.height; y += 4) {
      for (let x = 0; x < image.width; x += 4) {
        const [red, green, blue] = image.at(x, y);
        if (red + green + blue < 600) inked++;
      }
    }
    expect(inked / ((image.width / 4) * (image.height / 4))).toBeGreaterThan(0.01);
    for (const laneX of box.lanes) {
      // A lane is a dark vertical line: most rows of its column, below the labels, are not white.
      const x = Math.round(laneX);
      let dark = 0;
      let rows = 0;
      for (let y = 60; y < image.height - 20; y += 5) {
        rows++;
        const darkest = Math.min(...[-1, 0, 1].map((dx) => image.at(Math.min(image.width - 1, Math.max(0, x + dx)), y).slice(0, 3).reduce((sum, channel) => sum + channel, 0)));
        if (darkest < 600) dark++;
      }
      expect(dark / rows).toBeGreaterThan(0.8);
    }
  });
});

/** What a learner should see in the cascade report: the fault shaded on every chart, the breaker openings marked. */
describe.skipIf(skipReason !== undefined)('cascade html report in headless Chromium', () => {
  const { observed } = observeRun(cascade, { seed: 1 });
  const opened = observed.patternMarks.filter((mark) => mark.kind === 'breaker-opened').length;
  const scratch = mkdtempSync(join(tmpdir(), 'faultline-cascade-'));
  const file = join(scratch, 'cascade.html');
  let browser: Browser | undefined;
  let page: BrowserPage;
  let problems: string[] = [];

  beforeAll(async () => {
    writeFileSync(file, exportHtml(observed));
    ({ browser, page, record: { problems } } = await openReport(file));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    rmSync(scratch, { recursive: true, force: true });
  });

  it('shades the fault window on every chart and marks each breaker opening on each', async () => {
    const charts = await page.locator('#charts svg.chart-plot').count();
    expect(charts).toBeGreaterThan(5);
    expect(await page.locator('#charts svg.chart-plot rect.period-declared').count()).toBe(charts);
    expect(opened).toBeGreaterThan(0);
    expect(await page.locator('#charts svg.chart-plot line.pattern-breaker-opened').count()).toBe(charts * opened);
    expect(await page.locator('#diagram line.pattern-breaker-opened').count()).toBe(opened);
    expect(await page.locator('#patterns tr.pattern-row-breaker-opened').count()).toBe(opened);
    expect(problems).toEqual([]);
  });
});
