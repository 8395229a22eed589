import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../db/hosts/browser-host';
import { TellerService } from '../../db/service';
import { demoStorePath } from '../../db/store/location';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-results/screenshots');
const RENDERER = path.resolve('dist/renderer');

export interface Running {
  dir: string;
  storePath: string;
  service: TellerService;
  host: BrowserHost;
  browser: Browser;
  page: Page;
  /** Reopens the store from disk, as a restart of the app would. */
  restart(): Promise<void>;
  /** A screenshot of the whole page, or of what is in view when fullPage is false. */
  shot(name: string, fullPage?: boolean): Promise<void>;
  stop(): Promise<void>;
}

const AXE_SOURCE = fs.readFileSync(path.resolve('node_modules/axe-core/axe.min.js'), 'utf8');

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core on the page as it is now: no serious or critical violations (SPEC: accessible). */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  // Evaluated through the DevTools protocol, so the page's CSP stays as strict as in use.
  await page.evaluate(`${AXE_SOURCE};0`);
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => ({ target: n.target })) })))`,
  );
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  if (bad.length > 0) {
    throw new Error(`Accessibility problems on ${screen}:\n${bad.map((v) => `- ${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`).join('\n')}`);
  }
}

/** A real store in a temporary folder, served by the browser host, driven by Debian's Chromium. */
export async function startTeller(): Promise<Running> {
  if (!fs.existsSync(path.join(RENDERER, 'index.html'))) throw new Error('Build the renderer first: npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-e2e-'));
  const storePath = path.join(dir, 'teller.sqlite');
  const open = async () => {
    const service = new TellerService({
      actor: 'e2e-secretary',
      now: () => new Date(),
      storePath,
      demoPath: demoStorePath(storePath),
      importWorker: path.resolve('dist/import-worker.cjs'),
    });
    const host = await startBrowserHost({ handlers: service.handlers, staticDir: RENDERER, staged: service.staged, onInternalError: (e) => console.error(e) });
    return { service, host };
  };
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  page.on('pageerror', (e) => console.error('page error:', e));
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const first = await open();
  const running: Running = {
    dir,
    storePath,
    service: first.service,
    host: first.host,
    browser,
    page,
    async restart() {
      await running.host.close();
      running.service.close();
      const next = await open();
      running.service = next.service;
      running.host = next.host;
      await page.goto(next.host.url);
    },
    async shot(name, fullPage = true) {
      await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage });
      await expectAccessible(page, name);
    },
    async stop() {
      await browser.close();
      await running.host.close();
      running.service.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await page.goto(first.host.url);
  return running;
}
