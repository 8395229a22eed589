import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditVerdict, MeetingView } from '../../shared/api';
import { zoomParticipantsCsv } from '../../db/meetings/online-synthetic-reports';
import { syntheticMembers, syntheticMembershipCsv } from '../../db/members/synthetic-members';
import type { TellerService } from '../../db/service';
import { importMembers, startTeller, type Running } from './harness';

/*
 * An online branch meeting (2022: some regions mandated Zoom, with votes cast electronically
 * until noon the next day), from the participant report to the closed record.
 */

let t: Running;
let reportFile = '';
const BRANCHES = ['Copperfield North', 'Larkmere'];
// The meeting's people have names no other invented member has, so each match is certain.
const PEOPLE = [['Delphine', 'Quennell'], ['Ambrose', 'Ravensworth'], ['Cerys', 'Fennimore'], ['Tobias', 'Wainscott'], ['Isolde', 'Marchbank'], ['Lorcan', 'Tiverton']] as const;
const members = syntheticMembers(300, BRANCHES, 4).map((m, i) =>
  i < PEOPLE.length ? { ...m, first: PEOPLE[i]![0], last: PEOPLE[i]![1], number: `L08000${i}`, branch: 'Larkmere', joined: '01/02/2015', status: 'Active' } : m,
);
const name = (i: number) => `${members[i]!.first} ${members[i]!.last}`;
// The synthetic list's email is the first name.
const email = (i: number) => `${members[i]!.first.toLowerCase()}@example.invalid`;
const at = (hm: string) => `2026-06-14T${hm}:00`;

beforeAll(async () => {
  t = await startTeller((service, dir) => prepare(service, dir));
});

