import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../db/hosts/browser-host';
import type { HostedService } from '../../db/hosts/hosted-service';
import { startServiceWorker } from '../../db/hosts/service-client';
import { TellerService } from '../../db/service';
import { demoStorePath } from '../../db/store/location';
import type { ApiResult } from '../../shared/errors';
import { TEST_PASSPHRASE } from '../test-store';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = path.resolve('test-results/screenshots');
const RENDERER = path.resolve('dist/renderer');

export interface Running {
  dir: string;
  storePath: string;
  /** The service worker the page talks to, the same one the desktop app runs. */
  service: HostedService;
  host: BrowserHost;
  /** An Api call through the service worker; throws on a refusal. */
  call<T = unknown>(method: string, input?: unknown): Promise<T>;
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

/**
 * Imports a membership list the app's way (staged, previewed, imported by the import job) on
 * a service without an import worker, where each job is done when its call returns. The
 * ballot's first list is used at once, as in the app. Returns the new snapshot's id.
 */
export function importMembers(service: TellerService, file: string): number {
  const h = service.handlers;
  const fileId = service.staged.add(file);
  const preview = h.previewImport({ kind: 'members', fileId }).preview;
  if (!preview) throw new Error('The preview did not finish.');
  const job = h.startImport({ kind: 'members', fileId, mapping: preview.mapping });
  if (job.state !== 'done' || job.snapshotId === null) throw new Error(`The import ended ${job.state}: ${job.message ?? ''}`);
  return job.snapshotId;
}

/**
 * A real store in a temporary folder, served by the browser host from the built service
 * worker (exactly what the desktop app runs), driven by Debian's Chromium. `prepare`, if
 * given, fills the store first through the service's handlers on this thread.
 */
export async function startTeller(prepare?: (service: TellerService, dir: string) => void, { passphrase = true }: { passphrase?: boolean } = {}): Promise<Running> {
  if (!fs.existsSync(path.join(RENDERER, 'index.html')) || !fs.existsSync(path.resolve('dist/service-worker.cjs'))) throw new Error('Build the app first: npm run build');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-e2e-'));
  const storePath = path.join(dir, 'teller.sqlite');
  if (prepare) {
    const service = new TellerService({ actor: 'e2e-secretary', now: () => new Date(), storePath, demoPath: demoStorePath(storePath), passphrase: TEST_PASSPHRASE });
    try {
      prepare(service, dir);
    } finally {
      service.close();
    }
  }
  const open = async () => {
    const service = await startServiceWorker({
      workerFile: path.resolve('dist/service-worker.cjs'),
      actor: 'e2e-secretary',
      storePath,
      demoPath: demoStorePath(storePath),
      importWorker: path.resolve('dist/import-worker.cjs'),
      // The store opened with the tests' passphrase, as `teller serve` does when given one;
      // without it the page asks, as it does for a secretary.
      ...(passphrase ? { passphrase: TEST_PASSPHRASE } : {}),
      onInternalError: (e) => console.error(e),
    });
    const host = await startBrowserHost({ service, staticDir: RENDERER, onInternalError: (e) => console.error(e) });
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
    async call<T>(method: string, input: unknown = {}) {
      const r = (await running.service.call(method, input)) as ApiResult<T>;
      if (!r.ok) throw new Error(`${method} failed: ${r.error.code}: ${r.error.message}`);
      return r.value;
    },
    browser,
    page,
    async restart() {
      await running.host.close();
      await running.service.close();
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
      await running.service.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  await page.goto(first.host.url);
  return running;
}
