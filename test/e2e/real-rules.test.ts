import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TellerService } from '../../db/service';
import { expectAccessible, startTeller, type Running } from './harness';

/*
 * The rules as they were applied, on screen: Liverpool West Derby 2022 (all 4 branches for
 * selection, none of 8 affiliates reported: "Not decided yet" until an affiliate reports) and
 * a 43–43 tie retaken at the same meeting (Poplar & Limehouse 2022). Synthetic names.
 */

const LABOUR_2021 = { id: 'labour-2021', method: 'college', threshold: '1/2', strict: true, weights: { branches: '1/2', affiliates: '1/2' }, base: 'voting', tie: 'no-vote', emptyClass: 'reweight' } as const;

let t: Running;

function westDerby(service: TellerService) {
  const h = service.handlers;
  h.saveClp({ name: 'Westbury Derwent', code: null, mpName: 'Sitting Member' });
  for (const name of ['Croxley', 'Knotty Ash', 'Norris Green', 'Tuebrook']) h.addBranch({ name });
  for (let i = 1; i <= 8; i++) h.addAffiliate({ name: `Affiliate ${i}`, kind: 'trade-union', eligible: true, ineligibleReason: null });
  h.saveBallot({ freezeDate: '2022-01-01', opensOn: '2022-02-01', closesOn: '2022-03-31', rules: LABOUR_2021 });
  for (const b of h.getState({}).branches) h.recordResult({ unit: 'branch', id: b.id, result: 'selection', reason: 'As minuted by the branch.' });
}

beforeAll(async () => {
  t = await startTeller((service) => westDerby(service));
});
afterAll(async () => {
  await t?.stop();
});

const nav = (name: string) => t.page.getByRole('navigation').getByRole('link', { name, exact: true });

describe('Liverpool West Derby 2022 on the dashboard', () => {
  it('says "Not decided yet" with every branch for selection and no affiliate reported, the verdict so far underneath', async () => {
    const { page } = t;
    await nav('Dashboard').click();
    await page.getByRole('heading', { name: 'Not decided yet', exact: true }).waitFor();
    expect(await page.getByText('If nothing else came in: selection triggered. 8 units still to report could change this.').first().isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: /Selection triggered/ }).count()).toBe(0);
    await t.shot('60-dashboard-not-decided-yet');
    await expectAccessible(page, 'dashboard, not decided yet');
    await nav('Results').click();
    await page.getByRole('heading', { name: 'Not decided yet', exact: true }).waitFor();
  });

  it('is decided once an affiliate for selection reports, and marks a late decision', async () => {
    const { page } = t;
    const state = await t.call<{ affiliates: { id: number }[] }>('getState');
    await t.call('recordAffiliateDecision', { affiliateId: state.affiliates[0]!.id, result: 'selection', receivedOn: '2022-03-10', method: 'form', signedBy: 'Branch secretary' });
    await t.call('recordAffiliateDecision', { affiliateId: state.affiliates[1]!.id, result: 'reselect', receivedOn: '2022-04-04', method: 'email', signedBy: 'Branch secretary' });
    await page.reload();
    await nav('Dashboard').click();
    await page.getByRole('heading', { name: 'Selection triggered — already certain' }).waitFor();
    await page.getByText(/1 affiliate decision arrived after the closing date and is counted/).waitFor();
    await t.shot('61-dashboard-decided-late-mark');
    await nav('Results').click();
    await page.getByText(/LATE: after the closing date 31 March 2022; counted/).waitFor();
  });

  it('leaves late decisions out when the ballot says so, from the Set-up page', async () => {
    const { page } = t;
    await nav('Set-up').click();
    const form = page.getByRole('form', { name: 'Ties and late decisions' });
    await form.getByLabel(/Leave it out/).check();
    await form.getByRole('button', { name: 'Save ties and late decisions' }).click();
    await page.getByText('Ties and late decisions saved.').waitFor();
    await form.screenshot({ path: 'test-results/screenshots/62-ties-and-late-decisions.png' });
    await nav('Dashboard').click();
    await page.getByText(/1 affiliate decision arrived after the closing date and is left out \(counted as not voting\)/).waitFor();
  });
});

describe('a 43–43 tie retaken at the same meeting', () => {
  let tie: Running;
  beforeAll(async () => {
    tie = await startTeller((service) => {
      const h = service.handlers;
      h.saveClp({ name: 'Poplar Reach', code: null, mpName: 'Sitting Member' });
      h.addBranch({ name: 'Limehouse' });
      h.saveBallot({ freezeDate: '2022-01-01', opensOn: '2022-02-01', closesOn: '2022-03-31', rules: LABOUR_2021 });
    });
  });
  afterAll(async () => {
    await tie?.stop();
  });

  it('asks for the retake, will not close on the first tie, and records a second tie as no preference', async () => {
    const { page } = tie;
    await page.getByRole('navigation').getByRole('link', { name: 'Meetings', exact: true }).click();
    expect(await page.getByLabel('Quorum rule').inputValue()).toBe('none');
    await page.getByLabel('Date of the meeting').fill('10/02/2022');
    await page.getByLabel('Branch', { exact: true }).selectOption({ label: 'Limehouse' });
    await page.getByRole('button', { name: 'Record this meeting' }).click();
    await page.getByRole('heading', { name: /Limehouse branch meeting, 10 February 2022 — Open/ }).waitFor();
    await page.getByLabel('Chair', { exact: true }).fill('Chair Person');
    await page.getByLabel(/Counted by hand/).check();
    await page.getByLabel('People present').fill('86');
    await page.getByLabel('Eligible members present').fill('86');
    await page.getByLabel('For a selection').fill('43');
    await page.getByLabel('To reselect the MP').fill('43');
    await page.getByRole('group', { name: 'The retaken vote' }).waitFor();
    await page.getByRole('button', { name: 'Save the record' }).click();
    await page.getByText('Meeting record saved.').waitFor();
    await page.getByRole('button', { name: 'Close the meeting…' }).click();
    await page.getByText(/The vote was tied 43 to 43: take the vote again and record the retake/).first().waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Record the retaken vote' }).click();
    await page.getByLabel('Retake: for a selection').fill('43');
    await page.getByLabel('Retake: to reselect the MP').fill('43');
    await page.getByRole('button', { name: 'Save the record' }).click();
    await page.getByText('Meeting record saved.').waitFor();
    await tie.shot('63-tie-retake-record');
    await page.getByRole('button', { name: 'Close the meeting…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close the meeting?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/No quorum applies[\s\S]*43 for a selection, 43 to reselect[\s\S]*The retaken vote\s*43 for a selection, 43 to reselect[\s\S]*Result\s*No vote \(tied again when the vote was retaken: no preference\)/);
    await dialog.getByRole('button', { name: 'Close the meeting' }).click();
    await page.getByRole('heading', { name: /— Closed \(version 1\)/ }).waitFor();
    await tie.shot('64-tie-retake-closed');
    const state = await tie.call<{ branches: { result: string }[] }>('getState');
    expect(state.branches[0]?.result).toBe('no-vote');
    const verdict = await tie.call<{ ok: boolean; differences: unknown[] }>('verifyAudit', {});
    expect(verdict).toMatchObject({ ok: true, differences: [] });
  });
});
