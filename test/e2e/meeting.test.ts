import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticMembers, syntheticMembershipCsv } from '../../db/members/synthetic-members';
import type { TellerService } from '../../db/service';
import { textDigest } from '../../db/store/audit';
import { formatUkNumeric } from '../../shared/dates';
import { ukToday } from '../../shared/time';
import { importMembers, startTeller, type Running } from './harness';

let t: Running;
const BRANCHES = ['Copperfield North', 'Larkmere'];

beforeAll(async () => {
  t = await startTeller((service, dir) => prepare(service, dir));
});

function prepare(service: TellerService, dir: string) {
  const h = service.handlers;
  h.saveClp({ name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
  for (const name of BRANCHES) h.addBranch({ name });
  h.addAffiliate({ name: 'Rail Maritime Workers, Brambleford', kind: 'trade-union', eligible: true, ineligibleReason: null });
  h.saveBallot({ freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: { id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' } });
  const members = syntheticMembers(400, BRANCHES, 4).map((m, i) => (i < 6 ? { ...m, number: `L08000${i}`, branch: 'Larkmere', joined: '01/02/2015', status: 'Active' } : m));
  const file = path.join(dir, 'members.csv');
  fs.writeFileSync(file, syntheticMembershipCsv(members));
  importMembers(service, file); // the ballot's first list: used at once
  h.saveQuorum({ rule: { kind: 'number', value: 3 } });
}
afterAll(async () => {
  await t?.stop();
});

const nav = (name: string) => t.page.getByRole('navigation').getByRole('link', { name, exact: true });

describe('a whole branch meeting', () => {
  it('checks members in at the door', async () => {
    const { page } = t;
    await nav('Door desk').click();
    await page.getByLabel('Branch meeting').selectOption({ label: 'Larkmere' });
    await page.getByLabel('Meeting date').fill('10/06/2026');
    await page.getByLabel('Who is at the desk').fill('Sam');
    await page.getByRole('button', { name: 'Open the desk' }).click();
    // The desk never creates a meeting: it is recorded on the Meetings page first.
    await page.getByText('No Larkmere meeting on 10 June 2026 is recorded.', { exact: false }).waitFor();
    expect(await t.call<unknown[]>('listMeetings')).toEqual([]);
    await t.shot('29-desk-no-meeting');
    await nav('Meetings').click();
    await page.getByLabel('Date of the meeting').fill('20/05/2026');
    await page.getByLabel('Branch', { exact: true }).selectOption({ label: 'Larkmere' });
    await page.getByRole('button', { name: 'Record this meeting' }).click();
    await page.getByText('A meeting cannot be before branch meetings open (1 June 2026).').waitFor();
    await page.getByLabel('Date of the meeting').fill('10/06/2026');
    await page.getByRole('button', { name: 'Record this meeting' }).click();
    await page.getByRole('heading', { name: /Larkmere branch meeting, 10 June 2026 — Open/ }).waitFor();
    await nav('Door desk').click();
    await page.getByLabel('Branch meeting').selectOption({ label: 'Larkmere' });
    await page.getByLabel('Meeting date').fill('10/06/2026');
    await page.getByLabel('Who is at the desk').fill('Sam');
    await page.getByRole('button', { name: 'Open the desk' }).click();
    const search = page.getByRole('textbox', { name: 'Name, membership number or postcode' });
    for (let i = 0; i < 5; i++) {
      await search.fill(`L08000${i}`);
      await page.getByRole('option', { name: new RegExp(`L08000${i}`) }).waitFor();
      await page.getByText('ELIGIBLE', { exact: true }).waitFor();
      await search.press('Enter');
      // Wait for this check-in to be counted (the last one's message may still be showing).
      await expect.poll(() => page.locator('.desk-counts').innerText()).toMatch(new RegExp(`Checked in\\s*${i + 1}\\b`));
    }
    expect(await page.locator('.desk-counts').innerText()).toMatch(/Checked in\s*5\s*Eligible checked in\s*5/);
  });

  it('records the vote, refusing more votes than eligible members checked in', async () => {
    const { page } = t;
    await nav('Meetings').click();
    await page.getByRole('button', { name: 'Open the Larkmere meeting of 10 June 2026' }).click();
    await page.getByRole('heading', { name: /Larkmere branch meeting, 10 June 2026 — Open/ }).waitFor();
    await page.getByLabel('Venue').fill('Larkmere Community Hall');
    await page.getByLabel('Chair', { exact: true }).fill('Delyth Crossfield');
    await page.getByLabel('Secretary or procedures secretary').fill('Kwame Nuttall');
    await page.getByLabel('For a selection').fill('4');
    await page.getByLabel('To reselect the MP').fill('2');
    await page.getByRole('button', { name: 'Save the record' }).click();
    await page.getByText('6 votes are recorded (selection, reselect, abstain and spoilt together), but only 5 eligible members were checked in.').waitFor();
    await page.getByLabel('To reselect the MP').fill('1');
    await page.getByLabel('For a selection').fill('-1');
    await page.getByRole('button', { name: 'Save the record' }).click();
    await page.getByText('Enter a whole number, 0 or more.').waitFor();
    await page.getByLabel('For a selection').fill('3');
    await page.getByRole('button', { name: 'Save the record' }).click();
    await page.getByText('Meeting record saved.').waitFor();
    await t.shot('30-meeting-record');
  });

  it('will not close with unsaved edits, and shows what closing freezes', async () => {
    const { page } = t;
    await page.getByLabel('Venue').fill('Edited but not saved');
    await page.getByRole('button', { name: 'Close the meeting…' }).click();
    await page.getByText('The record has changes that are not saved.', { exact: false }).waitFor();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect(await page.getByLabel('Venue').inputValue()).toBe('Edited but not saved');
    await page.getByLabel('Venue').fill('Larkmere Community Hall');
    await page.getByRole('button', { name: 'Close the meeting…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Close the meeting?' });
    await dialog.waitFor();
    expect(await dialog.innerText()).toMatch(/5: 5 eligible members and 0 admitted on the chair's override[\s\S]*Quorum\s*\d+ needed \(eligible members and the chair's overrides count\), 5 eligible present: quorate[\s\S]*3 for a selection, 1 to reselect[\s\S]*Result\s*Selection/);
    // Cancel freezes nothing: the meeting stays open.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('heading', { name: /— Open/ }).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Close the meeting…' }).click();
    await t.shot('30b-close-dialog', false);
  });

  it('closes the meeting and the dashboard changes', async () => {
    const { page } = t;
    await page.getByRole('dialog', { name: 'Close the meeting?' }).getByRole('button', { name: 'Close the meeting' }).click();
    await page.getByRole('heading', { name: /— Closed \(version 1\)/ }).waitFor();
    expect(await page.getByText("5: 5 eligible members and 0 admitted on the chair's override — from the door desk").isVisible()).toBe(true);
    await t.shot('31-meeting-closed');
    await nav('Dashboard').click();
    await page.getByRole('heading', { name: /Selection triggered/ }).waitFor();
    expect(await page.getByText('1 of 2 reported').isVisible()).toBe(true);
  });

  it('keeps the door desk of a closed meeting read-only', async () => {
    const { page } = t;
    await nav('Door desk').click();
    // The desk remembers the meeting it had open (now closed): choose it again from the form.
    const change = page.getByRole('button', { name: 'Change meeting' });
    await page.getByLabel('Branch meeting').or(change).first().waitFor();
    if (await change.isVisible()) await change.click();
    await page.getByLabel('Branch meeting').selectOption({ label: 'Larkmere' });
    await page.getByLabel('Meeting date').fill('10/06/2026');
    await page.getByLabel('Who is at the desk').fill('Sam');
    await page.getByRole('button', { name: 'Open the desk' }).click();
    await page.getByText('This meeting was closed, so its door desk is read-only', { exact: false }).waitFor();
    const search = page.getByRole('textbox', { name: 'Name, membership number or postcode' });
    await search.fill('L080005');
    await page.getByText('ELIGIBLE', { exact: true }).waitFor();
    await search.press('Enter');
    expect(await page.getByRole('button', { name: 'Check in (Enter)' }).isVisible()).toBe(false);
    expect(await page.locator('.desk-counts').innerText()).toMatch(/Checked in\s*5\s*Eligible checked in\s*5/);
    await t.shot('31b-desk-read-only');
    await page.getByRole('button', { name: 'Change meeting' }).click();
  });

  it('corrects the record with a reason and shows both versions', async () => {
    const { page } = t;
    await nav('Meetings').click();
    await page.getByRole('button', { name: 'Open the Larkmere meeting of 10 June 2026' }).click();
    await page.getByRole('button', { name: 'Correct the record…' }).click();
    await page.getByLabel('For a selection').fill('1');
    await page.getByLabel('To reselect the MP').fill('3');
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await page.getByText('Say why the record is being corrected').waitFor();
    await page.getByLabel('Reason for the correction').fill('The tellers reported the two piles the wrong way round');
    await page.getByRole('button', { name: 'Save the correction' }).click();
    await page.getByRole('heading', { name: /— Closed \(version 2\)/ }).waitFor();
    const versions = page.getByRole('region', { name: 'Versions' });
    expect(await versions.getByRole('row').count()).toBe(3);
    expect(await versions.getByText('The tellers reported the two piles the wrong way round').isVisible()).toBe(true);
    await t.shot('32-meeting-versions');
    const pdf = path.resolve('test-results/screenshots/33-minute.pdf');
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf, format: 'A4' });
    await page.emulateMedia({ media: 'screen' });
    expect(fs.readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('logs a complaint about the meeting and resolves it', async () => {
    const { page } = t;
    await nav('Complaints').click();
    await page.getByLabel('From (name)').fill('Farah Yeadon');
    await page.getByLabel('About a meeting').selectOption({ label: 'Larkmere, 10 June 2026' });
    await page.getByLabel('Category').first().selectOption('impersonation');
    await page.getByLabel('Summary').fill('A member was recorded as voting who was not there.');
    await page.getByRole('button', { name: 'Log complaint' }).click();
    await page.getByText('Complaint C-0001 logged.').waitFor();
    await t.shot('34-complaints');
    const row = page.locator('li.complaint').first();
    await row.getByLabel('Status').selectOption('resolved');
    await row.getByRole('button', { name: /Save complaint/ }).click();
    await row.getByText('Record the outcome and its date').waitFor();
    await row.getByLabel('Outcome', { exact: true }).fill('The desk record shows the member signed in at 19:04.');
    // Received today (the form's default); the outcome cannot be dated before it, nor in the future.
    await row.getByLabel('Outcome date').fill(formatUkNumeric(ukToday()));
    await row.getByRole('button', { name: /Save complaint/ }).click();
    await page.getByRole('heading', { name: 'Complaints (1)' }).waitFor();
    await nav('Dashboard').click();
    await page.getByRole('heading', { name: 'Complaints: 1 (0 open)' }).waitFor();
    await t.shot('35-dashboard-complaints');
  });

  it('records an affiliate decision that arrived late, flagged', async () => {
    const { page } = t;
    await nav('Results').click();
    // Larkmere's result comes from its meeting: read-only here, with the way to the meeting.
    const larkmere = page.getByRole('group', { name: /Larkmere/ });
    expect(await larkmere.getByLabel('Reselect').isChecked()).toBe(true);
    expect(await larkmere.getByLabel('Selection').isDisabled()).toBe(true);
    expect(await larkmere.getByRole('link', { name: 'change it on Meetings' }).isVisible()).toBe(true);
    await t.shot('37-results-from-meeting');
    await page.getByLabel('Decision', { exact: true }).selectOption('reselect');
    await page.getByLabel('Received', { exact: true }).fill('20/07/2026');
    await page.getByLabel('How it arrived').selectOption('email');
    await page.getByLabel('Signed by').fill('Branch secretary');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByText(/flagged as late/).waitFor();
    expect(await page.getByText(/LATE: after the closing date 17 July 2026/).isVisible()).toBe(true);
    // Once recorded, a decision is changed only with a reason, kept in the audit trail.
    await page.getByLabel('Decision', { exact: true }).selectOption('selection');
    await page.getByLabel('Signed by').fill('Branch secretary');
    await page.getByRole('button', { name: 'Change the decision' }).click();
    await page.getByText(/decision is already recorded: say why it is being changed/).waitFor();
    await t.shot('38-results-change-decision');
    await page.getByLabel('Why the recorded decision is changed').fill('The email was misread: it asks for a selection.');
    await page.getByRole('button', { name: 'Change the decision' }).click();
    await page.getByText(/: Selection recorded/).waitFor();
    const [entry] = await t.call<{ action: string; after: { reason?: string } }[]>('getAuditLog', { limit: 1 });
    expect(entry).toMatchObject({ action: 'affiliate.decision', after: { result: 'selection', reason: textDigest('The email was misread: it asks for a selection.') } });
  });
});

describe('a meeting that did not take place', () => {
  const recordMeeting = async (branch: string, date: string, heading: RegExp) => {
    const { page } = t;
    await nav('Meetings').click();
    const back = page.getByRole('button', { name: '← All meetings' });
    if (await back.isVisible()) await back.click();
    await page.getByLabel('Branch', { exact: true }).selectOption({ label: branch });
    await page.getByLabel('Date of the meeting').fill(date);
    await page.getByRole('button', { name: 'Record this meeting' }).click();
    await page.getByRole('heading', { name: heading }).waitFor();
  };

  it('is marked not held, with a reason (refused without one)', async () => {
    const { page } = t;
    await recordMeeting('Copperfield North', '12/06/2026', /Copperfield North branch meeting, 12 June 2026 — Open/);
    await page.getByRole('button', { name: 'Mark not held…' }).click();
    await page.getByRole('button', { name: 'Mark not held', exact: true }).click();
    await page.getByText('Say why the meeting was not held.').waitFor();
    expect(await page.getByRole('heading', { name: /— Open/ }).isVisible()).toBe(true);
    await page.getByLabel('Why: mark not held').fill('The hall was double-booked');
    await page.getByRole('button', { name: 'Mark not held', exact: true }).click();
    await page.getByRole('heading', { name: /— Not held \(version 1\)/ }).waitFor();
    expect(await page.getByText('Not held: The hall was double-booked').isVisible()).toBe(true);
    await t.shot('36-meeting-not-held');
  });

  it('is marked abandoned, with a reason', async () => {
    const { page } = t;
    await recordMeeting('Copperfield North', '19/06/2026', /Copperfield North branch meeting, 19 June 2026 — Open/);
    await page.getByRole('button', { name: 'Mark abandoned…' }).click();
    await page.getByLabel('Why: mark abandoned').fill('Fire alarm; the hall was evacuated');
    await page.getByRole('button', { name: 'Mark abandoned', exact: true }).click();
    await page.getByRole('heading', { name: /— Abandoned \(version 1\)/ }).waitFor();
    expect(await page.getByText('Abandoned: Fire alarm; the hall was evacuated').isVisible()).toBe(true);
  });

  it('is withdrawn when opened by mistake: kept, but no longer listed', async () => {
    const { page } = t;
    await recordMeeting('Larkmere', '26/06/2026', /Larkmere branch meeting, 26 June 2026 — Open/);
    await page.getByRole('button', { name: 'Withdraw the meeting…' }).click();
    await page.getByLabel('Why: withdraw the meeting').fill('Recorded for the wrong branch');
    await page.getByRole('button', { name: 'Withdraw the meeting', exact: true }).click();
    await page.getByText(/Withdrawn on .*: Recorded for the wrong branch/).waitFor();
    await page.getByRole('button', { name: '← All meetings' }).click();
    await page.getByRole('button', { name: 'Open the Larkmere meeting of 10 June 2026' }).waitFor();
    expect(await page.getByRole('button', { name: 'Open the Larkmere meeting of 26 June 2026' }).count()).toBe(0);
  });
});
