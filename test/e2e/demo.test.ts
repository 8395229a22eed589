import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeller, type Running } from './harness';

let t: Running;
beforeAll(async () => {
  t = await startTeller();
});
afterAll(async () => {
  await t?.stop();
});

describe('the demo CLP', () => {
  it('opens from the first-run screen with invented data and a live dashboard', async () => {
    const { page } = t;
    await page.getByRole('button', { name: 'Open a demo CLP' }).click();
    await page.getByText('Demo CLP.').waitFor();
    await page.getByRole('heading', { name: 'Electoral college' }).waitFor();
    expect(await page.getByText('6 of 9 reported').isVisible()).toBe(true);
    expect(await page.getByText('7 of 11 reported').isVisible()).toBe(true);
    expect(await page.getByText(/Doubt:/).count()).toBe(2);
    await t.shot('10-demo-dashboard');
    await page.getByRole('navigation').getByRole('link', { name: 'Results' }).click();
    await page.getByRole('heading', { name: 'Branches' }).waitFor();
    await t.shot('11-demo-results');
  });

  it('leaves the demo for an empty store of the secretary’s own', async () => {
    const { page } = t;
    await page.getByRole('button', { name: 'Leave the demo' }).click();
    await page.getByRole('heading', { name: 'Welcome to Teller' }).waitFor();
  });
});
