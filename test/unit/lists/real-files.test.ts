import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Job, Snapshot, TellerState } from '../../../shared/api';
import { guessRegisterMapping, registerMappingProblems } from '../../../shared/lists/electoral-register-fields';
import { splitElectorName } from '../../../shared/lists/electoral-register-rows';
import { guessMapping, mappingProblems } from '../../../shared/lists/member-fields';
import { ruleStatus, suggestBranch } from '../../../shared/lists/member-vocabulary';
import { electorNameRegister, electorParts, excelSerial, messyMembershipList, monthlyUpdateRegister, REAL_DATE_FORMS, REAL_STATUSES, xpressRegister } from '../../../db/members/real-layouts';
import { syntheticMembers } from '../../../db/members/synthetic-members';
import { readListDate } from '../../../shared/lists/list-dates';
import { labour2021, openService, previewOf, setUpClp, tempDir } from '../db/fixtures';

const BRANCHES = ['Ashbrook West', 'Fernley South'];

function withFile(svc: ReturnType<typeof openService>, content: string, name = 'list.csv') {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return svc.service.staged.add(file);
}

function clp() {
  const svc = openService();
  setUpClp(svc);
  return svc;
}

/** The choices a secretary makes for the messy list: the statuses no rule reads, and each branch name the CLP does not have. */
const CHOICES = {
  statuses: [{ value: 'Pending', standing: 'not-good' as const }],
  branches: [
    { value: 'Ashbrook West Ward', branch: 'Ashbrook West' },
    { value: 'Ashbrook West Branch', branch: 'Ashbrook West' },
    { value: 'Fernley South Ward', branch: 'Fernley South' },
    { value: 'Fernley South Branch', branch: 'Fernley South' },
    { value: 'Old Market Ward', branch: null },
  ],
};

describe('statuses, branch names and dates as real lists write them', () => {
  it('reads each real status by rule, leaving only Pending for the user, and a blank one as unknown', () => {
    expect(Object.fromEntries(REAL_STATUSES.map((s) => [s, ruleStatus(s)]))).toEqual({
      Active: 'good-standing',
      'Arrears (3 months)': 'arrears',
      'In Arrears - 2 months': 'arrears',
      'Lapsed - Arrears': 'lapsed',
      'Administratively Suspended': 'suspended',
      Deceased: 'not-good-standing',
      New: 'good-standing',
      'New Member': 'good-standing',
      Pending: null,
      Reinstated: 'good-standing',
      Honorary: 'good-standing',
      'Active (Direct Debit)': 'good-standing',
      '': 'unknown',
    });
    expect(ruleStatus('  ACTIVE  ')).toBe('good-standing');
    expect(ruleStatus('Not in arrears')).toBeNull();
    expect(ruleStatus('Awaiting payment')).toBeNull();
  });

  it('suggests the CLP branch a list’s branch name means', () => {
    const branches = ['Castle Hythe', 'Old Town', 'Castleford'];
    expect(suggestBranch('Castle Hythe Ward', branches)).toBe('Castle Hythe');
    expect(suggestBranch('Castle Hythe Branch', branches)).toBe('Castle Hythe');
    expect(suggestBranch('castle-hythe', branches)).toBe('Castle Hythe');
    expect(suggestBranch('Old Town BLP', branches)).toBe('Old Town');
    expect(suggestBranch('Old Market Ward', branches)).toBeNull();
  });

  it('reads every date form of the generated list as the same day', () => {
    for (const form of REAL_DATE_FORMS) expect(readListDate(form(2021, 5, 9), '2026-06-14'), form(2021, 5, 9)).toEqual({ kind: 'date', iso: '2021-05-09', excelSerial: false });
    expect(excelSerial(2021, 5, 9)).toBe('44325');
  });

  it('maps the headers of a real membership export, the roll number and continuous membership among them', () => {
    const header = messyMembershipList([]).split('\r\n')[0]!.split(',');
    expect(guessMapping(header)).toEqual(['membershipNumber', 'firstName', 'lastName', 'address', 'address', 'postcode', 'branch', 'joinDate', 'continuousSince', 'status', 'rollNumber', null]);
    expect(mappingProblems(guessMapping(header))).toEqual([]);
  });

  it('says a one-column header is a separator problem, not a missing field', () => {
    expect(mappingProblems(guessMapping(['Membership No|Surname|Postcode']))).toEqual([
      'Teller found only one column in the header row, so the values are not separated by commas, semicolons or tabs. Save the list as CSV or tab-separated text and try again.',
    ]);
  });
});

