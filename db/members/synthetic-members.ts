import { seededRandom } from '../seeded-random';
import { csvCell } from '../../shared/lists/csv';

// Invented name parts (with the accents and apostrophes real lists have); no real person.
const FIRST = ['Zoë', 'Siân', 'Seán', 'Aoife', 'Bryn', 'Chidi', 'Delyth', 'Eamon', 'Farah', 'Gethin', 'Hana', 'Idris', 'Jolene', 'Kwame', 'Leona', 'Mair', 'Nuala', 'Orla', 'Pádraig', 'Rhodri', 'Sunita', 'Tomasz', 'Una', 'Wyn'];
const LAST = ["O'Dwyer", 'Ap Rhys', 'Bellweather', 'Crossfield', 'Dunstable', 'Elmsworth', 'Fairhurst', 'Garside', 'Hebblethwaite', 'Inchbald', 'Jowett', 'Kershaw', 'Lightfoot', 'Mossop', 'Nuttall', 'Ormerod', 'Pickles', 'Quarmby', 'Rushworth', 'Sutcliffe', 'Tattersall', 'Uttley', 'Whiteley', 'Yeadon'];
// Other electors of the area, named apart from members so that "not found" stays possible.
const OTHER_LAST = ['Ackroyd', 'Blamires', 'Cawthorne', 'Dewhirst', 'Earnshaw', 'Firth', 'Greenwood', 'Haigh', 'Illingworth', 'Kitson', 'Lumb', 'Midgley', 'Naylor', 'Oddy', 'Priestley', 'Rhodes', 'Scholes', 'Thackray', 'Varley', 'Wadsworth'];
const STREETS = ['Mill Lane', 'Chapel Street', 'Orchard Way', 'Station Road', 'Beck Side', 'Rope Walk', 'Tanner Row', 'Foundry Close'];
const STATUSES = ['Active', 'Active', 'Active', 'Active', 'Active', 'Active', 'Current', 'Arrears', 'Lapsed', 'Suspended'];

interface SyntheticMember {
  number: string;
  first: string;
  last: string;
  street: string;
  town: string;
  postcode: string;
  branch: string;
  joined: string;
  status: string;
}

/** Invented members spread over the given branches, the same every time for a seed. */
export function syntheticMembers(count: number, branches: readonly string[], seed = 7): SyntheticMember[] {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const out: SyntheticMember[] = [];
  for (let i = 0; i < count; i++) {
    const branchIndex = Math.floor(rand() * branches.length);
    const year = 1990 + Math.floor(rand() * 36); // up to 2025: some join too late for a 2026 ballot
    const month = 1 + Math.floor(rand() * 12);
    const day = 1 + Math.floor(rand() * 28);
    const joined = `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
    out.push({
      number: `L${String(100000 + i * 7 + Math.floor(rand() * 7)).padStart(7, '0')}`,
      first: pick(FIRST),
      last: pick(LAST),
      street: `${1 + Math.floor(rand() * 180)} ${pick(STREETS)}`,
      town: 'Teller Vale',
      postcode: `TV${1 + branchIndex} ${1 + Math.floor(rand() * 9)}${String.fromCharCode(65 + Math.floor(rand() * 26))}${String.fromCharCode(65 + Math.floor(rand() * 26))}`,
      branch: branches[branchIndex] ?? 'Unknown',
      joined,
      status: pick(STATUSES),
    });
  }
  return out;
}

/** The members as a party system might export them, with a column Teller does not need. */
export function syntheticMembershipCsv(members: readonly SyntheticMember[]): string {
  const header = 'Membership Number,First Name,Last Name,Address 1,Town,Postcode,Branch,Join Date,Status,Email';
  const lines = members.map((m) =>
    [m.number, m.first, m.last, m.street, m.town, m.postcode, m.branch, m.joined, m.status, `${m.first.toLowerCase()}@example.invalid`].map(csvCell).join(','),
  );
  return `${header}\r\n${lines.join('\r\n')}\r\n`;
}

/**
 * A council register for the same invented area: most members are on it at their address,
 * some at another address, some not at all, among other invented electors up to `size`.
 */
export function syntheticRegisterCsv(members: readonly SyntheticMember[], size: number, seed = 13): string {
  const rand = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const rows: string[] = [];
  let n = 0;
  const add = (surname: string, forenames: string, street: string, postcode: string) => {
    n += 1;
    rows.push([`TV${1 + (n % 9)}`, String(n), rand() < 0.05 ? '1' : '0', surname, forenames, street, 'Teller Vale', postcode, rand() < 0.02 ? 'G' : ''].map(csvCell).join(','));
  };
  for (const m of members) {
    const r = rand();
    if (r < 0.9) add(m.last, m.first, m.street, m.postcode);
    else if (r < 0.95) add(m.last, m.first, `${1 + Math.floor(rand() * 180)} ${pick(STREETS)}`, `TV9 ${1 + Math.floor(rand() * 9)}ZZ`);
  }
  while (n < size) add(pick(OTHER_LAST), pick(FIRST), `${1 + Math.floor(rand() * 180)} ${pick(STREETS)}`, `TV${1 + Math.floor(rand() * 9)} ${1 + Math.floor(rand() * 9)}AA`);
  return `PD,ENO,Suffix,Surname,Forenames,Address 1,Address 2,Postcode,Franchise Flag\r\n${rows.join('\r\n')}\r\n`;
}
