import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticMembers, syntheticMembershipCsv } from '../../db/members/synthetic-members';
import type { TellerService } from '../../db/service';
import type { AuditEntry, Complaint } from '../../shared/api';
import { formatUkNumeric } from '../../shared/dates';
import { ukToday } from '../../shared/time';
import { importMembers, startTeller, type Running } from './harness';

/*
 * Records people can read (issue 15): complaints that can be corrected, the audit trail and a
 * meeting's history in words, the printed minute, the members page and a live dashboard.
 */

let t: Running;
const BRANCHES = ['Castle Hythe', 'Larkmere'];
const ids = { deskMeeting: 0, closedMeeting: 0 };

function prepare(service: TellerService, dir: string) {
  const h = service.handlers;
  h.saveClp({ name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
  for (const name of BRANCHES) h.addBranch({ name });
  h.addAffiliate({ name: 'Rail Maritime Workers, Brambleford', kind: 'trade-union', eligible: true, ineligibleReason: null });
  h.saveBallot({ freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: { id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' } });
  const members = syntheticMembers(300, BRANCHES, 5).map((m, i) =>
    i === 0 ? { ...m, number: 'L0900001', first: 'Renée', last: 'Désirée-Fairbrother', branch: 'Castle Hythe', joined: '01/02/2015', status: 'Active' } : m,
  );
  const file = path.join(dir, 'members.csv');
  // One row the import rejects (a join date that is no date), kept and shown again on the Members page.
  fs.writeFileSync(file, `${syntheticMembershipCsv(members)}L0999999,Invented,Badrow,1 High Street,Teller Vale,AB1 2CD,Larkmere,31/02/2015,Active,bad@example.invalid\r\n`);
  importMembers(service, file);
  h.saveQuorum({ rule: { kind: 'number', value: 3 } });
  const [castle, larkmere] = h.getState({}).branches;
  ids.deskMeeting = h.scheduleMeeting({ branchId: castle!.id, date: '2026-06-10' }).id;
  const renee = h.searchMembers({ meetingId: ids.deskMeeting, query: 'L0900001' })[0]!;
  h.recordCheckin({ meetingId: ids.deskMeeting, memberId: renee.id, outcome: 'admitted', note: null, deskPerson: 'Sam' });
  ids.closedMeeting = h.scheduleMeeting({ branchId: larkmere!.id, date: '2026-06-11' }).id;
  const record = {
    time: '19:00',
    venue: 'Larkmere Community Hall',
    chair: 'Delyth Crossfield',
    secretary: 'Kwame Nuttall',
    others: '',
    voteMethod: 'show-of-hands' as const,
    notes: '',
    attendanceSource: 'manual' as const,
    attendance: 6,
    eligibleAttendance: 6,
    overrides: 0,
    votes: { selection: 4, reselect: 2, abstain: 0, spoilt: 0 },
    retake: null,
    voteWindow: null,
  };
  h.saveMeetingDraft({ meetingId: ids.closedMeeting, record });
  h.closeMeeting({ meetingId: ids.closedMeeting });
}

beforeAll(async () => {
  t = await startTeller((service, dir) => prepare(service, dir));
  await t.page.getByRole('navigation').waitFor();
});
afterAll(async () => {
  await t?.stop();
});

const nav = (name: string) => t.page.getByRole('navigation').getByRole('link', { name, exact: true });

/** The screen as it is, at the two laptop sizes the issue names; axe checks each. */
async function shots(name: string) {
  for (const [w, h] of [
    [1366, 768],
    [1024, 700],
  ] as const) {
    await t.page.setViewportSize({ width: w, height: h });
    await t.shot(`records-${name}-${w}x${h}`);
  }
  await t.page.setViewportSize({ width: 1280, height: 900 });
}

describe('complaints', () => {
  it('are logged with a reference and a confirmation, corrected (the wrong meeting) with a reason, and refuse an outcome date in the future beside the field', async () => {
    const { page } = t;
    await nav('Complaints').click();
    const log = page.getByRole('form', { name: 'Log a complaint' });
    await log.getByLabel('From (name)').fill('Hana Garside');
    await log.getByLabel('About a meeting').selectOption({ label: 'Castle Hythe, 10 June 2026' });
    await log.getByLabel('Summary').fill('Notice of the meeting reached members two days late.');
    await log.getByRole('button', { name: 'Log complaint' }).click();
    await log.getByRole('status').getByText('Complaint C-0001 logged: quote C-0001 when you reply.').waitFor();
    let [c] = await t.call<Complaint[]>('listComplaints', { status: null, category: null });
    expect(c).toMatchObject({ reference: 'C-0001', meetingId: ids.deskMeeting });

    // The wrong meeting: corrected, with the reason, in the audit trail.
    const row = page.getByRole('listitem').filter({ hasText: 'C-0001' });
    await row.getByRole('button', { name: 'Correct complaint C-0001' }).click();
    const edit = row.getByRole('form', { name: 'Correct complaint C-0001' });
    await edit.getByLabel('About a meeting').selectOption({ label: 'Larkmere, 11 June 2026' });
    await edit.getByRole('button', { name: 'Save the correction' }).click();
    await edit.getByText('Say why the complaint is being changed.').waitFor();
    expect((await t.call<Complaint[]>('listComplaints', { status: null, category: null }))[0]!.meetingId).toBe(ids.deskMeeting);
    await edit.getByLabel('Why it is being corrected').fill('Logged against the wrong meeting.');
    await edit.getByRole('button', { name: 'Save the correction' }).click();
    await row.getByRole('status').getByText('Complaint C-0001 corrected; the change and its reason are in the audit trail.').waitFor();
    [c] = await t.call<Complaint[]>('listComplaints', { status: null, category: null });
    expect(c).toMatchObject({ reference: 'C-0001', meetingId: ids.closedMeeting, about: 'Larkmere meeting, 11 June 2026' });
    const [entry] = await t.call<AuditEntry[]>('getAuditLog', { limit: 1 });
    expect(entry).toMatchObject({ action: 'complaint.edit', before: { meetingId: ids.deskMeeting }, after: { meetingId: ids.closedMeeting } });

    // The outcome: many lines, never cut; a date in the future refused beside the date field, changing nothing.
    const outcome = ['Spoke to the branch secretary on the telephone.', 'The notice went out late because the list arrived late.', 'Apologised to the complainant in writing.', 'No effect on the vote: all eligible members attended.'].join('\n');
    await row.getByLabel('Status').selectOption({ label: 'Resolved' });
    await row.getByLabel('Outcome', { exact: true }).fill(outcome);
    const tomorrow = new Date(Date.now() + 36 * 3600_000);
    await row.getByLabel('Outcome date').fill(formatUkNumeric(ukToday(tomorrow)));
    await row.getByRole('button', { name: 'Save complaint C-0001' }).click();
    const dateField = row.locator('.field').filter({ has: page.getByLabel('Outcome date') });
    await dateField.getByText(/is in the future: give the date it happened/).waitFor();
    expect((await t.call<Complaint[]>('listComplaints', { status: null, category: null }))[0]).toMatchObject({ status: 'open', outcome: null });
    await shots('complaints-future-date');
    await row.getByLabel('Outcome date').fill(formatUkNumeric(ukToday()));
    await row.getByRole('button', { name: 'Save complaint C-0001' }).click();
    await row.getByRole('status').getByText(/Complaint C-0001 saved: resolved on/).waitFor();
    expect((await t.call<Complaint[]>('listComplaints', { status: null, category: null }))[0]).toMatchObject({ status: 'resolved', outcome });
    // Every line of the outcome shows: the field is as tall as its text.
    const box = row.getByLabel('Outcome', { exact: true });
    expect(await box.inputValue()).toBe(outcome);
    expect(await box.evaluate((el) => { const size = el as unknown as { scrollHeight: number; clientHeight: number }; return size.scrollHeight <= size.clientHeight + 1; })).toBe(true);
    await shots('complaints');
  });

  it('are counted on the dashboard by status and by category, in separate rows', async () => {
    const { page } = t;
    await nav('Dashboard').click();
    const panel = page.getByRole('region', { name: /Complaints: 1/ });
    await panel.getByRole('heading', { name: 'By category' }).waitFor();
    const status = panel.locator('dl[aria-labelledby="complaints-by-status"]');
    const category = panel.locator('dl[aria-labelledby="complaints-by-category"]');
    expect(await status.innerText()).toMatch(/Resolved\s*1/);
    expect(await status.innerText()).not.toMatch(/Procedure/);
    expect(await category.innerText()).toMatch(/Procedure\s*1/);
    expect(await category.innerText()).not.toMatch(/Resolved/);
    const [s, c] = [await status.boundingBox(), await category.boundingBox()];
    expect(c!.y).toBeGreaterThanOrEqual(s!.y + s!.height);
    await panel.scrollIntoViewIfNeeded();
    await shots('dashboard-complaints');
  });
});

describe('the audit trail in words', () => {
  it('says each entry as a sentence, filters by kind, date and words, and exports what it shows to CSV and PDF', async () => {
    const { page } = t;
    await nav('Audit trail').click();
    const trail = page.getByRole('region', { name: 'What happened' });
    await trail.getByRole('cell', { name: 'Renée Désirée-Fairbrother admitted at Castle Hythe by Sam (door desk).' }).waitFor();
    await trail.getByRole('cell', { name: /^Complaint C-0001 corrected: meeting the Castle Hythe meeting of 10 June 2026 → the Larkmere meeting of 11 June 2026; what it is about \(the reason is recorded\) by e2e-secretary\.$/ }).waitFor();
    expect(await trail.locator('table').innerText()).not.toMatch(/checkin\.admitted|\{"/);
    await shots('audit-trail');

    await trail.getByLabel('Kind').selectOption({ label: 'Door desk' });
    await expect.poll(() => trail.locator('tbody tr').count()).toBe(1);
    await trail.getByLabel('Kind').selectOption({ label: 'Any' });
    await trail.getByLabel('Search the entries').fill('larkmere');
    await expect.poll(async () => (await trail.locator('tbody tr').allInnerTexts()).every((r) => /larkmere/i.test(r))).toBe(true);
    expect(await trail.locator('tbody tr').count()).toBeGreaterThanOrEqual(3); // the branch, its meeting, the complaint
    const today = formatUkNumeric(ukToday());
    await trail.getByLabel('From').fill(today);
    await trail.getByLabel('To').fill(today);
    // Everything was recorded today: the date filter keeps the same entries; a day with nothing empties it.
    await expect.poll(() => trail.locator('tbody tr').count()).toBeGreaterThanOrEqual(3);
    await trail.getByLabel('To').fill('01/01/2020');
    await trail.getByText(/^0 of \d+ entries match\.$/).waitFor();
    await trail.getByLabel('To').fill('');
    await trail.getByLabel('From').fill('');

    const [csv] = await Promise.all([page.waitForEvent('download'), trail.getByRole('button', { name: 'Export to CSV' }).click()]);
    const csvText = fs.readFileSync((await csv.path()), 'utf8');
    expect(csvText.split('\r\n')[0]).toBe('Entry,When,Who,Kind,What happened,Action');
    expect(csvText).toContain('Larkmere');
    expect(csvText).not.toContain('Renée'); // the search ("larkmere") is what is exported
    const [pdf] = await Promise.all([page.waitForEvent('download'), trail.getByRole('button', { name: 'Export to PDF' }).click()]);
    const pdfBytes = fs.readFileSync((await pdf.path()));
    expect(pdfBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.suggestedFilename()).toMatch(/^audit-trail-\d{4}-\d{2}-\d{2}\.pdf$/);
  });

  it("shows a meeting's history in words, and the printed minute names the CLP with lines for the chair and the secretary to sign", async () => {
    const { page } = t;
    await nav('Meetings').click();
    await page.getByRole('button', { name: 'Open the Larkmere meeting of 11 June 2026' }).click();
    const history = page.getByRole('region', { name: 'History' });
    await history.getByRole('cell', { name: 'The Larkmere meeting of 11 June 2026 closed: for a selection by e2e-secretary.' }).waitFor();
    await history.getByRole('cell', { name: 'Larkmere meeting of 11 June 2026 recorded by e2e-secretary.' }).waitFor();
    expect(await history.locator('table').innerText()).not.toMatch(/meeting\.close|\{"/);
    await page.getByText('Brambleford and Oakmere Constituency Labour Party: minute of the trigger ballot vote').waitFor();
    await page.getByRole('region', { name: /Complaints about this meeting/ }).getByText(/^C-0001 · received .* · Procedure · Resolved: Notice of the meeting/).waitFor();
    const signatures = page.getByRole('region', { name: 'Signatures' });
    expect(await signatures.innerText()).toMatch(/Signed \(chair\):[\s\S]*Name: Delyth Crossfield[\s\S]*Signed \(secretary\):[\s\S]*Name: Kwame Nuttall/);
    await shots('meeting-history');
    // As printed: the CLP and the signatures are there, the history is not.
    await page.emulateMedia({ media: 'print' });
    expect(await signatures.isVisible()).toBe(true);
    expect(await history.isVisible()).toBe(false);
    await page.screenshot({ path: path.resolve('test-results/screenshots/records-minute-print.png'), fullPage: true });
    await page.emulateMedia({ media: 'screen' });
  });
});

describe('the dashboard', () => {
  it('is live: a result recorded in another window shows within a second', async () => {
    const { page } = t;
    await nav('Dashboard').click();
    await page.getByText(/^2 units still to report \(1 branch, 1 affiliate\)/).waitFor();
    const other = await t.browser.newPage({ viewport: { width: 1024, height: 700 } });
    try {
      await other.goto(t.host.url);
      await other.getByRole('navigation').waitFor();
      const [affiliate] = (await t.call<{ affiliates: { id: number }[] }>('getState')).affiliates;
      // The other window records the affiliate's decision through the Api, as its Results page does.
      const input = JSON.stringify({ affiliateId: affiliate!.id, result: 'selection', receivedOn: '2026-06-12', method: 'email', signedBy: 'Invented Signatory' });
      const answer = await other.evaluate<{ ok: boolean }>(
        `fetch('./api/recordAffiliateDecision', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Teller-Token': sessionStorage.getItem('teller-token') ?? '' }, body: ${JSON.stringify(input)} }).then((r) => r.json())`,
      );
      expect(answer.ok).toBe(true);
      const recorded = Date.now();
      await page.getByText(/^1 unit still to report \(1 branch, 0 affiliates\)/).waitFor({ timeout: 1000 });
      expect(Date.now() - recorded).toBeLessThan(1000);
    } finally {
      await other.close();
    }
    await shots('dashboard-live');
  });
});

describe('the members page', () => {
  it('lists the members with who may vote and why not, counts per branch, searches, and shows the rows the last import left out', async () => {
    const { page } = t;
    await nav('Members').click();
    const list = page.getByRole('region', { name: 'Members on the list the ballot uses' });
    const total = await t.call<{ total: number; eligible: number; byBranch: { branch: string; members: number; eligible: number }[] }>('listMembers', { search: '', branch: null, eligible: null, offset: 0, limit: 1 });
    expect(total.total).toBe(300);
    await list.getByText(`${total.eligible} of 300 may vote`).waitFor();
    const byBranch = list.getByRole('table', { name: 'Members and who may vote, by branch' });
    for (const b of total.byBranch) expect(await byBranch.getByRole('row', { name: new RegExp(`^${b.branch} ${b.members} ${b.eligible}$`) }).count()).toBe(1);
    expect(total.byBranch.reduce((n, b) => n + b.members, 0)).toBe(300);

    await list.getByLabel('Find a member').fill('renee desiree');
    const members = list.getByRole('table', { name: 'Members', exact: true });
    await members.getByRole('row', { name: /L0900001 Renée Désirée-Fairbrother Castle Hythe 1 February 2015 Yes/ }).waitFor();
    await list.getByText('1 of 300 members match.').waitFor();
    await list.getByLabel('Find a member').fill('');
    await list.getByLabel('Who', { exact: true }).selectOption({ label: 'May not vote' });
    await list.getByText(`${300 - total.eligible} of 300 members match.`).waitFor();
    const firstRefused = await members.locator('tbody tr').first().locator('td').last().innerText();
    expect(firstRefused).toMatch(/^No: \S/);
    await list.getByLabel('Who', { exact: true }).selectOption({ label: 'Any' });

    const rejected = page.getByRole('region', { name: /Rows the last import left out \(1 of 301\)/ });
    await rejected.getByText(/^Line 302: /).waitFor();
    await shots('members');
  });

  it('lets a previewed import be cancelled, importing nothing', async () => {
    const { page } = t;
    const file = path.join(t.dir, 'another.csv');
    fs.writeFileSync(file, syntheticMembershipCsv(syntheticMembers(20, BRANCHES, 9)));
    const before = (await t.call<unknown[]>('listSnapshots', { kind: 'members' })).length;
    const importing = page.getByRole('region', { name: 'Import a membership list' });
    const chooser = page.waitForEvent('filechooser');
    await importing.getByRole('button', { name: 'Choose a CSV file…' }).click();
    await (await chooser).setFiles(file);
    await importing.getByText(/another\.csv/).first().waitFor();
    await shots('members-preview');
    await importing.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect.poll(() => importing.getByText(/another\.csv/).count()).toBe(0);
    expect((await t.call<unknown[]>('listSnapshots', { kind: 'members' })).length).toBe(before);
  });
});
