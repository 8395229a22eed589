import { csvCell } from '../../shared/lists/csv';
import type { RegisterMatch } from '../../shared/lists/eligibility';
import { seededRandom } from '../seeded-random';

/*
 * Invented people, homes and files in the layouts real systems write, for the cross-match:
 * a council register in the Xpress layout (Address1..6, "Flat 12" in Address1 and
 * "181 Salmon Lane" in Address2) and a party membership list with each address on one line in
 * the other order ("181 Salmon Lane, Flat 12"), postcodes written carelessly. No real person.
 */

const FIRST = ['Zoë', 'Siân', 'Seán', 'Aoife', 'Bryn', 'Chidi', 'Delyth', 'Eamon', 'Farah', 'Gethin', 'Hana', 'Idris', 'Jolene', 'Kwame', 'Leona', 'Mair', 'Nuala', 'Orla', 'Pádraig', 'Rhodri', 'Sunita', 'Tomasz', 'Una', 'Wyn', 'Ayesha', 'Bartek', 'Ceri', 'Dervla', 'Emeka', 'Ffion', 'Gwilym', 'Halima', 'Ifor', 'Jadzia', 'Kofi', 'Lowri', 'Maciej', 'Nia', 'Oisín', 'Priya', 'Ravi', 'Saoirse', 'Tegwen', 'Uzma', 'Vikram', 'Yusuf', 'Zofia', 'Anwen', 'Bláithín', 'Cai', 'Dafydd', 'Eluned', 'Fatima', 'Gareth', 'Heledd', 'Iolo', 'Jasmin', 'Kian', 'Llio', 'Mabli'];
const LAST = ["O'Dwyer", 'Ap Rhys', 'Bellweather', 'Crossfield', 'Dunstable', 'Elmsworth', 'Fairhurst', 'Garside', 'Hebblethwaite', 'Inchbald', 'Jowett', 'Kershaw', 'Lightfoot', 'Mossop', 'Nuttall', 'Ormerod', 'Pickles', 'Quarmby', 'Rushworth', 'Sutcliffe', 'Tattersall', 'Uttley', 'Whiteley', 'Yeadon', 'Armitage', 'Brearley', 'Clegg', 'Dyson', 'Entwistle', 'Fothergill', 'Gledhill', 'Holroyd', 'Ibbotson', 'Jagger', 'Knowles', 'Lister', 'Marsden', 'Nettleton', 'Oldroyd', 'Pollard', 'Ramsden', 'Shackleton', 'Thornton', 'Verity', 'Walsh', 'Bamforth', 'Crowther', 'Denton', 'Eastwood', 'Farrar', 'Gaukroger', 'Heaton', 'Jessop', 'Kaye', 'Lockwood', 'Moorhouse', 'Noble', 'Outhwaite', 'Pearson', 'Redman', 'Sugden', 'Taylor-Holt', 'Wainwright', 'Booth', 'Cockcroft', 'Duckworth', 'Emmott', 'Foulds', 'Greenhalgh', 'Hanson', 'Illingsworth', 'Jeffries', 'Kelsall', 'Lees', 'Mallinson', 'Normanton', 'Oates', 'Pilling', 'Riley', 'Stansfield', 'Tordoff', 'Ward', 'Womersley', 'Brook', 'Calvert', 'Dobson', 'Exley', 'Fielden', 'Gill', 'Horsfall'];
// Other electors (not members): surnames no member has, so that they name nobody by accident.
const OTHER_LAST = ['Ackroyd', 'Blamires', 'Cawthorne', 'Dewhirst', 'Earnshaw', 'Firth', 'Greenwood', 'Haigh', 'Illingworth', 'Kitson', 'Lumb', 'Midgley', 'Naylor', 'Oddy', 'Priestley', 'Rhodes', 'Scholes', 'Thackray', 'Varley', 'Wadsworth'];
const MIDDLE = ['James', 'Mary', 'Owen', 'Rose', 'Peter', 'Ann', 'Lewis', 'Grace', 'Thomas', 'Elin'];
const STREETS = ['Salmon Lane', 'Mill Lane', 'Chapel Street', 'Orchard Way', 'Station Road', 'Beck Side', 'Rope Walk', 'Tanner Row', 'Foundry Close', 'High Street', 'Church Lane', 'Victoria Road'];
const HOUSE_NAMES = ['Rose Cottage', 'The Old Rectory', 'Ivy House', 'Beck View', 'Hill Top Farm', 'The Laurels', 'Orchard End', 'Mill House', 'Fern Lea', 'Holly Bank'];
const TOWNS = ['Ashbrook', 'Larkmere', 'Teller Vale'];
const MARKERS = ['', '', '', '', '', '', '', 'G', 'E', 'Z', 'K'];
/** What tells the movers from namesakes, in turn: every mover has one of these besides the name. */
const MOVER_EVIDENCE = ['roll number', 'middle name', 'postcode'] as const;