describe('a messy membership list through the Api', () => {
  const members = syntheticMembers(130, BRANCHES, 5);

  for (const [separator, name] of [
    [',', 'comma'],
    [';', 'semicolon'],
    ['\t', 'tab'],
  ] as const) {
    it(`previews a ${name}-separated list with its unknown statuses and branch names counted`, () => {
      const svc = clp();
      const fileId = withFile(svc, messyMembershipList(members, { separator }));
      const preview = previewOf(svc, { kind: 'members', fileId, asAt: '2026-04-30' });
      expect(preview.problems).toEqual([]);
      expect(preview.rows).toBe(130);
      expect(preview.rejected).toEqual([]);
      expect(preview.statuses.find((s) => s.value === 'Pending')).toEqual({ value: 'Pending', count: 10, status: null, by: null });
      expect(preview.statuses.find((s) => s.value === '')).toEqual({ value: '', count: 10, status: 'unknown', by: 'rule' });
      const unmatched = preview.branches.filter((b) => b.branch === null).map((b) => [b.value, b.suggestion]);
      expect(unmatched).toEqual(
        expect.arrayContaining([
          ['Ashbrook West Ward', 'Ashbrook West'],
          ['Fernley South Branch', 'Fernley South'],
          ['Old Market Ward', null],
        ]),
      );
      expect(preview.branches.find((b) => b.value === 'Old Market Ward')?.count).toBe(3);
      // Rows waiting on a choice are neither imported nor rejected until the user says.
      expect(preview.valid + preview.held).toBe(130);
      expect(preview.held).toBeGreaterThan(0);
      expect(preview.warnings).toEqual([
        '2 dates are written as a spreadsheet’s day numbers (line 51: "' + (preview.warnings[0]?.match(/"(\d+)"/)?.[1] ?? '') + '" is read as ' + (preview.warnings[0]?.match(/read as ([^)]+)\)/)?.[1] ?? '') + '). Check a few against the party system before importing.',
      ]);
      expect(preview.warnings[0]).toMatch(/line 51: "\d{5}" is read as \d{1,2} \w+ \d{4}/);
    });
  }

  it('refuses the import while statuses or branch names are unmapped, naming them with the rows each has, and writes nothing', () => {
    const svc = clp();
    const fileId = withFile(svc, messyMembershipList(members, { separator: '\t' }));
    const before = svc.ok<TellerState>('getState');
    const job = svc.ok<Job>('startImport', { kind: 'members', fileId });
    expect(job.state).toBe('failed');
    expect(job.message).toMatch(/^Nothing was imported: Teller does not know how to read the status "Pending" \(10 rows\), and the branch names .*"Old Market Ward" \(3 rows\)/);
    expect(job.unmapped?.statuses).toEqual([{ value: 'Pending', count: 10 }]);
    expect(job.unmapped?.branches.map((b) => b.value).sort()).toEqual(['Ashbrook West Branch', 'Ashbrook West Ward', 'Fernley South Branch', 'Fernley South Ward', 'Old Market Ward']);
    expect(svc.ok<Snapshot[]>('listSnapshots', { kind: 'members' })).toEqual([]);
    expect(svc.ok<TellerState>('getState')).toEqual(before);
  });

  it('imports under the user’s choices, keeping what the list says, and remembers the choices for the next list', () => {
    const svc = clp();
    const fileId = withFile(svc, messyMembershipList(members));
    const preview = previewOf(svc, { kind: 'members', fileId, ...CHOICES, asAt: '2026-04-30' });
    expect(preview.held).toBe(0);
    expect(preview.branches.find((b) => b.value === 'Old Market Ward')).toMatchObject({ branch: null, refused: true, by: 'choice' });
    expect(preview.rejected.map((r) => r.reason)).toEqual(Array(3).fill('The branch "Old Market Ward" is not one of the CLP’s branches, and was refused at import'));
    const job = svc.ok<Job>('startImport', { kind: 'members', fileId, ...CHOICES, asAt: '2026-04-30' });
    expect(job).toMatchObject({ state: 'done', done: 127 });
    const snapshot = svc.ok<Snapshot[]>('listSnapshots', { kind: 'members' })[0]!;
    expect(snapshot).toMatchObject({ asAt: '2026-04-30', imported: 127 });
    const db = svc.service.store.db;
    const rows = db.prepare('SELECT number, branch, status, status_text, roll_number, continuous_since, join_date FROM member ORDER BY id').all() as Record<string, string | null>[];
    expect(new Set(rows.map((r) => r.branch))).toEqual(new Set(BRANCHES));
    const byStatus = (text: string) => rows.find((r) => r.status_text === text)?.status;
    expect([byStatus('Deceased'), byStatus(''), byStatus('Pending'), byStatus('Arrears (3 months)'), byStatus('Honorary')]).toEqual(['not-good-standing', 'unknown', 'not-good-standing', 'arrears', 'good-standing']);
    const e = electorParts(0);
    expect(rows[0]).toMatchObject({ number: members[0]!.number, roll_number: `${e.prefix}-${e.number}/${e.suffix}`, continuous_since: null });
    expect(rows[3]!.continuous_since).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    // The next list with the same words needs no choices.
    const again = previewOf(svc, { kind: 'members', fileId: withFile(svc, messyMembershipList(members)) });
    expect(again.held).toBe(0);
    expect(again.statuses.find((s) => s.value === 'Pending')).toMatchObject({ status: 'not-good-standing', by: 'choice' });
    const log = svc.ok<{ action: string }[]>('getAuditLog', { limit: 5 }).map((l) => l.action);
    expect(log).toContain('members.list-words');
  });

  it('warns when the list is as at a day after the ballot’s freeze date', () => {
    const svc = clp();
    const fileId = withFile(svc, messyMembershipList(members.slice(0, 5)));
    const late = previewOf(svc, { kind: 'members', fileId, asAt: '2026-05-20' });
    expect(late.asAt).toBe('2026-05-20');
    expect(late.warnings).toContain(
      'The list is as at 20 May 2026, after the ballot’s freeze date 1 May 2026: members who joined, moved or lapsed since the freeze date may be in the wrong branch or standing. Use a list exported as at the freeze date if you can.',
    );
    expect(previewOf(svc, { kind: 'members', fileId, asAt: '2026-05-01' }).warnings.join(' ')).not.toMatch(/freeze date/);
  });

  it('never reads a branch name as a branch the CLP does not have', () => {
    const svc = clp();
    const fileId = withFile(svc, messyMembershipList(members));
    const r = svc.call('startImport', { kind: 'members', fileId, ...CHOICES, branches: [{ value: 'Old Market Ward', branch: 'Old Market' }] });
    expect(r.ok ? null : r.error.message).toBe('"Old Market" is not one of the CLP’s branches, so "Old Market Ward" cannot be read as it. Choose one of its branches, or refuse the name.');
    expect(svc.ok<Snapshot[]>('listSnapshots', { kind: 'members' })).toEqual([]);
  });

  it('a CLP with no branches yet is told of one branch name in the singular', () => {
    const svc = openService();
    svc.ok('saveClp', { name: 'Ashbrook and Larkhill', code: 'E14009999', mpName: 'Imogen Carrow' });
    const oneBranch = syntheticMembers(1, ['Ashbrook West'], 4);
    const preview = previewOf(svc, { kind: 'members', fileId: withFile(svc, messyMembershipList(oneBranch, { strangerEvery: 1000 })) });
    expect(preview.branches.map((b) => b.value)).toHaveLength(1);
    expect(preview.warnings).toContain('The CLP has no branches yet, so the list’s one branch name is taken as it is.');
  });

  it('a CLP with no branches yet takes the list’s names as they are, and makes them its branches when asked', () => {
    const svc = openService();
    svc.ok('saveClp', { name: 'Ashbrook and Larkhill', code: 'E14009999', mpName: 'Imogen Carrow' });
    svc.ok('saveBallot', { freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: labour2021 });
    const list = messyMembershipList(members.slice(0, 20), { strangerEvery: 1000 }).replace(/\tPending\t|,Pending,/g, (m) => m.replace('Pending', 'Active'));
    const fileId = withFile(svc, list);
    const preview = previewOf(svc, { kind: 'members', fileId });
    expect(preview.branches.every((b) => b.by === 'as-is' && b.branch === b.value)).toBe(true);
    expect(preview.warnings).toContain(`The CLP has no branches yet, so the list’s ${preview.branches.length} branch names are taken as they are.`);
    expect(svc.ok<Job>('startImport', { kind: 'members', fileId, createBranches: true }).state).toBe('done');
    expect(
      svc
        .ok<TellerState>('getState')
        .branches.map((b) => b.name)
        .sort(),
    ).toEqual(preview.branches.map((b) => b.value).sort());
  });
});

