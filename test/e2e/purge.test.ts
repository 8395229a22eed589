import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticMembers, syntheticMembershipCsv } from '../../db/members/synthetic-members';
import { startTeller, importMembers, type Running } from './harness';

let t: Running;
const BRANCHES = ['Copperfield North', 'Larkmere'];

beforeAll(async () => {
  t = await startTeller((service, dir) => {
    const svc = service.handlers;
    svc.saveClp({ name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
    for (const name of BRANCHES) svc.addBranch({ name });
    // A ballot that has closed (the clock is the real one), so personal data may be deleted.
    svc.saveBallot({ freezeDate: '2025-05-01', opensOn: '2025-06-01', closesOn: '2025-07-17', rules: { id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' } });
    const file = path.join(dir, 'members-export.csv');
    fs.writeFileSync(file, syntheticMembershipCsv(syntheticMembers(200, BRANCHES, 17)));
    importMembers(service, file);
    svc.backupNow({});
  });
  await t.page.reload();
});
afterAll(async () => {
  await t?.stop();
});

const nav = (name: string) => t.page.getByRole('navigation').getByRole('link', { name });

describe('deleting personal data after the ballot', () => {
  it('Settings lists every place personal data is kept, with sizes and dates', async () => {
    const { page } = t;
    await nav('Settings').click();
    const places = page.getByRole('region', { name: 'Where personal data is kept' });
    await places.getByRole('rowheader', { name: 'The store' }).waitFor();
    for (const what of ['Backups', 'Files waiting to be imported', 'Copies you saved']) expect(await places.getByRole('rowheader', { name: what }).isVisible()).toBe(true);
    expect(await places.getByRole('row', { name: /^Backups/ }).textContent()).toMatch(/KB in 2 files/);
    await places.scrollIntoViewIfNeeded();
    await t.shot('60-personal-data-places');
  });

  it('deletes it, then says what went and when, with no button to do it again', async () => {
    const { page } = t;
    await nav('Members').click();
    await page.getByLabel("Type the CLP's name (Brambleford and Oakmere) to confirm").fill('Brambleford and Oakmere');
    await page.getByRole('button', { name: 'Delete personal data' }).click();
    await page.getByRole('heading', { name: 'Personal data deleted' }).waitFor();
    const done = page.getByRole('region', { name: 'Personal data deleted' });
    expect(await done.textContent()).toMatch(/Members on the membership lists: 200/);
    expect(await done.textContent()).toMatch(/Backups made before the purge: 2/);
    expect(await done.textContent()).not.toMatch(/Electoral register entries/); // nothing of that kind was there
    expect(await page.getByRole('button', { name: 'Delete personal data' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Choose a CSV file…' }).count()).toBe(0);
    await done.scrollIntoViewIfNeeded();
    await t.shot('61-personal-data-deleted');
    await expect(t.call('purgePersonalData', { confirmName: 'Brambleford and Oakmere' })).rejects.toThrow(/already-purged: Personal data was already deleted from this store on/);
    await nav('Settings').click();
    const places = page.getByRole('region', { name: 'Where personal data is kept' });
    await places.getByRole('row', { name: /^Backups/ }).waitFor();
    expect(await places.getByRole('row', { name: /^Backups/ }).textContent()).toMatch(/Empty/);
  });
});
