import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticMembers, syntheticMembershipCsv } from '../../db/members/synthetic-members';
import type { AuditEntry, MeetingView, TellerState } from '../../shared/api';
import { importMembers, startTeller, type Running } from './harness';

/*
 * A whole evening at the door, by keyboard alone: no click, no mouse, and after every step the
 * focus is back in the search box, ready for the next name.
 */

let t: Running;
const BRANCHES = ['Castle Hythe', 'Saltmarsh', 'Deepdene'];

beforeAll(async () => {
  t = await startTeller((service, dir) => {
    const svc = service.handlers;
    svc.saveClp({ name: 'Hythe and Saltmarsh', code: null, mpName: 'Rhian Beddoe' });
    for (const name of BRANCHES) svc.addBranch({ name });
    svc.saveBallot({ freezeDate: '2026-05-31', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: { id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' } });
    const members = syntheticMembers(3000, BRANCHES, 23);
    const person = (i: number, number: string, first: string, last: string, branch: string, status = 'Active', joined = '01/02/2015') => {
      members[i] = { ...members[i]!, number, first, last, branch, status, joined };
    };
    // Six Olivia T.s: the meeting's own (Castle Hythe) sorts last by name, and must come first.
    person(0, 'H0700001', 'Olivia', 'Tabor', 'Saltmarsh');
    person(1, 'H0700002', 'Olivia', 'Tanner', 'Deepdene');
    person(2, 'H0700003', 'Olivia', 'Tate', 'Saltmarsh');
    person(3, 'H0700004', 'Olivia', 'Thorne', 'Deepdene');
    person(4, 'H0700005', 'Olivia', 'Trent', 'Saltmarsh');
    person(5, 'H0700006', 'Olivia', 'Twist', 'Castle Hythe');
    // Two John Smiths at the same branch: the wrong one gets checked in.
    person(6, 'H0700007', 'Johnathan', 'Smithers', 'Castle Hythe');
    person(7, 'H0700008', 'Johnathan', 'Smithson', 'Castle Hythe');
    person(8, 'H0700009', 'Idris', 'Quarmby', 'Castle Hythe', 'Arrears');
    person(9, 'H0700010', 'Nuala', 'Yeadon', 'Saltmarsh');
    person(10, 'H0700011', 'Perpetua', 'Newcombe', 'Castle Hythe', 'Active', '01/03/2026');
    const file = path.join(dir, 'members.csv');
    fs.writeFileSync(file, syntheticMembershipCsv(members));
    importMembers(service, file);
    const state = svc.getState({});
    const hythe = state.branches.find((b) => b.name === 'Castle Hythe')!;
    const saltmarsh = state.branches.find((b) => b.name === 'Saltmarsh')!;
    svc.scheduleMeeting({ branchId: hythe.id, date: '2026-06-10' });
    svc.scheduleMeeting({ branchId: saltmarsh.id, date: '2026-06-12' });
  });
  await t.page.setViewportSize({ width: 1366, height: 768 });
});
afterAll(async () => {
  await t?.stop();
});

const focusedId = () => t.page.evaluate<string | null>('document.activeElement?.id || document.activeElement?.tagName || null');
/** Goes to a page of the app by its address, as typing it would (no click). */
const goTo = (hash: string) => t.page.evaluate(`window.location.hash = ${JSON.stringify(hash)}`);

/** The focus is in the search box: the next name typed goes where it should. */
async function expectSearchFocused(step: string) {
  await t.page.waitForFunction("document.activeElement?.id === 'desk-search'", undefined, { timeout: 3000 }).catch(() => undefined);
  expect(await focusedId(), `focus after ${step}`).toBe('desk-search');
}

/** Types a query the way a person does, a key at a time, and waits for the verdict once typing pauses. */
async function lookUp(query: string, verdict: string | RegExp) {
  await t.page.keyboard.type(query, { delay: 30 });
  await t.page.locator('.verdict-card:not(.small) .verdict-word').filter({ hasText: verdict }).waitFor();
}

async function counts(): Promise<string> {
  return (await t.page.locator('.desk-counts').innerText()).replace(/\s+/g, ' ');
}

describe('an evening at the door desk, by keyboard alone', () => {
  it('asks who is at the desk, and opens the open meeting nearest today outside the timetable', async () => {
    const { page } = t;
    await goTo('#/desk');
    await page.getByRole('heading', { name: 'Open the door desk' }).waitFor();
    // Nobody yet: the first field is who is at the desk, focused.
    expect(await page.evaluate<string | null>('document.activeElement?.labels?.[0]?.textContent ?? null')).toBe('Who is at the desk');
    // Today (the machine's date) is outside the June–July timetable: the branch's open meeting is offered.
    expect(await page.getByLabel('Meeting date').inputValue()).toBe('10/06/2026');
    await page.getByText(/is outside the ballot’s timetable \(1 June 2026 to 17 July 2026\): check the meeting date\./).waitFor();
    await page.keyboard.type('Sam Okafor');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Door desk: Castle Hythe, 10 June 2026' }).waitFor();
    await expectSearchFocused('opening the desk');
    await page.getByText('At the desk: Sam Okafor').waitFor();
  });

  it('ranks the own branch first, says how many more, and shows no verdict until typing pauses', async () => {
    const { page } = t;
    // Record when a verdict card first appears, against when the last key went down.
    await page.evaluate(`(() => {
      window.verdictAt = null;
      window.lastKeyAt = 0;
      document.addEventListener('keydown', () => (window.lastKeyAt = performance.now()), true);
      new MutationObserver(() => {
        if (window.verdictAt === null && document.querySelector('.verdict-card')) window.verdictAt = performance.now();
      }).observe(document.body, { childList: true, subtree: true });
    })()`);
    await page.keyboard.type('olivia t', { delay: 60 });
    await page.locator('.verdict-card').waitFor();
    const { verdictAt, lastKeyAt } = await page.evaluate<{ verdictAt: number; lastKeyAt: number }>('({ verdictAt: window.verdictAt, lastKeyAt: window.lastKeyAt })');
    expect(verdictAt - lastKeyAt, 'the verdict waited for the typing to pause').toBeGreaterThan(250);
    const options = page.getByRole('option');
    expect(await options.first().innerText()).toMatch(/Olivia Twist\s+H0700006 · .* · Castle Hythe/);
    expect(await options.count()).toBeGreaterThanOrEqual(6);
    await t.shot('40-desk-own-branch-first', false);
    await page.keyboard.press('Escape');
    await expectSearchFocused('Esc');
    // A short query matches hundreds: twelve shown, and how many more.
    await page.keyboard.type('a', { delay: 30 });
    await page.getByText(/^\d+ more — keep typing$/).waitFor();
    expect(await options.count()).toBe(12);
    await page.keyboard.press('Escape');
  });

  it('checks a member in with Enter, and undoes a wrong check-in with a reason', async () => {
    const { page } = t;
    await lookUp('olivia tw', 'ELIGIBLE');
    await page.keyboard.press('Enter');
    await page.getByText('Olivia Twist: checked in.').waitFor();
    await expectSearchFocused('check-in');

    // The wrong Johnathan: Smithers was meant, Smithson checked in.
    await lookUp('johnathan smithson', 'ELIGIBLE');
    await page.keyboard.press('Enter');
    await page.getByText('Johnathan Smithson: checked in.').waitFor();
    await expectSearchFocused('the wrong check-in');
    expect(await counts()).toMatch(/Checked in 2 Eligible checked in 2 Refused 0/);

    await lookUp('johnathan smithson', 'ALREADY CHECKED IN');
    await page.keyboard.press('Enter');
    const said = await page.locator('.desk-message').innerText();
    expect(said).toMatch(/^Johnathan Smithson was already checked in at .* and cannot be counted twice\. If that check-in was a mistake, press Alt\+U to undo it\.$/);
    await expectSearchFocused('Enter on someone already here');
    await page.keyboard.press('Alt+u');
    await page.getByRole('heading', { name: /^Undo: the check-in of Johnathan Smithson at / }).waitFor();
    expect(await focusedId()).not.toBe('desk-search');
    await page.keyboard.press('Enter'); // no reason yet: refused, nothing changes
    await page.getByText('Write why this is being undone: it is recorded in the audit trail.').waitFor();
    await page.keyboard.type('Wrong Johnathan: Smithers was meant');
    await page.keyboard.press('Enter');
    await page.getByText(/^Undone: the check-in of Johnathan Smithson at .*\.$/).waitFor();
    await expectSearchFocused('undo');
    expect(await counts()).toMatch(/Checked in 1 Eligible checked in 1 Refused 0/);

    await lookUp('johnathan smithers', 'ELIGIBLE');
    await page.keyboard.press('Enter');
    await page.getByText('Johnathan Smithers: checked in.').waitFor();
    await expectSearchFocused('the right check-in');
  });

  it('refuses with Alt+R, the reasons kept in view, and the note sent with Enter', async () => {
    const { page } = t;
    await lookUp('nuala yeadon', 'NOT ELIGIBLE');
    await page.keyboard.press('Alt+r');
    await page.getByRole('heading', { name: 'Refuse Nuala Yeadon' }).waitFor();
    // The form says the reasons above are recorded: they are there, above it.
    expect(await page.locator('.verdict-card.small').getByText('lives in Saltmarsh branch, this is Castle Hythe').isVisible()).toBe(true);
    await page.getByLabel('Note (optional; the reasons above are recorded anyway)').waitFor();
    await t.shot('41-desk-refusal-form', false);
    await page.keyboard.type('Told where her own meeting is');
    await page.keyboard.press('Enter');
    await page.getByText('Nuala Yeadon: refusal recorded.').waitFor();
    await expectSearchFocused('Alt+R refusal');

    // The freeze rule, in words.
    await lookUp('perpetua newcombe', 'NOT ELIGIBLE');
    await page.getByText('joined less than 6 months before the freeze date (31 May 2026)').waitFor();
    await page.keyboard.press('Escape');
  });

  it('takes the chair’s override with Alt+O: Shift+Enter for a new line, Enter to record', async () => {
    const { page } = t;
    await lookUp('idris quarmby', 'NOT ELIGIBLE');
    await page.keyboard.press('Alt+o');
    await page.getByRole('heading', { name: "Chair's override for Idris Quarmby" }).waitFor();
    expect(await page.locator('.verdict-card.small').getByText('in arrears').isVisible()).toBe(true);
    await page.keyboard.type('Arrears paid at the door.');
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.type('Receipt 0412 seen by the chair.');
    expect(await page.getByLabel("The chair's reason").inputValue()).toBe('Arrears paid at the door.\nReceipt 0412 seen by the chair.');
    await page.keyboard.press('Enter');
    await page.getByText("Idris Quarmby: checked in on the chair's override.").waitFor();
    await expectSearchFocused('Alt+O override');
  });

  it('records someone not on the list with Alt+N, starting from the name just typed', async () => {
    const { page } = t;
    await page.keyboard.type('Ffion Ystradgynlais', { delay: 20 });
    await page.getByText('No member found. Check the spelling').waitFor();
    await page.keyboard.press('Alt+n');
    await page.getByRole('heading', { name: 'Someone not on the list' }).waitFor();
    expect(await page.getByLabel('Name they gave').inputValue()).toBe('Ffion Ystradgynlais');
    await page.keyboard.press('Tab');
    await page.keyboard.type('says he joined last week, 4 Rope Walk');
    await page.keyboard.press('Enter');
    await page.getByText('Ffion Ystradgynlais: refusal recorded.').waitFor();
    await expectSearchFocused('not on the list');
    expect(await counts()).toMatch(/Checked in 3 Eligible checked in 2 Refused 2 Overrides 1 Provisional 0/);
  });

  it('undoes an entry from the log by keyboard, and cancels forms with Esc', async () => {
    const { page } = t;
    // Tab from the search box to the log's Undo button for the walk-in.
    let reached = false;
    for (let i = 0; i < 30 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate<string>("document.activeElement?.getAttribute('aria-label') ?? ''")).startsWith('Undo refused: Ffion Ystradgynlais');
    }
    expect(reached).toBe(true);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: /^Undo: refused: Ffion Ystradgynlais/ }).waitFor();
    await page.keyboard.press('Escape');
    await expectSearchFocused('Esc on the undo form');
    expect(await counts()).toMatch(/Refused 2/);

    await lookUp('idris quarmby', 'ALREADY CHECKED IN');
    await page.keyboard.press('Alt+r'); // not offered for someone already here: nothing opens
    expect(await page.getByRole('heading', { name: 'Refuse Idris Quarmby' }).count()).toBe(0);
    await expectSearchFocused('Alt+R where it is not offered');
    await page.keyboard.press('Escape');
  });

  it('has a full window that fits the desk at 1024×700 and shows many matches at 1366×768', async () => {
    const { page } = t;
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await page.evaluate<string | null>('document.activeElement?.textContent ?? null')).toBe('Full window');
    await page.keyboard.press('Enter');
    await expectSearchFocused('entering the full window');
    expect(await page.locator('.app-header').isVisible()).toBe(false);

    await lookUp('idris quarmby', 'ALREADY CHECKED IN');
    await page.keyboard.press('Escape');
    await lookUp('nuala', /ELIGIBLE/);
    await page.keyboard.press('Escape');
    await lookUp('perpetua newcombe', 'NOT ELIGIBLE');
    await t.shot('42-desk-full-1366x768', false);
    await page.setViewportSize({ width: 1024, height: 700 });
    await t.shot('43-desk-full-1024x700', false);
    const fits = await page.evaluate<{ scrolls: boolean; search: number; reasons: number; actions: number; height: number }>(`(() => {
      const bottom = (sel) => document.querySelector(sel).getBoundingClientRect().bottom;
      return {
        scrolls: document.documentElement.scrollHeight > window.innerHeight,
        search: bottom('#desk-search'),
        reasons: bottom('.verdict-reasons'),
        actions: bottom('.verdict-actions'),
        height: window.innerHeight,
      };
    })()`);
    expect(fits.scrolls).toBe(false);
    for (const what of ['search', 'reasons', 'actions'] as const) expect(fits[what], what).toBeLessThanOrEqual(fits.height);

    // Many matches at once, all in view.
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 1366, height: 768 });
    await lookUp('olivia', 'ALREADY CHECKED IN');
    const visible = await page.evaluate<number>(`(() => {
      const list = document.querySelector('#desk-results').getBoundingClientRect();
      return [...document.querySelectorAll('#desk-results li')].filter((li) => {
        const r = li.getBoundingClientRect();
        return r.top >= list.top && r.bottom <= Math.min(list.bottom, window.innerHeight);
      }).length;
    })()`);
    expect(visible).toBeGreaterThanOrEqual(6);
    await t.shot('44-desk-full-matches-1366x768', false);

    // Esc clears, and Esc again leaves the full window.
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
    await page.locator('.app-header').waitFor();
    await expectSearchFocused('leaving the full window');
  });

  it('fits the ordinary desk at both sizes too, photographed', async () => {
    const { page } = t;
    await lookUp('olivia', 'ALREADY CHECKED IN');
    await t.shot('45-desk-1366x768', false);
    await page.setViewportSize({ width: 1024, height: 700 });
    await t.shot('46-desk-1024x700', false);
    await page.setViewportSize({ width: 1366, height: 768 });
    await page.keyboard.press('Escape');
    await expectSearchFocused('Esc');
  });

  it('remembers the open desk across pages, and records who was at the desk', async () => {
    const { page } = t;
    await goTo('#/meetings');
    await page.getByRole('heading', { name: 'Door desk: Castle Hythe, 10 June 2026' }).waitFor({ state: 'detached' });
    await goTo('#/desk');
    await page.getByRole('heading', { name: 'Door desk: Castle Hythe, 10 June 2026' }).waitFor();
    await expectSearchFocused('coming back to the desk');
    expect(await counts()).toMatch(/Checked in 3 Eligible checked in 2 Refused 2 Overrides 1/);

    const log = await t.call<AuditEntry[]>('getAuditLog', { limit: 50 });
    const desk = log.filter((e) => e.action.startsWith('checkin.'));
    expect(desk.map((e) => e.action).reverse()).toEqual([
      'checkin.admitted',
      'checkin.admitted',
      'checkin.undo',
      'checkin.admitted',
      'checkin.refused',
      'checkin.override',
      'checkin.walk-in-refused',
    ]);
    expect(new Set(desk.map((e) => e.actor))).toEqual(new Set(['Sam Okafor (door desk)']));
    // The meeting's own figures follow the undo.
    const meetingId = (await t.call<{ id: number; branch: string }[]>('listMeetings')).find((m) => m.branch === 'Castle Hythe')!.id;
    expect((await t.call<MeetingView>('getMeeting', { meetingId })).deskFigures).toMatchObject({ attendance: 3, eligibleAttendance: 2, refused: 2, overrides: 1 });
    expect((await t.call<TellerState>('getState')).audit.entries).toBeGreaterThan(desk.length);
  });
});