describe('electoral registers in their three layouts', () => {
  const members = syntheticMembers(40, BRANCHES, 9);

  it('maps each layout’s headers without help', () => {
    const head = (text: string) => text.split('\r\n')[0]!.split(/\t|,/);
    const xpress = guessRegisterMapping(head(xpressRegister(members)));
    expect(xpress).toEqual(['electorPrefix', 'electorNumber', 'electorSuffix', 'franchise', 'dob', 'surname', 'forenames', 'postcode', 'address', 'address', 'address', 'address', 'address', 'address']);
    const named = guessRegisterMapping(head(electorNameRegister(members)));
    expect(named.slice(0, 7)).toEqual(['electorPrefix', 'electorNumber', 'electorSuffix', 'franchise', 'dob', 'electorName', 'postcode']);
    const monthly = guessRegisterMapping(head(monthlyUpdateRegister(members)));
    expect(monthly).toEqual(['electorNumber', 'franchise', 'dob', 'surname', 'forenames', 'address', 'address', 'address', 'address', 'address', 'postcode']);
    for (const m of [xpress, named, monthly]) expect(registerMappingProblems(m)).toEqual([]);
  });

  it('splits one Elector Name into surname and forenames', () => {
    expect(splitElectorName('SMITH, John Paul')).toEqual({ surname: 'SMITH', forenames: 'John Paul' });
    expect(splitElectorName("O'NEILL,Siân")).toEqual({ surname: "O'NEILL", forenames: 'Siân' });
    expect(splitElectorName('SMITH John')).toEqual({ surname: 'SMITH', forenames: 'John' });
    expect(splitElectorName('John Smith')).toEqual({ surname: 'Smith', forenames: 'John' });
    expect(splitElectorName('Cher')).toEqual({ surname: 'Cher', forenames: '' });
  });

  for (const [layout, text] of [
    ['Xpress (14 fields, tab)', xpressRegister(members, 60)],
    ['Elector Name (13 fields, tab)', electorNameRegister(members, 60)],
    ['monthly update', monthlyUpdateRegister(members, 60)],
  ] as const) {
    it(`imports the ${layout} layout whole, with markers and dates of birth kept`, () => {
      const svc = clp();
      const fileId = withFile(svc, text, 'register.tsv');
      const preview = previewOf(svc, { kind: 'register', fileId });
      expect(preview).toMatchObject({ problems: [], rows: 60, valid: 60, rejected: [] });
      expect(svc.ok<Job>('startImport', { kind: 'register', fileId, mapping: preview.mapping })).toMatchObject({ state: 'done', done: 60 });
      const rows = svc.service.store.db.prepare('SELECT elector, surname, forenames, address, postcode, franchise, dob FROM register_entry ORDER BY id').all() as {
        elector: string;
        surname: string;
        forenames: string;
        address: string;
        postcode: string;
        franchise: string;
        dob: string;
      }[];
      const e = electorParts(0);
      expect(rows[0]).toMatchObject({ elector: `${e.prefix}-${e.number}/${e.suffix}`, postcode: members[0]!.postcode });
      expect(rows[0]!.surname.toLowerCase()).toBe(members[0]!.last.toLowerCase());
      expect(rows[0]!.forenames).toBe(`${members[0]!.first} Anne`);
      expect(rows[0]!.address).toBe(`Flat 1, ${members[0]!.street}, ${members[0]!.town}`);
      expect(rows[0]!.dob).toMatch(/^19\d\d-\d\d-\d\d$/);
      expect(rows.some((r) => r.franchise !== '')).toBe(true);
      expect(rows.filter((r) => r.franchise !== '').every((r) => ['E', 'K', 'F', 'G'].includes(r.franchise))).toBe(true);
    });
  }

  it('says which name columns are missing, not that the elector number is', () => {
    expect(registerMappingProblems(guessRegisterMapping(['Elector Number', 'PostCode', 'Address1']))).toEqual(['Map both Surname and Forenames, or one Name column written "SURNAME, Forenames".']);
  });
});
