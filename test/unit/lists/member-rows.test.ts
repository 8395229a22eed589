import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../shared/lists/csv';
import { guessMapping, headerKey, mappingProblems } from '../../../shared/lists/member-fields';
import { readMemberRows } from '../../../shared/lists/member-rows';
import { normalisePostcode } from '../../../shared/lists/postcode';

const TODAY = '2026-06-14';
function read(csv: string) {
  const t = parseCsv(csv);
  const mapping = guessMapping(t.header.fields);
  return { mapping, ...readMemberRows(t.records, t.header.fields.length, mapping, TODAY) };
}
const HEAD = 'Membership No,Forename,Surname,Address 1,Town,Post Code,Ward,Date Joined,Status,Phone';

describe('header mapping', () => {
  it('maps the aliases of the format document, ignoring case, spaces and punctuation', () => {
    expect(guessMapping(HEAD.split(','))).toEqual(['membershipNumber', 'firstName', 'lastName', 'address', 'address', 'postcode', 'branch', 'joinDate', 'status', null]);
    expect(headerKey(' Membership-No. ')).toBe(headerKey('membership no'));
    expect(guessMapping(['MEMBER ID', 'full name', 'postal_code', 'branch name', 'membership start', 'membership status'])).toEqual([
      'membershipNumber',
      'fullName',
      'postcode',
      'branch',
      'joinDate',
      'status',
    ]);
  });

  it('names every required field left unmapped', () => {
    expect(mappingProblems(guessMapping(['Name', 'Postcode']))).toEqual([
      'No column is mapped to Membership number, which is required.',
      'No column is mapped to Branch, which is required.',
      'No column is mapped to Join date, which is required.',
      'No column is mapped to Status, which is required.',
    ]);
    expect(mappingProblems(guessMapping(['Member ID', 'First Name', 'Postcode', 'Ward', 'Joined', 'Status']))).toEqual([
      'Map either a Full name column, or both First name and Last name.',
    ]);
  });
});

describe('membership rows', () => {
  it('reads a good row: UK dates, normalised postcode, address lines joined, status mapped', () => {
    const r = read(`${HEAD}\nL0012345,Zoë,O'Neill,1 Mill Lane,Ashbrook,ab12cd,Ashbrook West,03/04/2019,Active,07700900000\n`);
    expect(r.errors).toEqual([]);
    expect(r.members).toEqual([
      {
        line: 2,
        membershipNumber: 'L0012345',
        firstName: 'Zoë',
        lastName: "O'Neill",
        fullName: "Zoë O'Neill",
        address: '1 Mill Lane, Ashbrook',
        postcode: 'AB1 2CD',
        branch: 'Ashbrook West',
        joinDate: '2019-04-03',
        status: 'good-standing',
        statusText: 'Active',
        rollNumber: '',
        continuousSince: '',
        email: '',
      },
    ]);
  });

  it('gives each bad row its physical line and a plain reason', () => {
    const r = read(
      [
        HEAD,
        'A1,Ann,Ash,,,AB1 2CD,W,31/02/2022,Active,',
        'A2,Ben,Birch,,,AB1 2CD,W,2022-13-01,Active,',
        'A3,Cat,Cole,,,AB1 2CD,W,1/1/22 at noon,Active,',
        'A4,Dan,Dale,,,AB1 2CD,W,01/01/2030,Active,',
        'A5,Eve,Eyre,,,NOT A CODE,W,01/01/2020,Active,',
        'A6,Fay,Fox,,,AB1 2CD,W,44325,Honorary,',
        'A7,Gus,Gale,,,AB1 2CD,W,01/01/2020',
        ',,,,,,,,,',
        'A8,Hal,Hume,,,AB1 2CD,,01/01/2020,constructor,',
      ].join('\n'),
    );
    // Honorary is good standing by rule; its date is a spreadsheet's day number (a warning, not an error).
    expect(r.members.map((m) => [m.line, m.joinDate, m.status])).toEqual([[7, '2021-05-09', 'good-standing']]);
    expect(r.errors).toEqual([
      { line: 2, reason: 'The join date "31/02/2022" is not a real date' },
      { line: 3, reason: 'The join date "2022-13-01" is not a real date' },
      { line: 4, reason: 'The join date "1/1/22 at noon" is not a date Teller can read (write it like 14/06/2019 or 2019-06-14)' },
      { line: 5, reason: 'The join date 1 January 2030 is in the future' },
      { line: 6, reason: '"NOT A CODE" is not a UK postcode' },
      { line: 8, reason: 'The row has 8 values but the header has 10' },
      { line: 10, reason: 'The branch is missing' },
    ]);
  });

  it('rejects every row of a membership number that appears twice, whatever its case or spacing', () => {
    const r = read([HEAD, 'L1,A,B,,,AB1 2CD,W,01/01/2020,Active,', 'L2,C,D,,,AB1 2CD,W,01/01/2020,Active,', ' l1 ,E,F,,,AB1 2CD,W,01/01/2020,Active,'].join('\n'));
    expect(r.members.map((m) => m.membershipNumber)).toEqual(['L2']);
    expect(r.errors).toEqual([
      { line: 2, reason: 'The same membership number is also on line 4, so it is not clear who this is' },
      { line: 4, reason: 'The same membership number is also on line 2, so it is not clear who this is' },
    ]);
  });

  it('keeps a formula-like cell as plain text', () => {
    const r = read(`${HEAD}\nL9,"=HYPERLINK(""http://x"",""y"")",Smith,,,AB1 2CD,W,01/01/2020,Active,`);
    expect(r.members[0]?.firstName).toBe('=HYPERLINK("http://x","y")');
  });
});

describe('postcodes', () => {
  it('normalises the shapes of UK postcodes', () => {
    expect(normalisePostcode(' sw1a1aa ')).toBe('SW1A 1AA');
    expect(normalisePostcode('M1 1AE')).toBe('M1 1AE');
    expect(normalisePostcode('B33 8TH')).toBe('B33 8TH');
    expect(normalisePostcode('12345')).toBeNull();
  });
  it('is idempotent', () => {
    fc.assert(fc.property(fc.string({ maxLength: 10 }), (s) => {
      const n = normalisePostcode(s);
      return n === null || normalisePostcode(n) === n;
    }));
  });
});
