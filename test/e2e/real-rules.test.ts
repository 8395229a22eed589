import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticMembers, syntheticMembershipCsv } from '../../db/members/synthetic-members';
import type { TellerService } from '../../db/service';
import { expectAccessible, importMembers, startTeller, type Running } from './harness';

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

describe('arrears settled at the door', () => {
  let desk: Running;
  beforeAll(async () => {
    desk = await startTeller((service, dir) => {
      const h = service.handlers;
      h.saveClp({ name: 'Poplar Reach', code: null, mpName: 'Sitting Member' });
      h.addBranch({ name: 'Limehouse' });
      h.saveBallot({ freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: LABOUR_2021 });
      const members = syntheticMembers(50, ['Limehouse'], 5).map((m, i) => (i === 0 ? { ...m, number: 'L090001', joined: '01/02/2015', status: 'Arrears' } : m));
      const file = path.join(dir, 'members.csv');
      fs.writeFileSync(file, syntheticMembershipCsv(members));
      importMembers(service, file);
      h.saveEligibility({ minMonths: 6, goodStanding: ['good-standing'], branchMustMatch: true, registerRequired: false, unknownStatus: 'ask', arrearsSettledAtDoor: true, residentNotRegistrable: false });
      h.scheduleMeeting({ branchId: h.getState({}).branches[0]!.id, date: '2026-06-10' });
    });
  });
  afterAll(async () => {
    await desk?.stop();
  });

  it('checks the member in as eligible with the reason recorded, not on the chair’s override', async () => {
    const { page } = desk;
    await page.getByRole('navigation').getByRole('link', { name: 'Door desk', exact: true }).click();
    await page.getByLabel('Branch meeting').selectOption({ label: 'Limehouse' });
    await page.getByLabel('Meeting date').fill('10/06/2026');
    await page.getByLabel('Who is at the desk').fill('Sam');
    await page.getByRole('button', { name: 'Open the desk' }).click();
    const search = page.getByRole('textbox', { name: 'Name, membership number or postcode' });
    await search.fill('L090001');
    await page.getByRole('option', { name: /L090001/ }).waitFor();
    await page.getByText('in arrears', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Arrears settled at the door…' }).click();
    await page.getByLabel(/Note \(e.g. how it was paid or shown\)/).fill('Paid by card, receipt 4471');
    await desk.shot('65-door-desk-arrears-settled', false);
    await page.getByRole('button', { name: 'Check in as eligible' }).click();
    await page.getByText(/checked in \(arrears settled \(or good standing confirmed\) at the door\)/).waitFor();
    const log = await desk.call<{ action: string; actor: string; after: { exceptions?: string[] } }[]>('getAuditLog', { limit: 1 });
    // Recorded as done by the person at the desk, not the computer's user.
    expect(log[0]).toMatchObject({ action: 'checkin.admitted', actor: 'Sam (door desk)', after: { exceptions: ['arrears-settled'] } });
    const d = await desk.call<{ counts: { eligibleCheckedIn: number; overrides: number } }>('getDesk', { meetingId: 1 });
    expect(d.counts).toMatchObject({ eligibleCheckedIn: 1, overrides: 0 });
  });
});
