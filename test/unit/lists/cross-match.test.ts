import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeskMember, MatchSummary, RegisterMatchRow, TellerState } from '../../../shared/api';
import { crossMatch, personKey, rollKey } from '../../../shared/lists/cross-match';
import { guessRegisterMapping } from '../../../shared/lists/electoral-register-fields';
import { openService, setUpClp, tempDir, previewOf } from '../db/fixtures';

describe('matching people on the register', () => {
  it('compares names without case, accents, punctuation or short forms', () => {
    expect(personKey('Zoë Anne', "O'Dwyer")).toBe(personKey('ZOE', 'ODWYER'));
    expect(personKey('Bob', 'Ashworth')).toBe(personKey('Robert James', 'Ashworth'));
    expect(personKey('Liz', 'Carrow')).toBe(personKey('Elizabeth', 'Carrow'));
    expect(personKey('Ann', 'Ashworth')).not.toBe(personKey('Anna', 'Ashworth'));
  });

  it('reads electoral roll numbers without their punctuation', () => {
    expect(rollKey('AB-123/0')).toBe(rollKey('ab 123'));
    expect(rollKey('AB-0123')).toBe(rollKey('AB123'));
    expect(rollKey('BN-1000/1')).not.toBe(rollKey('BN-1000'));
    expect(rollKey('AB-123')).not.toBe(rollKey('AC-123'));
  });

  const entry = (id: number, elector: string, forenames: string, surname: string, address: string, postcode: string, more: { dob?: string; markers?: string } = {}) => ({ id, elector, forenames, surname, address, postcode, ...more });
  const member = (id: number, first: string, last: string, address: string, postcode: string, more: { rollNumber?: string; dob?: string } = {}) => ({ id, fullName: `${first} ${last}`, firstName: first, lastName: last, address, postcode, ...more });

  it('classifies each member as matched, matched elsewhere, ambiguous or not found, with the evidence', () => {
    const entries = [
      entry(1, 'AB-12/0', 'Robert', 'Ashworth', 'Flat 12, 181 Salmon Lane', 'AB1 2CD'),
      entry(2, 'AB-13/0', 'Siân', 'Hollins', '40 Beck Side', 'AB9 9ZZ', { markers: 'G' }),
      entry(3, 'AB-14/0', 'Idris Owen', 'Pickles', '7 Mill Lane', 'AB7 1XY'),
    ];
    const members = [
      member(10, 'Bob', 'Ashworth', '181 Salmon Lane, Flat 12, Ashbrook', 'ab12cd'),
      member(11, 'Sian', 'Hollins', '3 Chapel Street', 'AB1 2CD'),
      member(12, 'Idris O', 'Pickles', '2 Rope Walk', 'AB1 2CD'),
      { id: 13, fullName: 'Kwame Lomax', firstName: '', lastName: '', address: '5 Orchard Way', postcode: 'AB1 2CD' },
    ];
    expect(crossMatch(members, entries)).toEqual([
      { memberId: 10, status: 'matched', entryId: 1, evidence: 'AB-12/0: Robert Ashworth, Flat 12, 181 Salmon Lane, AB1 2CD — the same name at the same home (flat 12, number 181)' },
      {
        memberId: 11,
        status: 'ambiguous',
        entryId: null,
        evidence: 'Not confirmed: only the name agrees with someone at another address, which may be a namesake: AB-13/0: Siân Hollins, 40 Beck Side, AB9 9ZZ (markers G)',
      },
      { memberId: 12, status: 'matched-elsewhere', entryId: 3, evidence: 'AB-14/0: Idris Owen Pickles, 7 Mill Lane, AB7 1XY — registered at this other address; besides the name, the middle name (O) agrees' },
      { memberId: 13, status: 'not-found', entryId: null, evidence: 'No Kwame Lomax on the register' },
    ]);
  });

  it('uses the electoral roll number when both sides have it, and not when it is someone else’s', () => {
    const entries = [
      entry(1, 'AB-12/0', 'Robert', 'Ashworth', '9 Tanner Row', 'AB5 5EE'),
      entry(2, 'AB-13/0', 'Robert', 'Ashworth', '2 Beck Side', 'AB6 6FF'),
      entry(3, 'AB-14/0', 'Mair', 'Garside', '1 Mill Lane', 'AB1 2CD'),
      entry(4, 'AB-15/0', 'Orla', 'Nuttall', '4 Mill Lane', 'AB1 2CD'),
    ];
    const members = [
      member(10, 'Robert', 'Ashworth', '12 Mill Lane', 'AB1 2CD', { rollNumber: 'ab 13' }),
      member(11, 'Robert', 'Ashworth', '12 Mill Lane', 'AB1 2CD'),
      member(12, 'Mair', 'Garside', '1 Mill Lane', 'AB1 2CD', { rollNumber: 'AB-14' }),
      member(13, 'Orla', 'Nuttall', '4 Mill Lane', 'AB1 2CD', { rollNumber: 'AB-14' }),
    ];
    const [byRoll, namesakes, atHome, stale] = crossMatch(members, entries);
    expect(byRoll).toMatchObject({ status: 'matched-elsewhere', entryId: 2, evidence: expect.stringContaining('the electoral roll number and the name agree') as unknown });
    expect(namesakes).toMatchObject({ status: 'ambiguous', entryId: null, evidence: expect.stringContaining('2 people') as unknown });
    expect(atHome).toMatchObject({ status: 'matched', entryId: 3, evidence: expect.stringContaining('the electoral roll number and the name agree, at the same home') as unknown });
    expect(stale).toMatchObject({ status: 'matched', entryId: 4, evidence: expect.stringContaining("the roll number AB-14 on the list is Mair Garside's, so it was not used") as unknown });
  });

  it('lets a date of birth or the postcode tell a mover from a namesake, and a different date of birth rule one out', () => {
    const entries = [
      entry(1, 'AB-1/0', 'Nuala', 'Mossop', '3 Orchard Way', 'AB1 2CD'),
      entry(2, 'AB-2/0', 'Nuala', 'Mossop', '8 Station Road', 'AB8 8HH'),
      entry(3, 'AB-3/0', 'Wyn', 'Yeadon', '8 Station Road', 'AB8 8HH', { dob: '1990-04-02' }),
      entry(4, 'AB-4/0', 'Wyn', 'Yeadon', '9 Station Road', 'AB8 8HH', { dob: '1970-01-01' }),
      entry(5, 'AB-5/0', 'Una', 'Lightfoot', '8 Station Road', 'AB8 8HH', { dob: '1990-04-02' }),
      entry(6, 'AB-6/0', 'Kathleen', 'Kershaw', '5 Orchard Way', 'AB1 2CD'),
    ];
    const members = [
      member(10, 'Nuala', 'Mossop', '5 Orchard Way', 'AB1 2CD'),
      member(11, 'Wyn', 'Yeadon', '1 Rope Walk', 'AB3 3CC', { dob: '1970-01-01' }),
      member(12, 'Una', 'Lightfoot', '1 Rope Walk', 'AB3 3CC', { dob: '1985-05-05' }),
      member(13, 'Kath', 'Kershaw', '5 Orchard Way', 'AB1 2CD'),
    ];
    const [mover, byDob, ruledOut, initial] = crossMatch(members, entries);
    expect(mover).toMatchObject({ status: 'matched-elsewhere', entryId: 1, evidence: expect.stringContaining('the postcode AB1 2CD agrees') as unknown });
    expect(byDob).toMatchObject({ status: 'matched-elsewhere', entryId: 4, evidence: expect.stringContaining('the date of birth agrees') as unknown });
    expect(ruledOut).toMatchObject({ status: 'not-found' });
    expect(initial).toMatchObject({ status: 'ambiguous', evidence: expect.stringContaining('the same initial and surname at the same home') as unknown });
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
    expect(summary).toMatchObject({ matched: 1, matchedElsewhere: 0, ambiguous: 1, notFound: 1 });
    expect(svc.ok<MatchSummary>('getMatchSummary')).toEqual(summary);
    const notFound = svc.ok<RegisterMatchRow[]>('listRegisterMatches', { status: 'not-found', limit: 50 });
    expect(notFound).toEqual([{ memberId: expect.any(Number) as unknown, number: 'L3', name: 'Kwame Lomax', postcode: 'AB1 2CD', status: 'not-found', evidence: 'No Kwame Lomax on the register' }]);
    const ambiguous = svc.ok<RegisterMatchRow[]>('listRegisterMatches', { status: 'ambiguous', limit: 50 });
    expect(ambiguous.map((r) => [r.number, r.evidence])).toEqual([
      ['L2', 'Not confirmed: only the name agrees with someone at another address, which may be a namesake: AB-13/1: Siân Hollins, 40 Beck Side, AB9 9ZZ (markers G)'],
    ]);
    expect(svc.ok<RegisterMatchRow[]>('listRegisterMatches', { status: null, limit: 50 }).map((r) => r.status)).toEqual(['ambiguous', 'not-found', 'matched']);
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
    expect(verdict('ashworth')).toEqual({ eligible: true, reasons: [], remedies: [] });
    expect(verdict('hollins')).toEqual({ eligible: false, reasons: ['only a namesake was found on the electoral register (check by hand)'], remedies: [] });
    expect(verdict('lomax')).toEqual({ eligible: false, reasons: ['not found on the electoral register'], remedies: [] });
  });

  it('matches homes written in separate columns on both sides, in either order, postcodes written any way', () => {
    const svc = openService();
    setUpClp(svc);
    const dir = tempDir();
    const members = path.join(dir, 'members.csv');
    fs.writeFileSync(
      members,
      [
        'Membership Number,First Name,Last Name,Address 1,Address 2,Address 3,Postcode,Branch,Join Date,Status',
        'L1,Orla,Nuttall,181 Salmon Lane,Flat 12,Ashbrook,ab12cd,Ashbrook West,01/01/2019,Active',
        'L2,Idris,Garside,Rose Cottage,Mill Lane,,AB1 2CE,Ashbrook West,01/01/2019,Active',
        'L3,Wyn,Pickles,12 - 14 High St,,,ab1  2cf,Ashbrook West,01/01/2019,Active',
        'L4,Una,Kershaw,181 Salmon Lane,Flat 13,,AB12CD,Ashbrook West,01/01/2019,Active',
      ].join('\n'),
    );
    const m = svc.service.staged.add(members);
    svc.ok('startImport', { kind: 'members', fileId: m, mapping: previewOf(svc, { kind: 'members', fileId: m }).mapping });
    const register = path.join(dir, 'register.csv');
    fs.writeFileSync(
      register,
      [
        'Elector Number Prefix,Elector Number,Elector Number Suffix,Elector Surname,Elector Forename,PostCode,Address1,Address2,Address3,Address4,Address5,Address6',
        'AB,1,0,NUTTALL,Orla,AB1 2CD,Flat 12,181 Salmon Lane,Ashbrook,,,',
        'AB,2,0,GARSIDE,Idris,AB1 2CE,Rose Cottage,Mill Lane,Ashbrook,,,',
        'AB,3,0,PICKLES,Wyn,AB1 2CF,12-14 High Street,Ashbrook,,,,',
        'AB,4,0,KERSHAW,Una,AB1 2CD,Flat 14,181 Salmon Lane,Ashbrook,,,',
      ].join('\n'),
    );
    const r = svc.service.staged.add(register);
    svc.ok('startImport', { kind: 'register', fileId: r, mapping: previewOf(svc, { kind: 'register', fileId: r }).mapping });
    expect(svc.ok<MatchSummary>('crossMatchRegister')).toMatchObject({ matched: 3, matchedElsewhere: 1, ambiguous: 0, notFound: 0 });
    const rows = svc.ok<RegisterMatchRow[]>('listRegisterMatches', { status: null, limit: 50 });
    expect(rows.find((x) => x.number === 'L4')?.evidence).toBe('AB-4/0: Una KERSHAW, Flat 14, 181 Salmon Lane, Ashbrook, AB1 2CD — registered at this other address; besides the name, the postcode AB1 2CD agrees');
  });

  it('refuses to cross-match without a register', () => {
    const svc = openService();
    setUpClp(svc);
    const r = svc.call('crossMatchRegister', {});
    expect(r.ok ? null : r.error.code).toBe('no-snapshot');
  });
});
