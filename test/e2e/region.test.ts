import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, startTeller, type Running } from './harness';

// Two copies of Teller: a CLP secretary's and a regional officer's, each with its own store.
let clp: Running;
let region: Running;
let reportFile = '';
let fingerprint = '';

beforeAll(async () => {
  clp = await startTeller();
  region = await startTeller();
});
afterAll(async () => {
  await clp?.stop();
  await region?.stop();
});

const nav = (t: Running, name: string) => t.page.getByRole('navigation').getByRole('link', { name, exact: true });

describe('from a CLP secretary to the regional office', () => {
  it('the secretary creates a key and exports the final report, as JSON and as a PDF', async () => {
    const { page } = clp;
    await page.getByRole('button', { name: 'Open a demo CLP' }).click();
    await nav(clp, 'Settings').click();
    await page.getByLabel(/Passphrase for the new key/).fill('a long enough passphrase');
    await page.getByLabel('The same passphrase again').fill('a long enough passphrase');
    await page.getByRole('button', { name: 'Create the key' }).click();
    fingerprint = await page.getByLabel('Fingerprint').innerText();
    await nav(clp, 'Dashboard').click();
    const jsonDownload = page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.json'));
    // The PDF is made in the window after the JSON: the fonts load, are laid out and subset
    // there, which takes seconds on a loaded machine.
    const pdfDownload = page.waitForEvent('download', { predicate: (d) => d.suggestedFilename().endsWith('.pdf'), timeout: 45_000 });
    await page.getByRole('button', { name: 'Export the final report…' }).click();
    await page.getByLabel('Type FINAL to confirm').fill('FINAL');
    await page.getByRole('button', { name: 'Sign and save the final report' }).click();
    const clicked = Date.now();
    const [json, pdf] = await Promise.all([jsonDownload, pdfDownload]);
    console.log(`report PDF made and downloaded in the window in ${Date.now() - clicked} ms`);
    reportFile = path.join(clp.dir, json.suggestedFilename());
    await json.saveAs(reportFile);
    expect(reportFile).toMatch(/-r1\.teller\.json$/);
    const pdfFile = path.join(SCREENSHOTS, '50-report.pdf');
    await pdf.saveAs(pdfFile);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdfFile, path.join(SCREENSHOTS, '50-report')]);
    const text = execFileSync('pdftotext', [pdfFile, '-'], { encoding: 'utf8' });
    expect(text).toContain(fingerprint);
    expect(text).toMatch(/Page 1 of \d/);
    // The window loaded the Noto fonts (bundled as data URLs) and embedded them.
    expect(execFileSync('pdffonts', [pdfFile], { encoding: 'utf8' })).toMatch(/NotoSans-Regular\S*\s+CID TrueType\s+Identity-H\s+yes/);
  });

  it('the regional officer trusts the key read out by phone, imports the report and sees the CLP', async () => {
    const { page } = region;
    await page.getByRole('button', { name: 'Open the regional office' }).click();
    const clpName = (JSON.parse(fs.readFileSync(reportFile, 'utf8')) as { payload: { clp: { name: string } } }).payload.clp.name;
    await page.getByLabel('CLP (as its reports name it)').fill(clpName);
    await page.getByLabel('Fingerprint or public key').fill(fingerprint);
    await page.getByRole('button', { name: 'Trust this key' }).click();
    await page.getByText(`Key trusted for ${clpName}.`).waitFor();
    await nav(region, 'Reports received').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose report files…' }).click();
    await (await chooser).setFiles(reportFile);
    await page.getByText(/Accepted/).first().waitFor();
    await nav(region, 'Overview').click();
    await page.getByRole('heading', { name: 'The region: 1 CLP, 0 triggered' }).waitFor();
    expect(await page.getByRole('region', { name: /The region/ }).getByRole('rowheader', { name: clpName, exact: true }).isVisible()).toBe(true);
    await region.shot('51-region-overview');
  });

  it('refuses a tampered copy with its reason, and ignores the same file twice', async () => {
    const { page } = region;
    const tampered = path.join(region.dir, 'tampered.teller.json');
    fs.writeFileSync(tampered, fs.readFileSync(reportFile, 'utf8').replace('"triggered": false', '"triggered": true'));
    await nav(region, 'Reports received').click();
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose report files…' }).click();
    await (await chooser).setFiles([tampered, reportFile]);
    await page.getByText(/Refused/).first().waitFor();
    const summary = page.getByRole('status').filter({ hasText: 'files checked' });
    expect(await summary.innerText()).toContain('2 files checked: 1 refused, 1 already here.');
    const files = page.getByRole('region', { name: /Files received/ });
    await files.getByRole('heading', { name: 'Files received (3)' }).waitFor();
    const refused = files.getByRole('row').filter({ hasText: 'tampered.teller.json' });
    expect(await refused.getByText('Refused').isVisible()).toBe(true);
    expect(await refused.getByText(/^Signature:/).isVisible()).toBe(true);
    await nav(region, 'Overview').click();
    await page.getByRole('heading', { name: 'The region: 1 CLP, 0 triggered' }).waitFor();
    await region.shot('52-region-refused');
  });
});