/** A home as the register writes it (up to six lines) and as the membership list does (one line). */
interface Home {
  postcode: string;
  register: string[];
  member: string;
}

interface Elector {
  prefix: string;
  number: number;
  markers: string;
  dob: string;
  surname: string;
  forenames: string;
  home: Home;
}

interface FixtureMember {
  number: string;
  first: string;
  last: string;
  home: Home;
  rollNumber: string;
  expected: RegisterMatch;
}

interface XpressFixture {
  registerCsv: string;
  membersCsv: string;
  /** Each member's expected cross-match status, by membership number. */
  expected: Map<string, RegisterMatch>;
  counts: { matched: number; elsewhere: number; ambiguous: number; notFound: number };
}

interface FixtureSizes {
  /** Members on the register at the address the list gives (flats, house names, 12A, ranges). */
  atHome: number;
  /** Members on the register at another address, with something besides the name that says so. */
  movers: number;
  /** Members not on the register at all. */
  notOnRegister: number;
  /** Of those, how many have a namesake (another person) on the register elsewhere. */
  withNamesake: number;
  /** Field separator of the register: the council's comma or tab. */
  separator?: ',' | '\t';
}

/**
 * The register and the membership list for one invented constituency, the same for a seed,
 * with every member's expected status: at home → matched; movers → matched-elsewhere (each with
 * a roll number, a middle name or the postcode agreeing besides the name); not on the register
 * → ambiguous when a namesake lives elsewhere, else not-found. Some at-home members also have a
 * namesake elsewhere, or a stale roll number that is someone else's; some movers a namesake too.
 */
