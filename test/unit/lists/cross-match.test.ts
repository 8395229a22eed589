import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeskMember, MatchSummary, RegisterMatchRow, TellerState } from '../../../shared/api';
import { crossMatch, homeKey, personKey } from '../../../shared/lists/cross-match';
import { guessRegisterMapping } from '../../../shared/lists/electoral-register-fields';
import { openService, setUpClp, tempDir, previewOf } from '../db/fixtures';

describe('matching people on the register', () => {
  it('compares names without case, accents, punctuation or short forms', () => {
    expect(personKey('Zoë Anne', "O'Dwyer")).toBe(personKey('ZOE', 'ODWYER'));
    expect(personKey('Bob', 'Ashworth')).toBe(personKey('Robert James', 'Ashworth'));
    expect(personKey('Liz', 'Carrow')).toBe(personKey('Elizabeth', 'Carrow'));
    expect(personKey('Ann', 'Ashworth')).not.toBe(personKey('Anna', 'Ashworth'));
  });

  it('tells homes apart by house number', () => {
    expect(homeKey('12 Mill Lane, Ashbrook')).toBe(homeKey('12, MILL LANE'));
    expect(homeKey('12a Mill Lane')).not.toBe(homeKey('12 Mill Lane'));
  });

  it('classifies each member as matched, matched elsewhere or not found, with the evidence', () => {
    const entries = [
      { id: 1, elector: 'AB-12/0', forenames: 'Robert', surname: 'Ashworth', address: '12 Mill Lane', postcode: 'AB1 2CD' },
      { id: 2, elector: 'AB-13/0', forenames: 'Siân', surname: 'Hollins', address: '40 Beck Side', postcode: 'AB9 9ZZ' },
    ];
    const members = [
      { id: 10, fullName: 'Bob Ashworth', firstName: 'Bob', lastName: 'Ashworth', address: '12 Mill Lane, Ashbrook', postcode: 'AB1 2CD' },
      { id: 11, fullName: 'Sian Hollins', firstName: 'Sian', lastName: 'Hollins', address: '3 Chapel Street', postcode: 'AB1 2CD' },
      { id: 12, fullName: 'Kwame Lomax', firstName: '', lastName: '', address: '5 Orchard Way', postcode: 'AB1 2CD' },
    ];
    expect(crossMatch(members, entries)).toEqual([
      { memberId: 10, status: 'matched', entryId: 1, evidence: 'AB-12/0: Robert Ashworth, 12 Mill Lane, AB1 2CD' },
      { memberId: 11, status: 'matched-elsewhere', entryId: 2, evidence: 'AB-13/0: Siân Hollins, 40 Beck Side, AB9 9ZZ' },
      { memberId: 12, status: 'not-found', entryId: null, evidence: 'No Kwame Lomax on the register' },
    ]);
  });

  it('maps council headers, with the elector number in three parts', () => {
    expect(guessRegisterMapping(['PD', 'ENO', 'Suffix', 'Surname', 'Forenames', 'Address 1', 'Address 2', 'Postcode', 'Franchise Flag', 'Date of Attainment'])).toEqual([
      'electorPrefix',
      'electorNumber',
      'electorSuffix',
      'surname',
      'forenames',
      'address',
      'address',
      'postcode',
      'franchise',
      null,
    ]);
  });
});

describe('the electoral register through the Api', () => {
  function withRegister() {
    const svc = openService();
    setUpClp(svc);
    const dir = tempDir();
    const members = path.join(dir, 'members.csv');
    fs.writeFileSync(
      members,
      [
        'Membership Number,First Name,Last Name,Address 1,Postcode,Branch,Join Date,Status',
        'L1,Bob,Ashworth,12 Mill Lane,AB1 2CD,Ashbrook West,01/01/2019,Active',
        'L2,Sian,Hollins,3 Chapel Street,AB1 2CD,Ashbrook West,01/01/2019,Active',
        'L3,Kwame,Lomax,5 Orchard Way,AB1 2CD,Ashbrook West,01/01/2019,Active',
      ].join('\n'),
    );
    const m = svc.service.staged.add(members);
    svc.ok('startImport', { kind: 'members', fileId: m, mapping: previewOf(svc, { kind: 'members', fileId: m }).mapping });
    const register = path.join(dir, 'register.csv');
    fs.writeFileSync(
      register,
      ['PD,ENO,Suffix,Surname,Forenames,Address 1,Postcode,Franchise Flag', 'AB,12,0,Ashworth,Robert,12 Mill Lane,AB1 2CD,', 'AB,13,1,Hollins,Siân,40 Beck Side,AB9 9ZZ,G', 'AB,14,,,,1 Nowhere,AB1 2CD,'].join('\n'),
    );
    const r = svc.service.staged.add(register);
    const preview = previewOf(svc, { kind: 'register', fileId: r });
    return { svc, preview, registerFileId: r };
  }

  it('previews and imports a register, then cross-matches it', () => {
    const { svc, preview, registerFileId } = withRegister();
    expect(preview).toMatchObject({ rows: 3, valid: 2, rejected: [{ line: 4, reason: 'The surname is missing' }] });
    expect(preview.sample.rows[1]).toEqual(['3', 'AB-13/1', 'Siân Hollins', '40 Beck Side', 'AB9 9ZZ', 'G']);
    svc.ok('startImport', { kind: 'register', fileId: registerFileId, mapping: preview.mapping });
    const summary = svc.ok<MatchSummary>('crossMatchRegister');
    expect(summary).toMatchObject({ matched: 1, matchedElsewhere: 1, notFound: 1 });
    expect(svc.ok<MatchSummary>('getMatchSummary')).toEqual(summary);
    const notFound = svc.ok<RegisterMatchRow[]>('listRegisterMatches', { status: 'not-found', limit: 50 });
    expect(notFound).toEqual([{ memberId: expect.any(Number) as unknown, number: 'L3', name: 'Kwame Lomax', postcode: 'AB1 2CD', status: 'not-found', evidence: 'No Kwame Lomax on the register' }]);
    const log = svc.ok<{ action: string }[]>('getAuditLog', { limit: 5 });
    expect(JSON.stringify(log)).not.toMatch(/Ashworth|Hollins|Lomax/);
  });

  it('lets the door desk require a register match', () => {
    const { svc, preview, registerFileId } = withRegister();
    svc.ok('startImport', { kind: 'register', fileId: registerFileId, mapping: preview.mapping });
    svc.ok('crossMatchRegister');
    svc.ok('saveEligibility', { minMonths: 6, goodStanding: ['good-standing'], branchMustMatch: true, registerRequired: true });
    const branch = svc.ok<TellerState>('getState').branches.find((b) => b.name === 'Ashbrook West')!;
    const meetingId = svc.ok<{ id: number }>('scheduleMeeting', { branchId: branch.id, date: '2026-06-10' }).id;
    const verdict = (q: string) => svc.ok<DeskMember[]>('searchMembers', { meetingId, query: q })[0]!.verdict;
    expect(verdict('ashworth')).toEqual({ eligible: true, reasons: [] });
    expect(verdict('hollins')).toEqual({ eligible: false, reasons: ['on the electoral register at a different address'] });
    expect(verdict('lomax')).toEqual({ eligible: false, reasons: ['not found on the electoral register'] });
  });

  it('refuses to cross-match without a register', () => {
    const svc = openService();
    setUpClp(svc);
    const r = svc.call('crossMatchRegister', {});
    expect(r.ok ? null : r.error.code).toBe('no-snapshot');
  });
});
