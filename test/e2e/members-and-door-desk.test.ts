import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticMembers, syntheticMembershipCsv, syntheticRegisterCsv } from '../../db/members/synthetic-members';
import type { TellerState } from '../../shared/api';
import { startTeller, type Running } from './harness';

let t: Running;
const BRANCHES = ['Copperfield North', 'Larkmere'];
let csvFile = '';
let registerFile = '';

beforeAll(async () => {
  t = await startTeller((service) => {
    const svc = service.handlers;
    svc.saveClp({ name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
    for (const name of BRANCHES) svc.addBranch({ name });
    svc.saveBallot({ freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: { id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' } });
  });
  const members = syntheticMembers(3000, BRANCHES, 11);
  // Three people the test looks for by name.
  members[0] = { ...members[0]!, number: 'L0900001', first: 'Zoë', last: 'Quarmby', branch: 'Larkmere', joined: '01/02/2015', status: 'Active' };
  members[1] = { ...members[1]!, number: 'L0900002', first: 'Idris', last: 'Quarmby', branch: 'Larkmere', joined: '01/02/2015', status: 'Arrears' };
  members[2] = { ...members[2]!, number: 'L0900003', first: 'Nuala', last: 'Yeadon', branch: 'Copperfield North', joined: '01/02/2015', status: 'Active' };
  registerFile = path.join(t.dir, 'register.csv');
  fs.writeFileSync(registerFile, syntheticRegisterCsv(members, 8000));
  csvFile = path.join(t.dir, 'members-export.csv');
  fs.writeFileSync(csvFile, syntheticMembershipCsv(members).replace('Membership Number', 'Member No.'));
  await t.page.reload();
});
afterAll(async () => {
  await t?.stop();
});

const nav = (name: string) => t.page.getByRole('navigation').getByRole('link', { name });

describe('the secretary imports the membership list and runs the door desk', () => {
  it('says the door desk needs a membership list first', async () => {
    await nav('Door desk').click();
    await t.page.getByRole('heading', { name: 'No membership list yet' }).waitFor();
  });

  it('previews the file, shows the ignored column, and imports with a progress bar', async () => {
    const { page } = t;
    await nav('Members').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('region', { name: 'Import a membership list' }).getByRole('button', { name: 'Choose a CSV file…' }).click();
    await (await chooser).setFiles(csvFile);
    await page.getByText('3000 of 3000 rows can be imported').waitFor();
    // The email is kept: an online meeting matches its participants to members by it.
    expect(await page.getByLabel('Field for column Email').inputValue()).toBe('email');
    expect(await page.getByLabel('Field for column Member No.').inputValue()).toBe('membershipNumber');
    await t.shot('20-members-preview');
    await page.getByRole('button', { name: 'Import 3000 members' }).click();
    await page.getByText('3000 members imported.').waitFor();
    await page.getByText('Used by the ballot').waitFor();
    await t.shot('21-members-imported');
  });

  it('imports the electoral register and cross-matches it, showing the evidence', async () => {
    const { page } = t;
    const section = page.getByRole('region', { name: 'Import the electoral register (optional)' });
    const chooser = page.waitForEvent('filechooser');
    await section.getByRole('button', { name: 'Choose a CSV file…' }).click();
    await (await chooser).setFiles(registerFile);
    await section.getByText(/of 8000 rows can be imported/).waitFor();
    await section.getByRole('button', { name: /Import \d+ register entries/ }).click();
    await page.getByText(/\d+ electoral register entries imported\./).waitFor();
    await page.getByRole('button', { name: 'Run the cross-match' }).click();
    await page.getByText(/\d+ matched · \d+ at another address · \d+ ambiguous · \d+ not found/).waitFor();
    // This register's movers share only their name with the list: ambiguous, shown first, with the evidence.
    await page.getByRole('cell', { name: 'Ambiguous: check by hand', exact: true }).first().waitFor();
    expect(await page.getByRole('cell', { name: 'Ambiguous: check by hand', exact: true }).count()).toBeGreaterThan(10);
    expect(await page.getByRole('cell', { name: /^Not confirmed: only the name agrees with (someone|\d+ people) at another address, which may be a namesake: TV\d-\d+\/\d: / }).count()).toBeGreaterThan(10);
    await page.getByLabel('Show').selectOption('ambiguous');
    await page.getByRole('cell', { name: 'Not found', exact: true }).first().waitFor({ state: 'detached' });
    expect(await page.getByRole('cell', { name: 'Found at another address', exact: true }).count()).toBe(0);
    await page.getByRole('heading', { name: 'Cross-match with the electoral register' }).scrollIntoViewIfNeeded();
    await t.shot('25-cross-match', false);
  });

  it('opens the desk and finds a member as you type, accents and order ignored', async () => {
    const { page } = t;
    const larkmere = (await t.call<TellerState>('getState')).branches.find((b) => b.name === 'Larkmere')!;
    await t.call('scheduleMeeting', { branchId: larkmere.id, date: '2026-06-10' });
    await nav('Door desk').click();
    await page.getByLabel('Branch meeting').selectOption({ label: 'Larkmere' });
    await page.getByLabel('Meeting date').fill('10/06/2026');
    await page.getByLabel('Who is at the desk').fill('Sam');
    await page.getByRole('button', { name: 'Open the desk' }).click();
    await page.getByRole('heading', { name: 'Door desk: Larkmere, 10 June 2026' }).waitFor();
    const search = page.getByRole('textbox', { name: 'Name, membership number or postcode' });
    expect(await page.locator('#desk-search:focus').count()).toBe(1);
    await search.pressSequentially('quarmby zoe');
    await page.getByRole('option', { name: /Zoë Quarmby L0900001/ }).waitFor();
    // Namesakes are common: the number, postcode and branch tell them apart.
    await search.fill('L0900001');
    await page.getByRole('option', { name: /Zoë Quarmby L0900001/ }).waitFor();
    await page.getByText('ELIGIBLE', { exact: true }).waitFor();
    await t.shot('22-desk-eligible');
    await search.press('Enter');
    await page.getByText('Zoë Quarmby: checked in.').waitFor();
    expect(await page.locator('.desk-counts').innerText()).toMatch(/Checked in\s*1\s*Eligible checked in\s*1\s*Refused\s*0\s*Overrides\s*0/);
  });

  it('catches the same member twice', async () => {
    const { page } = t;
    const search = page.getByRole('textbox', { name: 'Name, membership number or postcode' });
    await search.fill('L0900001');
    await page.getByText('ALREADY CHECKED IN').waitFor();
    await search.press('Enter');
    // Only what is offered: no chair's override for someone already here, an undo instead.
    const said = await page.getByText('Zoë Quarmby was already checked in at').innerText();
    expect(said).toMatch(/cannot be counted twice\. If that check-in was a mistake, press Alt\+U to undo it\.$/);
    expect(said).not.toMatch(/Alt\+O/);
  });

  it('shows why a member may not vote, and takes the chair’s override with a reason', async () => {
    const { page } = t;
    const search = page.getByRole('textbox', { name: 'Name, membership number or postcode' });
    await search.fill('L0900002');
    await page.getByText('NOT ELIGIBLE').waitFor();
    expect(await page.getByText('in arrears').first().isVisible()).toBe(true);
    await t.shot('23-desk-not-eligible');
    await search.press('Alt+o');
    // The reasons stay in view above the form.
    expect(await page.locator('.verdict-card.small').getByText('in arrears').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Check in on override' }).click();
    await page.getByText('Write the reason').waitFor();
    await page.getByLabel("The chair's reason").fill('Arrears paid at the door, receipt seen');
    await page.getByRole('button', { name: 'Check in on override' }).click();
    await page.getByText("Idris Quarmby: checked in on the chair's override.").waitFor();
  });

  it('refuses a member of another branch and records a walk-in', async () => {
    const { page } = t;
    const search = page.getByRole('textbox', { name: 'Name, membership number or postcode' });
    await search.fill('L0900003');
    await page.getByText('lives in Copperfield North branch, this is Larkmere').waitFor();
    await search.press('Alt+r');
    await page.getByRole('button', { name: 'Record refusal' }).click();
    await page.getByText('Nuala Yeadon: refusal recorded.').waitFor();
    await search.fill('Wyn Garside');
    await page.getByRole('button', { name: 'Someone not on the list… (Alt+N)' }).click();
    expect(await page.getByLabel('Name they gave').inputValue()).toBe('Wyn Garside');
    await page.getByLabel('Address or other details they gave').fill('says he joined last week');
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByText('Wyn Garside: refusal recorded.').waitFor();
    expect(await page.locator('.desk-counts').innerText()).toMatch(/Checked in\s*2\s*Eligible checked in\s*1\s*Refused\s*2\s*Overrides\s*1/);
    await t.shot('24-desk-log');
  });
});