export function syntheticXpressFixture(sizes: FixtureSizes, seed = 21): XpressFixture {
  const rand = seededRandom(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T;

  // Unique member names: every (first, last) pair once, in a seeded order.
  const pairs: [string, string][] = [];
  for (const f of FIRST) for (const l of LAST) pairs.push([f, l]);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = int(i + 1);
    [pairs[i], pairs[j]] = [pairs[j] as [string, string], pairs[i] as [string, string]];
  }
  const needed = sizes.atHome + sizes.movers + sizes.notOnRegister;
  if (needed > pairs.length) throw new Error(`The fixture has names for ${pairs.length} members, not ${needed}.`);
  let nextName = 0;
  const takeName = () => pairs[nextName++] as [string, string];

  // Homes: each postcode one stretch of one street, or one block of flats.
  let postcodeCount = 0;
  let homesInPostcode = 0;
  let postcode = '';
  let street = '';
  let town = '';
  let houseNumber = 0;
  let block: { number: number; flats: number } | null = null;
  let named = false; // a lane of named houses, no numbers
  const newPostcode = () => {
    postcodeCount += 1;
    postcode = `TV${1 + (postcodeCount % 7)} ${1 + (postcodeCount % 9)}${String.fromCharCode(65 + (postcodeCount % 26))}${String.fromCharCode(65 + (Math.floor(postcodeCount / 26) % 26))}`;
    street = pick(STREETS);
    town = pick(TOWNS);
    houseNumber = 1 + int(40);
    const kind = rand();
    block = kind < 0.45 ? { number: 100 + int(150), flats: 0 } : null;
    named = kind >= 0.45 && kind < 0.55;
    homesInPostcode = 0;
  };
  newPostcode();
  const newHome = (): Home => {
    if (homesInPostcode >= (block ? 30 : HOUSE_NAMES.length)) newPostcode();
    homesInPostcode += 1;
    if (block) {
      block.flats += 1;
      const flat = rand() < 0.12 ? `${block.flats}${pick(['A', 'B'])}` : String(block.flats);
      const road = `${block.number} ${street}`;
      const style = int(5);
      // Register: "Flat 12" | "181 Salmon Lane"; the list: "181 Salmon Lane, Flat 12", in several spellings.
      if (style === 0) return { postcode, register: [`Flat ${flat}`, road, town], member: `${road}, Flat ${flat}, ${town}` };
      if (style === 1) return { postcode, register: [`Flat ${flat}`, road, town], member: `${road}, Apartment ${flat.toLowerCase()}` };
      if (style === 2) return { postcode, register: [`Apartment ${flat}`, `${street} Court`, road, town], member: `${road.toUpperCase()}, APT ${flat}` };
      if (style === 3) return { postcode, register: [flat, road, town], member: `Flat ${flat} ${road}, ${town}` };
      return { postcode, register: [`Flat ${flat}`, road, '', town], member: `${road},flat ${flat}` };
    }
    if (named) {
      // "Rose Cottage" | "Mill Lane": each name once in its postcode.
      const name = HOUSE_NAMES[homesInPostcode - 1] as string;
      return { postcode, register: [name, street, town], member: rand() < 0.5 ? `${name}, ${street}, ${town}` : `${name.toUpperCase()} ${street}` };
    }
    houseNumber += 1 + int(2);
    const style = int(10);
    if (style === 1) return { postcode, register: [`${houseNumber}A ${street}`, town], member: `${houseNumber} a ${street}` };
    if (style === 2) {
      houseNumber += 2;
      return { postcode, register: [`${houseNumber - 2}-${houseNumber} ${street}`, town], member: `${houseNumber - 2} - ${houseNumber} ${street}, ${town}` };
    }
    return { postcode, register: [`${houseNumber} ${street}`, town], member: `${houseNumber} ${street.replace('Street', 'St').replace('Road', 'Rd')}, ${town}` };
  };

  const electors: Elector[] = [];
  const members: FixtureMember[] = [];
  const roll = (e: Elector) => `${e.prefix}-${e.number}`;
  const elector = (surname: string, forenames: string, home: Home): Elector => {
    const district = `TV${home.postcode.charAt(2)}`;
    const e: Elector = {
      prefix: district,
      number: electors.length + 1,
      markers: pick(MARKERS),
      dob: rand() < 0.03 ? `2009-0${1 + int(9)}-1${int(10)}` : '',
      surname,
      forenames,
      home,
    };
    electors.push(e);
    return e;
  };
  const memberNumber = () => `L${String(200000 + members.length * 3 + int(3)).padStart(7, '0')}`;
  /** A careless postcode, as lists write them: lower case, no space. */
  const sloppy = (pc: string) => [pc, pc.replace(' ', ''), pc.toLowerCase(), pc.toLowerCase().replace(' ', '')][int(4)] as string;
  const elsewhereHome = (not: Home): Home => {
    let h = newHome();
    while (h.postcode === not.postcode) h = newHome();
    return h;
  };

  // 1. Members at home, with other electors (not members) in some of their homes.
  const homes: Home[] = [];
  for (let i = 0; i < sizes.atHome; i++) {
    const home = homes.length > 0 && rand() < 0.3 ? (homes.at(-1) as Home) : newHome();
    if (home !== homes.at(-1)) homes.push(home);
    const [first, last] = takeName();
    const e = elector(last, first, home);
    members.push({ number: memberNumber(), first, last, home, rollNumber: rand() < 0.3 ? roll(e) : '', expected: 'matched' });
    if (rand() < 0.3) elector(pick(OTHER_LAST), pick(FIRST), home);
    // A namesake elsewhere changes nothing: the member is matched at home.
    if (i % 40 === 7) elector(last, first, elsewhereHome(home));
    // A stale roll number, someone else's: not used, the name still matches at home.
    if (i % 97 === 11) {
      const other = electors.find((x) => OTHER_LAST.includes(x.surname) && x.home !== home);
      if (other) (members.at(-1) as FixtureMember).rollNumber = roll(other);
    }
  }
  // 2. Movers: the list has the old address, the register the new one; something besides the
  //    name agrees (the roll number, a middle name, or the postcode: a move along the street).
  for (let i = 0; i < sizes.movers; i++) {
    const [first, last] = takeName();
    const old = newHome();
    const how = MOVER_EVIDENCE[i % MOVER_EVIDENCE.length];
    if (how === 'roll number') {
      const e = elector(last, first, elsewhereHome(old));
      members.push({ number: memberNumber(), first, last, home: old, rollNumber: roll(e), expected: 'matched-elsewhere' });
    } else if (how === 'middle name') {
      const middle = pick(MIDDLE);
      elector(last, `${first} ${rand() < 0.5 ? middle : middle.charAt(0)}`, elsewhereHome(old));
      members.push({ number: memberNumber(), first: `${first} ${middle}`, last, home: old, rollNumber: '', expected: 'matched-elsewhere' });
    } else {
      // The next home along in the same postcode.
      let from = old;
      let moved = newHome();
      while (moved.postcode !== from.postcode) [from, moved] = [moved, newHome()];
      elector(last, first, moved);
      members.push({ number: memberNumber(), first, last, home: from, rollNumber: '', expected: 'matched-elsewhere' });
    }
    // Some movers also have a namesake elsewhere, with nothing else agreeing: the mover still wins.
    if (i % 5 === 0) elector(last, first, elsewhereHome(old));
  }
  // 3. Members not on the register; some have a namesake (another person) elsewhere.
  for (let i = 0; i < sizes.notOnRegister; i++) {
    const [first, last] = takeName();
    const home = newHome();
    const namesake = i < sizes.withNamesake;
    // A member with a middle name the namesake does not share, or none given.
    const middle = namesake && i % 4 === 0 ? ' Peter' : '';
    if (namesake) elector(last, `${first}${i % 4 === 0 ? ' Ann' : ''}`, elsewhereHome(home));
    members.push({ number: memberNumber(), first: `${first}${middle}`, last, home, rollNumber: '', expected: namesake ? 'ambiguous' : 'not-found' });
  }
  // Other electors in homes of their own.
  for (let i = 0; i < sizes.atHome; i++) elector(pick(OTHER_LAST), pick(FIRST), newHome());

  const sep = sizes.separator ?? ',';
  const cell = (v: string) => (sep === '\t' ? v : csvCell(v));
  const registerHeader = ['Elector Number Prefix', 'Elector Number', 'Elector Number Suffix', 'Elector Markers', 'Elector DOB', 'Elector Surname', 'Elector Forename', 'PostCode', 'Address1', 'Address2', 'Address3', 'Address4', 'Address5', 'Address6'];
  const registerLines = [...electors]
    .sort((a, b) => a.prefix.localeCompare(b.prefix) || a.number - b.number)
    .map((e) => {
      const lines = [...e.home.register, '', '', '', '', '', ''].slice(0, 6);
      return [e.prefix, String(e.number), '0', e.markers, e.dob, e.surname.toUpperCase(), e.forenames, e.home.postcode, ...lines].map(cell).join(sep);
    });
  const memberHeader = 'Membership Number,First Name,Last Name,Address,Postcode,Branch,Join Date,Status,Electoral Roll Number';
  const memberLines = members.map((m) => [m.number, m.first, m.last, m.home.member, sloppy(m.home.postcode), 'Ashbrook West', '01/03/2015', 'Active', m.rollNumber].map(csvCell).join(','));
  const expected = new Map(members.map((m) => [m.number, m.expected]));
  const count = (s: RegisterMatch) => members.filter((m) => m.expected === s).length;
  return {
    registerCsv: `${registerHeader.join(sep)}\r\n${registerLines.join('\r\n')}\r\n`,
    membersCsv: `${memberHeader}\r\n${memberLines.join('\r\n')}\r\n`,
    expected,
    counts: { matched: count('matched'), elsewhere: count('matched-elsewhere'), ambiguous: count('ambiguous'), notFound: count('not-found') },
  };
}
