import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messyMembershipList, xpressRegister } from '../../db/members/real-layouts';
import { syntheticMembers } from '../../db/members/synthetic-members';
import { rawStore } from '../test-store';
import { startTeller, type Running } from './harness';

let t: Running;
const BRANCHES = ['Castle Hythe', 'Old Town'];
const members = syntheticMembers(130, BRANCHES, 17);
let listFile = '';
let registerFile = '';

beforeAll(async () => {
  t = await startTeller((service) => {
    const svc = service.handlers;
    svc.saveClp({ name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
    for (const name of BRANCHES) svc.addBranch({ name });
    svc.saveBallot({ freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: { id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' } });
  });
  listFile = path.join(t.dir, 'branch-officer-export.txt');
  fs.writeFileSync(listFile, messyMembershipList(members, { separator: '\t' }));
  registerFile = path.join(t.dir, 'full-register.txt');
  fs.writeFileSync(registerFile, xpressRegister(members, 400));
  await t.page.reload();
});
afterAll(async () => {
  await t?.stop();
});

const nav = (name: string) => t.page.getByRole('navigation').getByRole('link', { name });

describe('real files through the app', () => {
  it('previews a messy tab-separated list: unknown statuses and branch names with their counts, warnings, and no import until each is chosen', async () => {
    const { page } = t;
    await nav('Members').click();
    const section = page.getByRole('region', { name: 'Import a membership list' });
    const chooser = page.waitForEvent('filechooser');
    await section.getByRole('button', { name: 'Choose a CSV file…' }).click();
    await (await chooser).setFiles(listFile);
    await section.getByText('Statuses Teller has no rule for: say whether each counts as good standing.').waitFor();
    expect(await section.getByLabel('Field for column Branch/Ward').inputValue()).toBe('branch');
    expect(await section.getByLabel('Field for column Member Since').inputValue()).toBe('joinDate');
    expect(await section.getByLabel('Field for column Electoral Roll Number').inputValue()).toBe('rollNumber');
    // Pending, in 10 rows, waits for the user; the branch names the list adds "Ward" or "Branch" to start as their branch.
    const pending = section.getByRole('row', { name: /Pending/ });
    expect(await pending.getByRole('cell').nth(1).innerText()).toBe('10');
    expect(await section.getByLabel('Branch "Castle Hythe Ward"').inputValue()).toBe('Castle Hythe');
    expect(await section.getByLabel('Branch "Old Town Branch"').inputValue()).toBe('Old Town');
    expect(await section.getByLabel('Branch "Old Market Ward"').inputValue()).toBe('');
    expect(await section.getByRole('row', { name: /Old Market Ward/ }).getByRole('cell').nth(1).innerText()).toBe('3');
    const warnings = section.getByRole('list', { name: 'Check before importing' });
    await warnings.getByText(/2 dates are written as a spreadsheet’s day numbers \(line 51: "\d{5}" is read as/).waitFor();
    await warnings.getByText(/after the ballot’s freeze date 1 May 2026/).waitFor();
    await section.getByText('Choose how to read the 2 statuses or branch names above before importing.').waitFor();
    expect(await section.getByRole('button', { name: /^Import \d+ members$/ }).isDisabled()).toBe(true);
    await t.shot('60-real-list-preview');
  });

  it('takes the as-at date and the choices, then imports', async () => {
    const { page } = t;
    const section = page.getByRole('region', { name: 'Import a membership list' });
    await section.getByLabel('The list is as at').fill('01/05/2026');
    await section.getByText(/after the ballot’s freeze date/).waitFor({ state: 'detached' });
    await section.getByLabel('Status "Pending"').selectOption('not-good');
    await section.getByLabel('Branch "Old Market Ward"').selectOption({ label: 'Refuse: do not import these rows' });
    await section.getByText('127 of 130 rows can be imported').waitFor();
    await section.getByText(/3 rows will not be imported/).waitFor();
    await t.shot('61-real-list-chosen');
    await section.getByRole('button', { name: 'Import 127 members' }).click();
    await page.getByText('127 members imported.').waitFor();
    const db = rawStore(t.storePath, { readonly: true });
    const snapshot = db.prepare('SELECT as_at FROM member_snapshot').get() as { as_at: string };
    const branches = db.prepare('SELECT DISTINCT branch FROM member ORDER BY branch').all() as { branch: string }[];
    const pending = db.prepare("SELECT COUNT(*) AS n FROM member WHERE status_text = 'Pending' AND status = 'not-good-standing'").get() as { n: number };
    db.close();
    expect(snapshot.as_at).toBe('2026-05-01');
    expect(branches.map((b) => b.branch)).toEqual(BRANCHES);
    expect(pending.n).toBe(10);
  });

  it('cancels a preview without importing', async () => {
    const { page } = t;
    const section = page.getByRole('region', { name: 'Import a membership list' });
    const chooser = page.waitForEvent('filechooser');
    await section.getByRole('button', { name: 'Choose a CSV file…' }).click();
    await (await chooser).setFiles(listFile);
    // The choices are remembered: nothing waits for the user this time.
    await section.getByText('127 of 130 rows can be imported').waitFor();
    expect(await section.getByText(/Choose how to read/).count()).toBe(0);
    await section.getByRole('button', { name: 'Cancel' }).click();
    await section.getByText('127 of 130 rows can be imported').waitFor({ state: 'detached' });
    expect(await page.getByRole('heading', { name: 'Membership snapshots' }).count()).toBe(1);
  });

  it('imports the council’s tab-separated register, markers and all', async () => {
    const { page } = t;
    const section = page.getByRole('region', { name: 'Import the electoral register (optional)' });
    const chooser = page.waitForEvent('filechooser');
    await section.getByRole('button', { name: 'Choose a CSV file…' }).click();
    await (await chooser).setFiles(registerFile);
    await section.getByText('400 of 400 rows can be imported').waitFor();
    expect(await section.getByLabel('Field for column Elector Markers').inputValue()).toBe('franchise');
    expect(await section.getByLabel('Field for column Elector DOB').inputValue()).toBe('dob');
    await section.getByRole('button', { name: 'Import 400 register entries' }).click();
    await page.getByText('400 electoral register entries imported.').waitFor();
    const db = rawStore(t.storePath, { readonly: true });
    const marked = db.prepare("SELECT COUNT(*) AS n FROM register_entry WHERE franchise <> ''").get() as { n: number };
    db.close();
    expect(marked.n).toBeGreaterThan(0);
  });
});
