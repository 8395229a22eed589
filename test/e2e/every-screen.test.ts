import { afterAll, describe, expect, it } from 'vitest';
import type { TellerState } from '../../shared/api';
import { startTeller, type Running } from './harness';

/*
 * Every screen of the app, photographed at the two window sizes secretaries and officers use
 * (1366×768 and 1024×700) into test-results/screenshots/screens-*, each checked by axe as it is
 * taken (Running.shot). The demo CLP gives every secretary's screen something to show; the
 * first-run, passphrase and unlock screens, and a regional office's screens, come from stores
 * of their own.
 */

const SIZES = [
  [1366, 768],
  [1024, 700],
] as const;

const running: Running[] = [];
afterAll(async () => {
  for (const t of running) await t.stop();
});

async function start(...args: Parameters<typeof startTeller>): Promise<Running> {
  const t = await startTeller(...args);
  running.push(t);
  return t;
}

/** Both sizes of the screen as it is now, with no notice showing. */
async function photograph(t: Running, name: string) {
  const dismiss = t.page.getByRole('button', { name: 'Dismiss' });
  if ((await dismiss.count()) > 0) await dismiss.click();
  for (const [w, h] of SIZES) {
    await t.page.setViewportSize({ width: w, height: h });
    await t.shot(`screens-${name}-${w}`);
  }
}

/** The addresses the main navigation links to, in order. */
async function navRoutes(t: Running): Promise<string[]> {
  const links = t.page.getByRole('navigation', { name: 'Main' }).getByRole('link');
  const routes: string[] = [];
  for (let i = 0; i < (await links.count()); i++) routes.push((await links.nth(i).getAttribute('href')) ?? '');
  return routes;
}

/** Goes to a screen by its address and waits until it has drawn its content. */
async function visit(t: Running, hash: string) {
  await t.page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
  await t.page.locator('#main h2, #main h1').first().waitFor();
  // Screens that read their data after drawing: wait for the reading to end.
  await expect.poll(() => t.page.evaluate<boolean>("!document.body.innerText.includes('Loading') && !document.body.innerText.includes('Checking…')")).toBe(true);
}

describe('every screen at 1366×768 and 1024×700', () => {
  it('the first run, the passphrase, and every secretary’s screen of the demo CLP', async () => {
    const t = await start(undefined, { passphrase: false });
    const { page } = t;
    await page.getByRole('heading', { name: 'Welcome to Teller' }).waitFor();
    await photograph(t, 'welcome');
    await page.getByRole('button', { name: 'Set up my CLP' }).click();
    await page.getByRole('heading', { name: 'Choose a passphrase' }).waitFor();
    await photograph(t, 'set-passphrase');
    await page.getByRole('button', { name: 'Back' }).click();

    await page.getByRole('button', { name: 'Open a demo CLP' }).click();
    await page.getByText('Demo CLP.').waitFor();
    const routes = await navRoutes(t);
    expect(routes).toEqual(['#/dashboard', '#/results', '#/meetings', '#/desk', '#/complaints', '#/members', '#/setup', '#/audit', '#/settings']);
    for (const route of routes) {
      await visit(t, route);
      await photograph(t, route.slice(2));
    }
    // A meeting's own page, and the door desk with a meeting to open (the demo's branches reported by hand).
    const state = await t.call<TellerState>('getState');
    const branch = state.branches.find((b) => b.result === null && b.withdrawn === null)!;
    const meeting = await t.call<{ id: number }>('scheduleMeeting', { branchId: branch.id, date: '2026-06-20' });
    await visit(t, `#/meetings/${meeting.id}`);
    await photograph(t, 'meeting');
    await visit(t, '#/desk');
    await photograph(t, 'desk-with-meeting');
  }, 300_000);

  it('the unlock screen of an encrypted store', async () => {
    const t = await start((service) => service.handlers.saveClp({ name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' }), { passphrase: false });
    await t.page.getByRole('heading', { name: 'Unlock Teller' }).waitFor();
    await photograph(t, 'unlock');
  }, 120_000);

  it('every screen of a regional office', async () => {
    const t = await start((service) => service.handlers.setRegionOffice({ name: 'Invented Region' }));
    const { page } = t;
    await page.getByRole('navigation', { name: 'Main' }).waitFor();
    const routes = await navRoutes(t);
    expect(routes).toEqual(['#/overview', '#/received', '#/keys', '#/settings']);
    for (const route of routes) {
      await visit(t, route);
      await photograph(t, `region-${route.slice(2)}`);
    }
  }, 180_000);
});
