import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeller, type Running } from './harness';
import type { TellerService } from '../../db/service';
import { TEST_PASSPHRASE } from '../test-store';

/** A CLP with one branch, made (and so encrypted) through the service before the app starts. */
function setUpClp(service: TellerService): void {
  service.handlers.saveClp({ name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
  service.handlers.addBranch({ name: 'Oakmere North' });
}

let t: Running;
beforeAll(async () => {
  // A store made (and encrypted) earlier; this start has no passphrase, so the page asks for it.
  t = await startTeller(setUpClp, { passphrase: false });
});
afterAll(async () => {
  await t.stop();
});

/** Every file of the data folder, byte for byte (the lock file is the running copy's own). */
function files(dir: string): Map<string, string> {
  return new Map(
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && !d.name.endsWith('.lock'))
      .map((d) => [path.join(d.parentPath, d.name), fs.readFileSync(path.join(d.parentPath, d.name)).toString('base64')]),
  );
}

describe('the unlock screen', () => {
  it('asks for the passphrase of an encrypted store at start, and says what a forgotten one costs', async () => {
    const { page } = t;
    await page.getByRole('heading', { name: 'Unlock Teller' }).waitFor();
    await page.getByText('Your store is encrypted. Enter its passphrase to open it.').waitFor();
    await page.getByText('If the passphrase is forgotten').click();
    await page.getByText(/Reports already sent to the regional office are not affected/).waitFor();
    await t.shot('unlock-01-start');
  });

  it('refuses a wrong passphrase, saying so, and changes nothing', async () => {
    const { page } = t;
    const before = files(t.dir);
    await page.getByLabel('Passphrase').fill('not my passphrase at all');
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('That passphrase does not open this store. Nothing has been changed; try again.').waitFor();
    expect(files(t.dir)).toEqual(before);
    await t.shot('unlock-02-wrong');
  });

  it('opens the store with the right one', async () => {
    const { page } = t;
    await page.getByLabel('Passphrase').fill(TEST_PASSPHRASE);
    await page.getByRole('button', { name: 'Unlock' }).click();
    await page.getByText('Brambleford and Oakmere CLP · MP: Owain Lomax').waitFor();
    await t.shot('unlock-03-open');
  });
});
