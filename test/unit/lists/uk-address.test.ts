import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalAddress, parseUkAddress, sameHome } from '../../../shared/lists/uk-address';

const same = (a: string, b: string) => sameHome(parseUkAddress(a), parseUkAddress(b)).same;

describe('reading UK addresses', () => {
  it('finds the flat and the house in either order and in every spelling', () => {
    const register = 'Flat 12, 181 Salmon Lane, Ashbrook';
    for (const list of ['181 Salmon Lane, Flat 12', '181 Salmon Ln, Apartment 12', '181 SALMON LANE, APT 12', 'Flat 12 181 Salmon Lane', '12, 181 Salmon Lane', '181 Salmon Lane,flat no. 12', 'Apt. 12, 181 Salmon Lane AB1 2CD']) {
      expect([list, same(register, list)]).toEqual([list, true]);
    }
    expect(parseUkAddress('181 Salmon Lane, Flat 12')).toMatchObject({ flat: '12', house: '181', flatNamed: true });
    expect(parseUkAddress('12 Rose Court, 181 Salmon Lane')).toMatchObject({ flat: '12', house: '181', flatNamed: false });
  });

  it('tells flats, letters and numbers apart', () => {
    expect(same('Flat 12, 181 Salmon Lane', 'Flat 13, 181 Salmon Lane')).toBe(false);
    expect(same('Flat 12A, 181 Salmon Lane', '181 Salmon Lane, Flat 12 a')).toBe(true);
    expect(same('Flat 12A, 181 Salmon Lane', 'Flat 12, 181 Salmon Lane')).toBe(false);
    expect(same('12A Mill Lane', '12 a Mill Lane')).toBe(true);
    expect(same('12A Mill Lane', '12 Mill Lane')).toBe(false);
    expect(same('Flat A, 3 Beck Side', '3 Beck Side, Flat B')).toBe(false);
    expect(same('Flat 181, 12 Salmon Lane', 'Flat 12, 181 Salmon Lane')).toBe(false);
  });

  it('takes an address with no flat as the whole building, and reads floor flats', () => {
    expect(same('181 Salmon Lane', 'Flat 12, 181 Salmon Lane')).toBe(true);
    expect(same('Ground Floor Flat, 3 Beck Side', '3 Beck Side, GFF')).toBe(true);
    expect(same('First Floor Flat, 3 Beck Side', 'Ground Floor Flat, 3 Beck Side')).toBe(false);
    expect(same('First Floor Flat 2, 3 Beck Side', 'Flat 2, 3 Beck Side')).toBe(true);
  });

  it('compares house names, and ranges of numbers', () => {
    expect(same('Rose Cottage, Mill Lane, Ashbrook', 'ROSE COTTAGE MILL LANE')).toBe(true);
    expect(same('Rose Cottage, Mill Lane', 'Ivy Cottage, Mill Lane')).toBe(false);
    expect(same('The Old Rectory, Church Lane', 'Old Rectory, Church Ln')).toBe(true);
    expect(same('Mill Lane, Rose Cottage', 'Rose Cottage, Mill Lane, Ashbrook')).toBe(true);
    expect(same('Flat 3, Rose Court', '3 Rose Court')).toBe(true);
    expect(same('Flat 3, Rose Court', 'Flat 4, Rose Court')).toBe(false);
    expect(same('12-14 High Street', '12 - 14 High St')).toBe(true);
    expect(same('12 to 14 High Street', '13 High Street')).toBe(true);
    expect(same('12-14 High Street', '16 High Street')).toBe(false);
  });

  it('reads the register’s columns joined with commas like the list’s one line', () => {
    const columns = ['Flat 12', '181 Salmon Lane', '', 'Ashbrook', '', ''].filter(Boolean).join(', ');
    expect(canonicalAddress(parseUkAddress(columns))).toBe(canonicalAddress(parseUkAddress('181 Salmon Lane, Flat 12, Ashbrook')));
  });
});

// Generated addresses: a flat part and a house part, in either order, written carelessly.
const flatId = fc.tuple(fc.integer({ min: 1, max: 400 }), fc.constantFrom('', 'a', 'B')).map(([n, l]) => `${n}${l}`);
const flatWord = fc.constantFrom('Flat', 'flat', 'FLAT', 'Apartment', 'Apt', 'Apt.');
const street = fc.constantFrom('Salmon Lane', 'Mill Lane', 'Chapel Street', 'Beck Side', 'Orchard Way', "St Mary's Road");
const house = fc.tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom('', 'A', 'b'), street).map(([n, l, s]) => `${n}${l} ${s}`);
const town = fc.constantFrom('', 'Ashbrook', 'Teller Vale');

/** Case, spacing and punctuation changed, nothing else. */
function carelessly(text: string, seed: number): string {
  let out = '';
  let s = seed;
  for (const ch of text) {
    s = (s * 1103515245 + 12345) % 2147483648;
    const r = s % 7;
    if (ch === ' ') out += r === 0 ? '  ' : ' ';
    else if (/[a-z]/i.test(ch)) out += r < 3 ? ch.toUpperCase() : r < 5 ? ch.toLowerCase() : ch;
    else out += ch;
    if (ch === ',' && r === 1) out += ' ';
  }
  return (seed % 3 === 0 ? '  ' : '') + out + (seed % 5 === 0 ? '. ' : '');
}

describe('the address reader (properties)', () => {
  it('reads the flat and the house the same in either order', () => {
    fc.assert(
      fc.property(flatWord, flatId, house, town, (w, f, h, t) => {
        const tail = t ? `, ${t}` : '';
        const a = parseUkAddress(`${w} ${f}, ${h}${tail}`);
        const b = parseUkAddress(`${h}, ${w} ${f}${tail}`);
        expect(canonicalAddress(a)).toBe(canonicalAddress(b));
        expect(sameHome(a, b).same).toBe(true);
      }),
    );
  });

  it('is idempotent: reading its own canonical line gives the same parts', () => {
    fc.assert(
      fc.property(flatWord, flatId, house, town, fc.boolean(), (w, f, h, t, hasFlat) => {
        const text = [hasFlat ? `${w} ${f}` : '', h, t].filter(Boolean).join(', ');
        const once = canonicalAddress(parseUkAddress(text));
        const twice = canonicalAddress(parseUkAddress(once.replace(/^flat (\S+) /, 'flat $1, ').replace(/\[|\]/g, '')));
        expect(twice).toBe(once);
      }),
    );
  });

  it('ignores case, spacing and punctuation', () => {
    fc.assert(
      fc.property(flatWord, flatId, house, town, fc.nat(), (w, f, h, t, seed) => {
        const text = [`${w} ${f}`, h, t].filter(Boolean).join(', ');
        expect(canonicalAddress(parseUkAddress(carelessly(text, seed)))).toBe(canonicalAddress(parseUkAddress(text)));
      }),
    );
  });

  it('never takes two different flats in one building for the same home', () => {
    fc.assert(
      fc.property(flatWord, flatId, flatId, house, (w, f, g, h) => {
        fc.pre(f.toLowerCase() !== g.toLowerCase());
        expect(sameHome(parseUkAddress(`${w} ${f}, ${h}`), parseUkAddress(`${h}, Flat ${g}`)).same).toBe(false);
      }),
    );
  });
});
