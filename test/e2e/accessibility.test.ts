import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, startTeller, type Running } from './harness';

let t: Running;
beforeAll(async () => {
  t = await startTeller();
});
afterAll(async () => {
  await t?.stop();
});

describe('the accessibility check every screenshot runs', () => {
  it('passes the first screen', async () => {
    await t.page.getByRole('heading', { name: 'Welcome to Teller' }).waitFor();
    await expectAccessible(t.page, 'welcome');
  });

  it('catches a serious violation (proof that the check really runs)', async () => {
    await t.page.evaluate(`document.body.insertAdjacentHTML('beforeend', '<button id="nameless"></button>')`);
    await expect(expectAccessible(t.page, 'broken')).rejects.toThrow(/critical button-name|serious button-name/);
  });
});
