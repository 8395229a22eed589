import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { presetById } from '../../shared/rules';
import { ukToday } from '../../shared/time';
import type { TellerState } from '../../shared/api';
import { startTeller, type Running } from './harness';

// Getting started and moving around (issue 15): the checklist, the signing key and the way back
// to the export, the demo from Settings, the sticky navigation, errors and notices, the favicon,
// and no decision received in the future.

let t: Running;
/** Every request the page made that failed (a 404 favicon among them). */
const failed: string[] = [];
beforeAll(async () => {
  t = await startTeller((service) => {
    service.handlers.saveClp({ name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
  });
  t.page.on('response', (r) => {
    if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
  });
  await t.page.reload();
});
afterAll(async () => {
  await t?.stop();
});

const nav = (name: string) => t.page.getByRole('navigation').getByRole('link', { name, exact: true });
const checklist = () => t.page.getByRole('region', { name: 'Getting started' });
const labour2021 = presetById('labour-2021')!.rules;

/** Whether two boxes on the page overlap. */
const overlap = (a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('getting started', () => {
  it('lists the first steps on the dashboard, links each to where it is done, and ticks each off as the store shows it done', async () => {
    const { page } = t;
    await checklist().waitFor();
    await checklist().getByText('1 of 7 steps done.').waitFor();
    expect(await checklist().locator('li.done').allInnerTexts()).toEqual([expect.stringContaining('Name the CLP and its MP') as unknown]);
    await t.shot('60-checklist-start');

    // The link goes to the Set-up screen, scrolled to the branches.
    await checklist().getByRole('link', { name: 'Branches: do it now' }).click();
    expect(await page.evaluate<string>('window.location.hash')).toBe('#/setup/branches-editor');
    await page.getByLabel('New branch (ward) name').fill('Copperfield North');
    await page.getByRole('button', { name: 'Add branch' }).click();
    await page.getByText('Branch Copperfield North added.').waitFor();
    await nav('Dashboard').click();
    await checklist().getByText('2 of 7 steps done.').waitFor();

    // Done anywhere (here through the Api, as another window would): ticked off at once.
    await t.call('addAffiliate', { name: 'Health Service Staff Union, Brambleford', kind: 'trade-union', eligible: true, ineligibleReason: null });
    await t.call('saveBallot', { freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: labour2021 });
    await checklist().getByText('4 of 7 steps done.').waitFor();
    const state = await t.call<TellerState>('getState');
    await t.call('saveEligibility', state.ballot!.eligibility);
    await checklist().getByText('5 of 7 steps done.').waitFor();
    expect(await checklist().locator('li.to-do .step-title').allInnerTexts()).toEqual(['Import the membership list', 'Create the signing key for your reports']);
    expect(await checklist().getByRole('link', { name: 'Membership list: do it now' }).getAttribute('href')).toBe('#/members/import-members');
    await t.shot('61-checklist-part-done');
  });

  it('creates the signing key with the passphrase typed twice, and ticks it off', async () => {
    const { page } = t;
    await checklist().getByRole('link', { name: 'Signing key: do it now' }).click();
    await page.getByLabel(/Passphrase for the new key/).fill('a long enough passphrase');
    await page.getByLabel('The same passphrase again').fill('a long enough passphrasf');
    await page.getByRole('button', { name: 'Create the key' }).click();
    await page.getByText('The two passphrases differ. Type the same passphrase twice.').waitFor();
    expect((await t.call<{ current: unknown }>('getSigning')).current).toBeNull();
    await page.getByLabel('The same passphrase again').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Create the key' }).click();
    await page.getByLabel('Fingerprint').waitFor();
    // The mismatch is out of date once the key is made.
    expect(await page.getByText('The two passphrases differ.').count()).toBe(0);
    await nav('Dashboard').click();
    await checklist().getByText('6 of 7 steps done.').waitFor();
  });

  it('after unlocking the key for an export, goes back to the export, not Settings', async () => {
    const { page } = t;
    await t.restart(); // the key is locked again
    await page.getByRole('button', { name: 'Export an interim report' }).click();
    await page.getByText('Unlock the signing key with its passphrase on the Settings page first.').waitFor();
    await page.getByRole('link', { name: 'Go to Settings' }).click();
    await page.getByText('Once the key is unlocked, Teller takes you back to the signed report.').waitFor();
    await t.shot('62-settings-unlock-for-export');
    await page.getByLabel('Passphrase to unlock the key').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await expect.poll(() => page.evaluate<boolean>("window.location.hash === '#/dashboard/export'")).toBe(true);
    await expect.poll(() => page.evaluate<boolean>("document.activeElement?.id === 'export-title'")).toBe(true);
    expect(await page.getByRole('heading', { name: 'Signed report' }).isVisible()).toBe(true);
    // The old refusal is gone, and the export now works.
    expect(await page.getByText('Unlock the signing key with its passphrase').count()).toBe(0);
    const download = page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.json'));
    await page.getByRole('button', { name: 'Export an interim report' }).click();
    await download;
  });
});

describe('the demo, for training volunteers', () => {
  it('opens from Settings once a CLP exists, and leaving it lands on the real dashboard with the real store untouched', async () => {
    const { page } = t;
    const before = await t.call<TellerState>('getState');
    await nav('Settings').click();
    await page.getByRole('heading', { name: 'Demo CLP for training' }).waitFor();
    await page.getByRole('button', { name: 'Open the demo CLP' }).click();
    await page.getByText('Demo CLP.').waitFor();
    await page.getByRole('heading', { name: 'Electoral college' }).waitFor();
    expect(await page.evaluate<string>('window.location.hash')).toBe('#/dashboard');
    // In the demo, Settings does not offer the demo again.
    await nav('Settings').click();
    await page.getByRole('heading', { name: 'Signing key' }).waitFor();
    expect(await page.getByRole('heading', { name: 'Demo CLP for training' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Leave the demo' }).click();
    await page.getByText('Brambleford and Oakmere CLP · MP: Owain Lomax').waitFor();
    await expect.poll(() => page.evaluate<boolean>("window.location.hash === '#/dashboard'")).toBe(true);
    expect(await page.getByText('Demo CLP.').count()).toBe(0);
    await checklist().waitFor();
    const after = await t.call<TellerState>('getState');
    expect(after.audit).toEqual(before.audit);
    expect(after.store.path).toBe(before.store.path);
  });
});

describe('moving around', () => {
  it('keeps the navigation on screen on a long page, and a section scrolled to lands below it', async () => {
    const { page } = t;
    await page.setViewportSize({ width: 1024, height: 700 });
    await nav('Settings').click();
    await page.getByRole('heading', { name: 'Where personal data is kept' }).waitFor();
    await page.evaluate('window.scrollTo(0, document.documentElement.scrollHeight)');
    await expect.poll(() => page.evaluate<boolean>('window.scrollY > 200')).toBe(true);
    const link = await nav('Dashboard').boundingBox();
    expect(link).not.toBeNull();
    expect(link!.y).toBeGreaterThanOrEqual(0);
    expect(link!.y + link!.height).toBeLessThanOrEqual(700);
    await t.shot('63-settings-scrolled-1024', false);
    // A checklist link's section starts below the bar, not under it.
    await page.goto(`${t.host.url}#/setup/affiliates-editor`);
    await page.getByRole('heading', { name: /^Affiliates/ }).waitFor();
    await expect.poll(() => page.evaluate<boolean>('window.scrollY > 0')).toBe(true);
    const bar = await page.locator('.top-bar').boundingBox();
    const heading = await page.getByRole('heading', { name: /^Affiliates/ }).boundingBox();
    expect(heading!.y).toBeGreaterThanOrEqual(bar!.y + bar!.height);
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it('shows a form error without widening its input, and clears it after a later success elsewhere', async () => {
    const { page } = t;
    await nav('Set-up').click();
    const name = page.getByLabel('New affiliate name');
    await name.waitFor();
    const width = (await name.boundingBox())!.width;
    await page.getByLabel('Eligible (affiliation fees paid by the cut-off date)').last().uncheck();
    await name.fill('Rail Maritime Workers, Brambleford');
    await page.getByRole('button', { name: 'Add affiliate' }).click();
    const error = page.getByText('Say why this affiliate is not eligible');
    await error.waitFor();
    expect((await name.boundingBox())!.width).toBeCloseTo(width, 0);
    expect((await page.getByLabel('Why not eligible').boundingBox())!.width).toBeLessThanOrEqual(width + 1);
    await t.shot('64-setup-affiliate-error');

    await page.getByLabel('New branch (ward) name').fill('Larkmere');
    await page.getByRole('button', { name: 'Add branch' }).click();
    await page.getByText('Branch Larkmere added.').waitFor();
    expect(await error.count()).toBe(0);
  });

  it('shows notices where they cover no form control, the affiliate Kind select included', async () => {
    const { page } = t;
    await page.getByLabel('Why not eligible').fill('Fees not paid by the cut-off date');
    await page.getByRole('button', { name: 'Add affiliate' }).click();
    const notice = page.getByRole('status').getByText('Affiliate Rail Maritime Workers, Brambleford added.');
    await notice.waitFor();
    for (const scroll of ['top', 'bottom'] as const) {
      // Every form control of the screen against the notice, measured at once (the notice goes after 8 s).
      const covered = await page.evaluate<string[]>(`(() => {
        window.scrollTo(0, ${scroll === 'top' ? '0' : 'document.documentElement.scrollHeight'});
        const n = document.querySelector('.notice').getBoundingClientRect();
        return [...document.querySelectorAll('main input, main select, main textarea, main button')]
          .map((c) => [c, c.getBoundingClientRect()])
          .filter(([, r]) => r.width > 0 && r.left < n.right && n.left < r.right && r.top < n.bottom && n.top < r.bottom)
          .map(([c]) => c.outerHTML.slice(0, 80));
      })()`);
      expect(covered, `at the ${scroll}`).toEqual([]);
    }
    const kind = (await page.getByLabel('Kind').last().boundingBox())!;
    expect(overlap((await page.locator('.notice').boundingBox())!, kind)).toBe(false);
    await t.shot('65-setup-notice', false);
  });

  it('refuses a decision received after today, in one sentence beside the date', async () => {
    const { page } = t;
    await nav('Results').click();
    const tomorrow = new Date(Date.now() + 36 * 3600 * 1000);
    const [y, m, d] = ukToday(tomorrow).split('-');
    await page.getByLabel('Received').fill(`${d}/${m}/${y}`);
    await page.getByLabel('Signed by').fill('Branch secretary');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText(/^The date received cannot be in the future: today is \d{1,2} \w+ \d{4}\.$/).waitFor();
    const state = await t.call<TellerState>('getState');
    expect(state.affiliates.every((a) => a.decision === null)).toBe(true);
    await t.shot('66-results-future-date');
  });

  it('ships a favicon: no request of any screen failed', async () => {
    const href = await t.page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toMatch(/\.svg$/);
    const r = await t.page.request.get(new URL(href!, t.page.url()).toString());
    expect(r.status()).toBe(200);
    expect(r.headers()['content-type']).toBe('image/svg+xml');
    expect(failed).toEqual([]);
  });
});
