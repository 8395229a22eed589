import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyReportText } from '../../db/signing/verify-report';
import { demoStorePath } from '../../db/store/location';
import { expectAccessible, startTeller, type Running } from './harness';
import { editStoreDirectly } from '../unit/helpers/edit-store-directly';

let t: Running;
beforeAll(async () => {
  t = await startTeller();
});
afterAll(async () => {
  await t?.stop();
});

const nav = (name: string) => t.page.getByRole('navigation').getByRole('link', { name, exact: true });

describe('a secretary exports a signed report', () => {
  it('creates the signing key with a passphrase and sees its fingerprint', async () => {
    const { page } = t;
    await page.getByRole('button', { name: 'Open a demo CLP' }).click();
    await nav('Dashboard').click();
    await page.getByRole('button', { name: 'Export the final report…' }).click();
    await page.getByLabel('Type FINAL to confirm').fill('FINAL');
    await page.getByRole('button', { name: 'Sign and save the final report' }).click();
    await page.getByText(/Unlock the signing key with its passphrase on the Settings page first|no signing key yet/).waitFor();
    await nav('Settings').click();
    await page.getByLabel(/Passphrase for the new key/).fill('short');
    await page.getByLabel('The same passphrase again').fill('short');
    await page.getByRole('button', { name: 'Create the key' }).click();
    await page.getByText('The passphrase must be at least 8 characters.').waitFor();
    await page.getByLabel(/Passphrase for the new key/).fill('a long enough passphrase');
    await page.getByLabel('The same passphrase again').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Create the key' }).click();
    await page.getByLabel('Fingerprint').waitFor();
    expect(await page.getByLabel('Fingerprint').innerText()).toMatch(/^([0-9a-f]{4} ){7}[0-9a-f]{4}$/);
    await t.shot('40-settings-key');
  });

  it('backs the store up on request and saves a copy where the user chooses', async () => {
    const { page } = t;
    await page.getByRole('button', { name: 'Back up now' }).click();
    await page.getByText('Backup made.').waitFor();
    const saved = page.waitForEvent('download');
    await page.getByRole('button', { name: /Save a copy of .*on-request\.sqlite/ }).click();
    const file = await (await saved).path();
    expect(fs.readFileSync(file).subarray(0, 15).toString()).toBe('SQLite format 3');
    await t.shot('42-settings-backups');
  });

  it('exports the final report, which verifies', async () => {
    const { page } = t;
    await nav('Dashboard').click();
    await page.getByRole('button', { name: 'Export the final report…' }).click();
    await page.getByText('Before the final report').waitFor();
    // The checklist says what is unfinished; Enter without the word typed issues nothing.
    await page.getByText(/will count as no vote|still open|not yet resolved|does not close until|the ballot has closed/).first().waitFor();
    await page.getByLabel('Type FINAL to confirm').fill('final');
    await page.getByLabel('Type FINAL to confirm').press('Enter');
    await page.getByText('Type FINAL to confirm that this report is final.').waitFor();
    await t.shot('41-dashboard-final-checklist');
    const download = page.waitForEvent('download');
    await page.getByLabel('Type FINAL to confirm').fill('FINAL');
    await page.getByLabel('Type FINAL to confirm').press('Enter');
    const file = await (await download).path();
    const text = fs.readFileSync(file, 'utf8');
    const v = verifyReportText(text);
    expect(v.problems).toEqual([]);
    expect(v).toMatchObject({ ok: true, revision: 1 });
    await page.getByText(/Final report, revision 1, saved as/).waitFor();
    await t.shot('41-dashboard-export');
    // After the final: no interim, and a corrected final needs FINAL typed again and its reason.
    expect(await page.getByRole('button', { name: 'Export an interim report' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Issue a corrected final report…' }).click();
    await page.getByLabel('Type FINAL to confirm').fill('FINAL');
    await page.getByLabel('Type FINAL to confirm').press('Enter');
    await page.getByText(/has already been issued: say why this corrected final revision is needed/).waitFor();
    await t.shot('43-dashboard-corrected-final');
    const again = page.waitForEvent('download');
    await page.getByLabel('Why is a corrected final report needed?').fill('A branch result was entered wrongly.');
    await page.getByRole('button', { name: 'Sign and save the final report' }).click();
    expect(verifyReportText(fs.readFileSync(await (await again).path(), 'utf8'))).toMatchObject({ ok: true, revision: 2 });
    await page.getByText(/Final report, revision 2, saved as/).waitFor();
  });

  it('refuses to export once a result was changed in the file behind Teller’s back, naming it', async () => {
    const { page } = t;
    editStoreDirectly(demoStorePath(t.storePath), "UPDATE unit_result SET result = 'selection' WHERE result = 'reselect' AND branch_id = (SELECT MIN(branch_id) FROM unit_result WHERE result = 'reselect')");
    await page.getByRole('button', { name: 'Issue a corrected final report…' }).click();
    await page.getByLabel('Why is a corrected final report needed?').fill('Checking again.');
    await page.getByLabel('Type FINAL to confirm').fill('FINAL');
    await page.getByRole('button', { name: 'Sign and save the final report' }).click();
    await page.getByText(/This report cannot be exported, because the store's tables no longer match its audit trail: the result of branch \d+ \(.+\): the result is "reselect" in the audit trail but "selection" in the unit_result table\./).waitFor();
    await t.shot('44-dashboard-export-refused-tables-differ');
  });

  it('restores a backup from before the reports only once RESTORE is typed, saying the region will see the break', async () => {
    const { page } = t;
    await nav('Settings').click();
    await page.getByRole('button', { name: /Restore .*on-request\.sqlite/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Restore this backup?' });
    await dialog.getByText(/This backup is from before report revisions 1 and 2 were issued\..*the regional office will see the break/).waitFor();
    const restore = dialog.getByRole('button', { name: 'Restore', exact: true });
    expect(await restore.isDisabled()).toBe(true);
    await dialog.getByLabel('Type RESTORE to restore it anyway').fill('restore');
    expect(await restore.isDisabled()).toBe(true);
    await t.shot('44-settings-restore-confirm', false);
    await expectAccessible(page, 'the restore dialog');
    // Cancel leaves everything as it was.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByRole('dialog').count()).toBe(0);
    expect((await t.call<{ entries: number }>('verifyAudit')).entries).toBeGreaterThan(0);
    const before = await t.call<{ action: string }[]>('getAuditLog', { limit: 1 });
    expect(before[0]?.action).toBe('report.export');

    await page.getByRole('button', { name: /Restore .*on-request\.sqlite/ }).click();
    await dialog.getByLabel('Type RESTORE to restore it anyway').fill('RESTORE');
    await restore.click();
    await page.getByText('Backup restored.').waitFor();
    const [entry] = await t.call<{ action: string; before: { reportsNotReached: { revision: number }[] } }[]>('getAuditLog', { limit: 1 });
    expect(entry).toMatchObject({ action: 'backup.restore', before: { reportsNotReached: [{ revision: 1 }, { revision: 2 }] } });
    // The heads of both reports came over: verification names the break.
    const verdict = await t.call<{ ok: boolean; problems: { message: string }[] }>('verifyAudit');
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.map((p) => p.message).join('\n')).toMatch(/Report revision 2 was issued .* restored the backup .*on-request\.sqlite from before it/);
  });
});