function prepare(service: TellerService, dir: string) {
  const h = service.handlers;
  h.saveClp({ name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
  for (const b of BRANCHES) h.addBranch({ name: b });
  h.saveBallot({ freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: { id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' } });
  const file = path.join(dir, 'members.csv');
  fs.writeFileSync(file, syntheticMembershipCsv(members));
  importMembers(service, file);
  reportFile = path.join(dir, 'participants_81234567890.csv');
  fs.writeFileSync(
    reportFile,
    zoomParticipantsCsv(
      [
        { name: name(0), email: email(0), join: at('18:58'), leave: at('20:45') },
        { name: name(1), email: email(1), join: at('18:59'), leave: at('20:45') },
        { name: name(2), email: '', join: at('19:00'), leave: at('20:40') },
        { name: name(3), email: email(3).toUpperCase(), join: at('19:01'), leave: at('20:45') },
        { name: `Kitchen iPad (${name(0)})`, email: '', join: at('19:03'), leave: at('20:45') },
        { name: 'Guest 4471', email: '', join: at('19:05'), leave: at('19:40') },
      ],
      { topic: 'Larkmere branch: trigger ballot', start: at('18:55'), end: at('20:50'), host: 'larkmere.secretary@example.invalid' },
    ),
  );
}

afterAll(async () => {
  await t?.stop();
});

const nav = (label: string) => t.page.getByRole('navigation').getByRole('link', { name: label, exact: true });

describe('an online branch meeting', () => {
  it('is held online, and its Zoom participant report is matched to members', async () => {
    const { page } = t;
    await nav('Meetings').click();
    await page.getByLabel('Date of the meeting').fill('14/06/2026');
    await page.getByLabel('Branch', { exact: true }).selectOption({ label: 'Larkmere' });
    await page.getByRole('button', { name: 'Record this meeting' }).click();
    await page.getByRole('heading', { name: /Larkmere branch meeting, 14 June 2026 — Open/ }).waitFor();
    await page.getByLabel(/Held online/).click(); // controlled: checked once Teller has recorded it
    await page.getByText('This meeting is held online.').waitFor();
    // The chair's name is asked before anything is decided.
    await page.getByRole('button', { name: 'Import the participant report…' }).click();
    await page.getByText('Write the name of the chair deciding', { exact: false }).waitFor();
    await page.getByLabel('Chair deciding').fill('Delyth Crossfield');
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Import the participant report…' }).click();
    await (await chooser).setFiles(reportFile);
    await page.getByText('Participant report imported.').waitFor();
    const summary = page.locator('.online-panel');
    expect(await summary.innerText()).toMatch(/Zoom participant report \(participants_81234567890\.csv\), 6 rows: 6 participants, 4 counted present and eligible, 0 not counted \(not members, or may not vote\), 0 second devices, 2 to decide/);
    const rows = page.locator('.participants-table tbody tr');
    expect(await rows.count()).toBe(6);
    expect(await rows.nth(4).innerText()).toMatch(/Kitchen iPad[\s\S]*already counted: another device\?/);
    expect(await rows.nth(5).innerText()).toMatch(/Guest 4471[\s\S]*No member matches[\s\S]*To decide/);
    await page.setViewportSize({ width: 1366, height: 768 });
    await t.shot('60-online-participants-1366');
    await page.setViewportSize({ width: 1024, height: 700 });
    await t.shot('60b-online-participants-1024');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("records the chair's decisions on the doubtful participants", async () => {
    const { page } = t;
    await page.getByRole('button', { name: 'Decide: Kitchen iPad' }).click();
    await page.getByRole('group', { name: 'Decide on Kitchen iPad' }).getByRole('button', { name: 'Second device (not counted again)' }).click();
    await page.getByText('Decision on Kitchen iPad recorded.').waitFor();
    await page.getByRole('button', { name: 'Decide: Guest 4471' }).click();
    await page.getByRole('group', { name: 'Decide on Guest 4471' }).getByLabel('Find the member Guest 4471 is').fill('Quennell');
    await page.getByRole('button', { name: /^Admit as Delphine Quennell/ }).waitFor();
    await page.setViewportSize({ width: 1024, height: 700 });
    await t.shot('60c-online-decide-1024');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByRole('group', { name: 'Decide on Guest 4471' }).getByRole('button', { name: 'Not a member' }).click();
    await page.getByText('Decision on Guest 4471 recorded.').waitFor();
    expect(await page.locator('.online-panel').innerText()).toMatch(/4 counted present and eligible, 1 not counted \(not members, or may not vote\), 1 second devices, 0 to decide/);
    expect(await page.locator('.participants-table tbody tr').nth(5).innerText()).toMatch(/Not a member, decided by Delyth Crossfield \(chair\)/);
    const log = await t.call<AuditEntry[]>('getAuditLog', { limit: 50 });
    expect(log.filter((e) => e.action === 'participant.decide').map((e) => e.actor)).toEqual(['Delyth Crossfield (chair)', 'Delyth Crossfield (chair)']);
  });

  it('records an electronic vote with its window, like any vote, and closes', async () => {
    const { page } = t;
    expect(await page.getByText("From the participant report and the chair's decisions: 4 present, 4 eligible", { exact: false }).isVisible()).toBe(true);
    await page.getByLabel('Venue').fill('Zoom');
    await page.getByLabel('Chair', { exact: true }).fill('Delyth Crossfield');
    await page.getByLabel('How the vote was taken').selectOption('electronic');
    await page.getByLabel('For a selection').fill('3');
    await page.getByLabel('To reselect the MP').fill('1');
    await page.getByRole('button', { name: 'Save the record' }).click();
    await page.getByText('Record when the electronic vote opened and when it closed.').waitFor();
    await page.getByLabel('Voting opened').fill('2026-06-14T21:00');
    await page.getByLabel('Voting closed').fill('2026-06-14T20:00');
    await page.getByRole('button', { name: 'Save the record' }).click();
    await page.getByText('The electronic vote must close after it opens.').waitFor();
    await page.getByLabel('Voting closed').fill('2026-06-15T12:00');
    await page.getByRole('button', { name: 'Save the record' }).click();
    await page.getByText('Meeting record saved.').waitFor();
    await page.getByRole('button', { name: 'Close the meeting…' }).click();
    await page.getByRole('dialog', { name: 'Close the meeting?' }).getByRole('button', { name: 'Close the meeting' }).click();
    await page.getByRole('heading', { name: /— Closed \(version 1\)/ }).waitFor();
    expect(await page.getByText("4: 4 eligible members and 0 admitted on the chair's override — from the participant report and the chair’s decisions").isVisible()).toBe(true);
    expect(await page.getByText('3 for a selection, 1 to reselect, 0 abstentions, 0 spoilt (4 voting); voting open from 14 June 2026 21:00 to 15 June 2026 12:00').isVisible()).toBe(true);
    expect(await page.getByText('Held online.').isVisible()).toBe(true);
    await page.setViewportSize({ width: 1366, height: 768 });
    await t.shot('61-online-meeting-closed-1366');
    await page.setViewportSize({ width: 1024, height: 700 });
    await t.shot('61b-online-meeting-closed-1024');
    const meeting = (await t.call<{ id: number; branch: string }[]>('listMeetings')).find((m) => m.branch === 'Larkmere')!;
    const view = await t.call<MeetingView>('getMeeting', { meetingId: meeting.id });
    expect(view.versions[0]!.figures).toMatchObject({ attendance: 4, eligibleAttendance: 4, voting: 4, result: 'selection' });
    expect((await t.call<AuditVerdict>('verifyAudit')).differences).toEqual([]);
  });
});
