import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TellerService } from '../../db/service';
import { populateDemoClp } from '../../db/setup/demo-clp';
import { ClpStore } from '../../db/store/clp-store';
import { EMPTY_RECORD } from '../../shared/meetings';
import { fingerprint } from '../../shared/report/fingerprint';
import { TEST_PASSPHRASE } from '../test-store';
import { startTeller, type Running } from './harness';

/*
 * A regional office from its first run: its own four screens, trusting keys first (with a
 * warning for a fingerprint one group off), a refused report accepted once its key is trusted,
 * the overview's marks, and one CLP opened down to its branches, affiliates and revisions.
 * Three invented CLPs' secretaries sign the reports, each with its own store and key.
 */

interface Report {
  file: string;
  clp: string;
  fingerprint: string;
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-region-office-'));
let region: Running;
let final: Report; // a final report
let interim: Report; // an interim report with branches still to report and an open complaint
let interimLater: Report; // the same CLP's second interim report, one more branch reported
let revoked: Report; // a report whose key the office revokes after accepting it

/** A secretary's invented CLP (one per seed) and the reports it signs, one per step, each after that step's changes. */
function secretaryReports(seed: number, steps: { status: 'interim' | 'final'; before?: (svc: TellerService) => void }[]): Report[] {
  const storePath = path.join(dir, `clp-${seed}.sqlite`);
  const store = new ClpStore(storePath, { actor: 'e2e-secretary', now: () => new Date('2026-06-20T18:00:00Z') }, { key: null });
  populateDemoClp(store, seed);
  store.close();
  const svc = new TellerService({ actor: 'e2e-secretary', now: () => new Date('2026-06-20T18:00:00Z'), storePath, demoPath: `${storePath}.demo`, passphrase: TEST_PASSPHRASE });
  try {
    svc.handlers.unlockSigningKey({ passphrase: 'a passphrase for tests' });
    return steps.map(({ status, before }) => {
      before?.(svc);
      const r = status === 'final' ? svc.handlers.exportReport({ status, confirm: 'FINAL' }) : svc.handlers.exportReport({ status });
      const file = path.join(dir, r.fileName);
      fs.writeFileSync(file, r.json);
      return { file, clp: svc.handlers.getState({}).clp!.name, fingerprint: fingerprint(r.keyId) };
    });
  } finally {
    svc.close();
  }
}

/** The fingerprint with one group of four changed: as if one group were misheard on the phone. */
function oneGroupOff(print: string, group: number): string {
  const groups = print.split(' ');
  groups[group] = [...groups[group]!].map((c) => ((parseInt(c, 16) + 1) % 16).toString(16)).join('');
  return groups.join(' ');
}

beforeAll(async () => {
  [final] = secretaryReports(11, [{ status: 'final' }]) as [Report];
  [interim, interimLater] = secretaryReports(12, [
    {
      status: 'interim',
      before: (svc) =>
        svc.handlers.logComplaint({ receivedOn: '2026-06-12', complainant: 'Invented Complainant', contact: '', about: 'The notice of a meeting', meetingId: null, category: 'procedure', summary: 'Late notice.' }),
    },
    {
      status: 'interim',
      before: (svc) => {
        // The last branch meets and votes (it had not reported): its meeting is in the next report.
        const branch = svc.handlers.getState({}).branches.at(-1)!;
        const meeting = svc.handlers.scheduleMeeting({ branchId: branch.id, date: '2026-06-18' });
        svc.handlers.saveMeetingDraft({
          meetingId: meeting.id,
          record: { ...EMPTY_RECORD, chair: 'Invented Chair', attendanceSource: 'manual', attendance: 30, eligibleAttendance: 28, votes: { selection: 15, reselect: 10, abstain: 2, spoilt: 1 } },
        });
        svc.handlers.closeMeeting({ meetingId: meeting.id });
      },
    },
  ]) as [Report, Report];
  [revoked] = secretaryReports(13, [{ status: 'final' }]) as [Report];
  region = await startTeller();
});
afterAll(async () => {
  await region?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const navLinks = () => region.page.getByRole('navigation', { name: 'Main' }).getByRole('link');
const goTo = (name: string) => region.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name, exact: true }).click();

async function chooseReports(files: string[]) {
  const { page } = region;
  const chooser = page.waitForEvent('filechooser');
  await page.getByRole('button', { name: 'Choose report files…' }).click();
  await (await chooser).setFiles(files);
  await page.getByText(/files? checked:/).waitFor();
}

/** The row of the files-received table for a file. */
const fileRow = (file: string) => region.page.getByRole('region', { name: /Files received/ }).getByRole('row').filter({ hasText: path.basename(file) });

/** Screenshots of the screen as it is, at the two window sizes officers use, each checked by axe. */
async function shots(name: string) {
  // The notice of the last change would cover what the screenshot is of.
  const dismiss = region.page.getByRole('button', { name: 'Dismiss' });
  if ((await dismiss.count()) > 0) await dismiss.click();
  for (const [w, h] of [
    [1366, 768],
    [1024, 700],
  ] as const) {
    await region.page.setViewportSize({ width: w, height: h });
    await region.shot(`${name}-${w}`);
  }
  await region.page.setViewportSize({ width: 1280, height: 900 });
}

describe('a new regional office', () => {
  it('is chosen on the welcome screen and starts at trusting a key, with its own four screens', async () => {
    const { page } = region;
    await page.getByRole('heading', { name: 'I am a regional officer' }).waitFor();
    await page.getByRole('button', { name: 'Open the regional office' }).click();
    await page.getByRole('heading', { name: "Start here: trust your CLPs' keys" }).waitFor();
    expect(await navLinks().allInnerTexts()).toEqual(['Overview', 'Reports received', 'Trusted keys', 'Settings']);
    expect(await page.getByRole('link', { name: 'Trusted keys' }).getAttribute('aria-current')).toBe('page');
    expect(await page.getByText(/A fingerprint is 32 letters and digits/).isVisible()).toBe(true);
    expect(await page.getByText(/Phone the CLP's secretary/).isVisible()).toBe(true);
    await shots('60-region-first-run');
  });

  it('remembers it is a regional office when reopened, and never shows a secretary screen', async () => {
    const { page } = region;
    await region.restart();
    await page.getByRole('heading', { name: "Start here: trust your CLPs' keys" }).waitFor();
    expect(await navLinks().allInnerTexts()).toEqual(['Overview', 'Reports received', 'Trusted keys', 'Settings']);
    // A secretary's address leads to a regional screen, never to the welcome page or the dashboard.
    for (const hash of ['#/dashboard', '#/setup', '#/members', '#/region']) {
      await page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);
      await page.getByRole('heading', { name: /The region: 0 CLPs/ }).waitFor();
      expect(await page.getByRole('heading', { name: 'Welcome to Teller' }).count()).toBe(0);
      expect(await navLinks().allInnerTexts()).toEqual(['Overview', 'Reports received', 'Trusted keys', 'Settings']);
    }
  });
});

describe('a new secretary store, by contrast', () => {
  it('shows only the screens that work before its CLP is set up, never a tab that leads back to the welcome page', async () => {
    const secretary = await startTeller();
    try {
      const { page } = secretary;
      await page.getByRole('heading', { name: 'I am a CLP secretary' }).waitFor();
      await secretary.shot('59-welcome');
      await page.getByRole('button', { name: 'Set up my CLP' }).click();
      await page.getByRole('navigation', { name: 'Main' }).waitFor();
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allInnerTexts()).toEqual(['Set-up', 'Settings']);
    } finally {
      await secretary.stop();
    }
  });
});

describe('trusting keys and receiving reports', () => {
  it('refuses a report whose key is not trusted yet, listing the file with its verdict and reason', async () => {
    const { page } = region;
    await goTo('Reports received');
    await chooseReports([interim.file]);
    const row = fileRow(interim.file);
    await row.getByText('Refused').waitFor();
    expect(await row.getByText(/^Trust:/).isVisible()).toBe(true);
    expect(await row.getByText(/not on your list of keys trusted for this CLP/).isVisible()).toBe(true);
    await page.getByRole('button', { name: 'What each check means' }).or(page.getByText('What each check means')).first().click();
    expect(await page.getByText('Continuity', { exact: true }).isVisible()).toBe(true);
    await shots('61-region-received-refused');
  });

  it('warns when a fingerprint is one group away from a key already listed', async () => {
    const { page } = region;
    await goTo('Trusted keys');
    await page.getByLabel('CLP (as its reports name it)').fill(final.clp);
    await page.getByLabel('Fingerprint or public key').fill(final.fingerprint);
    await page.getByRole('button', { name: 'Trust this key' }).click();
    await page.getByText(`Key trusted for ${final.clp}.`).waitFor();
    // Another CLP's key, read out with its third group misheard, so that it is one group from the key just trusted.
    await page.getByLabel('CLP (as its reports name it)').fill(interim.clp);
    await page.getByLabel('Fingerprint or public key').fill(oneGroupOff(final.fingerprint, 2));
    await page.getByRole('button', { name: 'Trust this key' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'Check this fingerprint again' });
    await warning.waitFor();
    expect(await warning.innerText()).toContain(`group 3`);
    expect(await warning.innerText()).toContain(final.clp);
    expect(await page.getByRole('button', { name: 'Trust it anyway' }).isVisible()).toBe(true);
    await shots('62-region-near-miss');
    // Corrected as the secretary reads it again: no warning, and it is trusted.
    await page.getByLabel('Fingerprint or public key').fill(interim.fingerprint);
    expect(await warning.count()).toBe(0);
    await page.getByRole('button', { name: 'Trust this key' }).click();
    await page.getByText(`Key trusted for ${interim.clp}.`).waitFor();
    const keys = page.getByRole('region', { name: /Keys on your list/ });
    await keys.getByRole('cell', { name: interim.fingerprint, exact: true }).waitFor();
    // The file refused for want of this key is offered for checking again, here where the key was trusted.
    await page.getByRole('heading', { name: 'Refused files to check again (1)' }).waitFor();
    expect(await keys.getByRole('cell', { name: oneGroupOff(final.fingerprint, 2), exact: true }).count()).toBe(0);
  });

  it('checks the refused file again once its key is trusted, and accepts it', async () => {
    const { page } = region;
    await goTo('Reports received');
    const row = fileRow(interim.file);
    await row.getByRole('button', { name: `Check again: ${path.basename(interim.file)}` }).click();
    await page.getByText(/1 file checked again: 1 now accepted/).waitFor();
    await row.getByText('Accepted').waitFor();
    expect(await row.getByText('Refused').count()).toBe(0);
  });

  it('imports the others, and marks on the overview which are final, interim and undecided, with open complaints, from a revoked key', async () => {
    const { page } = region;
    await region.call('trustKey', { clp: revoked.clp, key: revoked.fingerprint });
    await goTo('Reports received');
    await chooseReports([final.file, revoked.file, interimLater.file]);
    await fileRow(final.file).getByText('Accepted').waitFor();
    await fileRow(interimLater.file).getByText('Accepted').waitFor();
    await fileRow(revoked.file).getByText('Accepted').waitFor();
    await shots('63-region-received');
    // The third CLP's secretary says their key was misused: revoked, its report stays, marked.
    await goTo('Trusted keys');
    await page.getByRole('button', { name: `Revoke ${revoked.clp} key ${revoked.fingerprint}` }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke the key' }).click();
    await page.getByText(`Key revoked for ${revoked.clp}.`).waitFor();
    await shots('64-region-keys');

    await goTo('Overview');
    await page.getByRole('heading', { name: /The region: 3 CLPs/ }).waitFor();
    const row = (clp: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: clp }) });
    expect(await row(final.clp).locator('.mark').allInnerTexts()).toEqual(['Final']);
    expect(await row(interim.clp).locator('.mark').allInnerTexts()).toEqual(['Interim, undecided', '1 open']);
    expect(await row(revoked.clp).locator('.mark').allInnerTexts()).toEqual(['Final', 'Revoked key']);
    const tally = page.getByRole('definition');
    expect(await tally.allInnerTexts()).toEqual(['3', expect.any(String), '2', '0', '1', '1', '1']);
    // Counted as the secretary's dashboard counts: reported, and pending while interim.
    expect(await row(interim.clp).getByRole('cell', { name: /of 9 reported, \d+ pending/ }).count()).toBe(1);
    await page.getByLabel('Show').selectOption('revoked');
    expect(await page.getByRole('rowheader').allInnerTexts()).toEqual([revoked.clp]);
    await page.getByLabel('Show').selectOption('undecided');
    expect(await page.getByRole('rowheader').allInnerTexts()).toEqual([interim.clp]);
    await page.getByLabel('Show').selectOption('all');
    await shots('65-region-overview');
  });

