import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTeller, type Running } from './harness';
import { editStoreDirectly } from '../unit/helpers/edit-store-directly';

let t: Running;
beforeAll(async () => {
  t = await startTeller();
});
afterAll(async () => {
  await t?.stop();
});

describe('a secretary sets up a CLP from an empty store and watches the dashboard', () => {
  it('offers "Set up my CLP" or "Open a demo CLP" on first run', async () => {
    const { page } = t;
    await page.getByRole('heading', { name: 'Welcome to Teller' }).waitFor();
    expect(await page.getByRole('button', { name: 'Set up my CLP' }).isVisible()).toBe(true);
    expect(await page.getByRole('button', { name: 'Open a demo CLP' }).isVisible()).toBe(true);
    await t.shot('01-welcome');
    await page.getByRole('button', { name: 'Set up my CLP' }).click();
  });

  it('creates the CLP, refusing a bad ONS code next to its field', async () => {
    const { page } = t;
    await page.getByLabel('Constituency Labour Party name').fill('Brambleford and Oakmere');
    await page.getByLabel('ONS code (optional)').fill('X12');
    await page.getByLabel('Sitting MP').fill('Owain Lomax');
    await page.getByRole('button', { name: 'Create CLP' }).click();
    await page.getByText('An ONS code is a letter (E, W, S or N) and eight digits').waitFor();
    await page.getByLabel('ONS code (optional)').fill('E14008888');
    await page.getByRole('button', { name: 'Create CLP' }).click();
    await page.getByText('Brambleford and Oakmere CLP · MP: Owain Lomax').waitFor();
  });

  it('adds branches and affiliates, refusing a duplicate name and an ineligible affiliate without a reason', async () => {
    const { page } = t;
    for (const name of ['Copperfield North', 'Larkmere', 'Willowgate East']) {
      await page.getByLabel('New branch (ward) name').fill(name);
      await page.getByRole('button', { name: 'Add branch' }).click();
      await page.getByText(`Branch ${name} added.`).waitFor();
    }
    await page.getByLabel('New branch (ward) name').fill('larkmere');
    await page.getByRole('button', { name: 'Add branch' }).click();
    await page.getByText('A branch called "Larkmere" already exists. Names must be different.').waitFor();
    expect(await page.getByRole('heading', { name: 'Branches (3)' }).isVisible()).toBe(true);

    await page.getByLabel('New affiliate name').fill('Health Service Staff Union, Brambleford');
    await page.getByRole('button', { name: 'Add affiliate' }).click();
    await page.getByText('Affiliate Health Service Staff Union, Brambleford added.').waitFor();
    await page.getByLabel('New affiliate name').fill('Brambleford Co-operative Party');
    await page.getByLabel('Kind').last().selectOption('co-operative');
    await page.getByLabel('Eligible (affiliation fees paid by the cut-off date)').last().uncheck();
    await page.getByRole('button', { name: 'Add affiliate' }).click();
    await page.getByText('Say why this affiliate is not eligible').waitFor();
    await page.getByLabel('Why not eligible').fill('Fees not paid by the cut-off date');
    await page.getByRole('button', { name: 'Add affiliate' }).click();
    await page.getByText('Affiliate Brambleford Co-operative Party added.').waitFor();
    await page.getByLabel('New affiliate name').fill('Rail Maritime Workers, Brambleford');
    await page.getByRole('button', { name: 'Add affiliate' }).click();
    await page.getByText('Affiliate Rail Maritime Workers, Brambleford added.').waitFor();
    expect(await page.getByRole('heading', { name: 'Affiliates (3)' }).isVisible()).toBe(true);
  });

  it('sets up the ballot, refusing a freeze date after the meetings and a threshold of 0', async () => {
    const { page } = t;
    await page.getByLabel('Freeze date').fill('15/06/2026');
    await page.getByLabel('Branch meetings open').fill('01/06/2026');
    await page.getByLabel('Results close').fill('31/02/2026');
    await page.getByRole('button', { name: 'Set up ballot' }).click();
    await page.getByText('"31/02/2026" is not a date Teller can read').waitFor();
    await page.getByLabel('Results close').fill('17/07/2026');
    await page.getByRole('button', { name: 'Set up ballot' }).click();
    await page.getByText('The freeze date (15 June 2026) must not be after branch meetings open (1 June 2026).').waitFor();
    await page.getByLabel('Freeze date').fill('01/05/2026');
    expect(await page.getByText('1 May 2026', { exact: true }).isVisible()).toBe(true);

    await page.getByLabel('Rule set', { exact: true }).selectOption('custom');
    await page.getByLabel('Threshold', { exact: true }).fill('0/1');
    await page.getByRole('button', { name: 'Set up ballot' }).click();
    await page.getByText('The threshold must be more than 0 and no more than 1.').waitFor();
    await page.getByLabel('Branches weight').fill('1/2');
    await page.getByLabel('Affiliates weight').fill('1/3');
    await page.getByLabel('Threshold', { exact: true }).fill('1/2');
    await page.getByRole('button', { name: 'Set up ballot' }).click();
    await page.getByText('The two weights must add up to exactly 1.').waitFor();
    await t.shot('02-setup-errors');

    await page.getByLabel('Rule set', { exact: true }).selectOption('labour-2018');
    await page.getByText('A selection is triggered if at least one third of branches, or at least one third of affiliates, want one.').first().waitFor();
    await page.getByRole('button', { name: 'Set up ballot' }).click();
    await page.getByText('Ballot set up. Record results as units report.').waitFor();
    await t.shot('03-setup');
  });

  it('records results with the mouse and the keyboard, with undo', async () => {
    const { page } = t;
    await page.getByRole('navigation').getByRole('link', { name: 'Results' }).click();
    const copperfield = page.getByRole('group', { name: /Copperfield North/ });
    const why = (re: RegExp) => page.getByLabel(re);
    await copperfield.getByLabel('Reselect').check();
    // A result set by hand needs its reason: without one it is refused next to the field, and nothing is recorded.
    await page.getByRole('button', { name: 'Record', exact: true }).click();
    await page.getByText("Say why Copperfield North's result is set by hand.").waitFor();
    await t.shot('04-results-reason');
    await why(/Why is Copperfield North's result set to Reselect by hand/).fill('Minute received by post.');
    await page.keyboard.press('Enter');
    await page.getByText('Copperfield North: Reselect recorded (was Not reported).').waitFor();
    const larkmere = page.getByRole('group', { name: /Larkmere/ });
    await larkmere.getByLabel('Reselect').check();
    await why(/Why is Larkmere's result set to Reselect by hand/).fill('Phoned in by the branch secretary.');
    await page.keyboard.press('Enter');
    await page.getByText('Larkmere: Reselect recorded').waitFor();
    // Keyboard: arrow keys move within the radio group and choose; the reason follows.
    await larkmere.getByLabel('Reselect').focus();
    await page.keyboard.press('ArrowLeft');
    await why(/Why is Larkmere's result set to Selection by hand/).fill('The branch corrected its minute.');
    await page.keyboard.press('Enter');
    await page.getByText('Larkmere: Selection recorded (was Reselect).').waitFor();
    // A mis-click is undone in one step.
    await copperfield.getByLabel('Tie').check();
    await why(/Why is Copperfield North's result set to Tie by hand/).fill('Misread the minute.');
    await page.keyboard.press('Enter');
    await page.getByText('Copperfield North: Tie recorded (was Reselect).').waitFor();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => copperfield.getByLabel('Reselect').isChecked()).toBe(true);
    // An affiliate's result comes only from its decision form.
    expect(await page.getByRole('group', { name: /Health Service Staff Union, Brambleford/ }).getByLabel('Selection').isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'record or change it with the decision form' }).first().isVisible()).toBe(true);
    // The ineligible affiliate cannot be given a result.
    expect(await page.getByRole('group', { name: /Brambleford Co-operative Party/ }).getByLabel('Selection').isDisabled()).toBe(true);
    await t.shot('04-results');
  });

  it('shows the dashboard: branches reach one third, so a selection is triggered', async () => {
    const { page } = t;
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Selection triggered — already certain' }).waitFor();
    expect(await page.getByText('2 of 3 reported').isVisible()).toBe(true);
    expect(await page.getByText('0 of 2 reported').isVisible()).toBe(true);
    expect(await page.getByText('50% selection share (1 of 2 units counted)').isVisible()).toBe(true);
    expect(await page.getByRole('img', { name: /Branches selection share: .*Threshold: at least 33.33%/ }).isVisible()).toBe(true);
    expect(await page.getByText('Certain: a selection is triggered whatever the remaining units report.').isVisible()).toBe(true);
    await t.shot('05-dashboard');
  });

  it('updates the dashboard as results change', async () => {
    const { page } = t;
    await page.getByRole('navigation').getByRole('link', { name: 'Results' }).click();
    await page.getByRole('group', { name: /Larkmere/ }).getByLabel('Reselect').check();
    await page.getByLabel(/Why is Larkmere's result set to Reselect by hand/).fill('The branch corrected its minute again.');
    await page.keyboard.press('Enter');
    await page.getByText('Larkmere: Reselect recorded (was Selection).').waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Not decided yet', exact: true }).waitFor();
    expect(await page.getByText('Not yet certain: the remaining units can still change the outcome.').isVisible()).toBe(true);
    expect(await page.getByText(/At least 1 more selection result could trigger a selection \(1 affiliate\)/).isVisible()).toBe(true);
  });

  it('confirms before deleting, and Cancel changes nothing', async () => {
    const { page } = t;
    await page.getByRole('navigation').getByRole('link', { name: 'Set-up' }).click();
    await page.getByRole('button', { name: 'Delete Willowgate East' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete Willowgate East?' });
    await dialog.waitFor();
    await t.shot('06-confirm-delete');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('heading', { name: 'Branches (3)' }).isVisible()).toBe(true);
  });

  it('a branch with a recorded result is withdrawn with a reason, never deleted', async () => {
    const { page } = t;
    expect(await page.getByRole('button', { name: 'Delete Larkmere' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Withdraw Larkmere' }).click();
    const dialog = page.getByRole('dialog', { name: 'Withdraw Larkmere?' });
    await dialog.getByText(/so it cannot be deleted\. Withdrawn, it is kept .* left out of the outcome/).waitFor();
    await dialog.getByRole('button', { name: 'Withdraw branch' }).click();
    await dialog.getByText('Say why Larkmere is withdrawn.').waitFor();
    await t.shot('07-confirm-withdraw');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByText(/withdrawn:/).count()).toBe(0);
  });

  it('after results, a change of timetable says what it does and needs a reason', async () => {
    const { page } = t;
    await page.getByLabel('Results close').fill('20/07/2026');
    await page.getByRole('heading', { name: 'What this change does' }).waitFor();
    await page.getByText(/Results are already recorded: the outcome is recomputed/).waitFor();
    await page.getByRole('button', { name: 'Save ballot' }).click();
    await page.getByText('Results have been recorded under this timetable and these rules: say why they change.').waitFor();
    await t.shot('08-ballot-change-reason');
    await page.getByLabel('Results close').fill('17/07/2026');
    await page.getByRole('heading', { name: 'What this change does' }).waitFor({ state: 'detached' });
  });

  it('finds everything still there after a reload and after a restart of the host', async () => {
    const { page } = t;
    await page.reload();
    await page.getByRole('navigation').getByRole('link', { name: 'Dashboard' }).click();
    await page.getByRole('heading', { name: 'Not decided yet', exact: true }).waitFor();
    await t.restart();
    await page.getByRole('heading', { name: 'Not decided yet', exact: true }).waitFor();
    await page.getByRole('navigation').getByRole('link', { name: 'Results' }).click();
    expect(await page.getByRole('group', { name: /Copperfield North/ }).getByLabel('Reselect').isChecked()).toBe(true);
    expect(await page.getByRole('group', { name: /Larkmere/ }).getByLabel('Reselect').isChecked()).toBe(true);
    expect(await page.getByRole('group', { name: /Willowgate East/ }).getByLabel('Not reported').isChecked()).toBe(true);
  });

  it('shows an intact audit trail of every change', async () => {
    const { page } = t;
    await page.getByRole('navigation').getByRole('link', { name: 'Audit trail' }).click();
    await page.getByRole('button', { name: 'Check the chain' }).click();
    await page.getByText(/Intact: all \d+ entries check out\./).waitFor();
    expect(await page.getByRole('cell', { name: /^Result of .+ recorded: / }).count()).toBe(6);
    await t.shot('07-audit');
  });

  it('names a result edited in the file behind Teller’s back', async () => {
    const { page } = t;
    editStoreDirectly(t.storePath, "UPDATE unit_result SET result = 'selection' WHERE branch_id = (SELECT id FROM branch WHERE name = 'Larkmere')");
    await page.getByRole('button', { name: 'Check the chain' }).click();
    await page.getByText(/entries check out, but the tables no longer match what they record/).waitFor();
    await page.getByText(/The result of branch \d+ \(Larkmere\): the result is "reselect" in the audit trail but "selection" in the unit_result table\./).waitFor();
    await t.shot('07b-audit-tables-differ');
  });
});