  it('opens a CLP to its branches, meetings, affiliates and every revision received', async () => {
    const { page } = region;
    await page.getByRole('link', { name: interim.clp, exact: true }).click();
    await page.getByRole('heading', { name: new RegExp(`^${interim.clp} CLP:`) }).waitFor();
    const branches = page.getByRole('region', { name: /^Branches/ });
    expect(await branches.getByRole('rowheader').count()).toBe(9);
    expect(await branches.getByRole('cell', { name: 'Not reported yet', exact: true }).count()).toBe(2);
    // The branch that met: its meeting's date, attendance and votes.
    expect(await branches.getByRole('row').last().getByRole('cell').allInnerTexts()).toEqual(['Selection', '18 June 2026', '28 eligible of 30', '15', '10', '2', '1']);
    const affiliates = page.getByRole('region', { name: /^Affiliates/ });
    expect(await affiliates.getByRole('rowheader').count()).toBeGreaterThan(0);
    const revisions = page.getByRole('region', { name: /^Every revision received/ });
    // Both revisions, the later one shown on the overview, its history carrying on from the earlier one's.
    expect(await revisions.getByRole('listitem').allInnerTexts()).toEqual([
      expect.stringMatching(/^Revision 1 \(interim\)\s+Accepted\n[\s\S]*History: \d+ audit entries\. The first revision received/),
      expect.stringMatching(/^Revision 2 \(interim\)\s+Accepted\s+Shown in the overview\n[\s\S]*History: \d+ audit entries\. Extends revision 1: its record was only added to/),
    ]);
    await shots('66-region-clp');
    await page.getByRole('link', { name: '← The region' }).click();
    await page.getByRole('heading', { name: /The region: 3 CLPs/ }).waitFor();
  });

  it('has its settings: the office, its store and backups', async () => {
    const { page } = region;
    await goTo('Settings');
    await page.getByRole('heading', { name: 'This regional office' }).waitFor();
    await page.getByText(/This store is a regional office/).waitFor();
    await page.getByLabel(/The office's name/).fill('Invented regional office');
    await page.getByRole('button', { name: 'Save the name' }).click();
    await page.getByText('Invented regional office', { exact: true }).first().waitFor();
    expect(await page.title()).toBe('Settings — Invented regional office — Teller');
    await shots('67-region-settings');
  });
});
