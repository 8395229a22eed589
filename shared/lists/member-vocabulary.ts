import type { MemberStatus } from './member-status';

/*
 * The words a membership list uses for a member's standing and branch, read against the
 * CLP's own: statuses by rule (with the qualifiers party systems add), branch names by the
 * CLP's branches, and anything else by the user's choice, remembered per store.
 * No zod here: this runs in the import threads, which must start quickly.
 */

/** The user's choice for a status Teller has no rule for. */
export type StatusChoice = 'good' | 'not-good';

export interface ListVocabulary {
  /** The CLP's branches, as set up; empty: the list's own branch names are taken as they are. */
  branches: string[];
  /** Statuses the user has mapped, by statusKey. */
  statuses: Record<string, StatusChoice>;
  /** Branch names the user has mapped, by branchKey: a branch's name, or null (refused: its rows are not imported). */
  branchMap: Record<string, string | null>;
}

export const EMPTY_VOCABULARY: ListVocabulary = { branches: [], statuses: {}, branchMap: {} };

/** A status compared ignoring case and repeated spaces. */
export function statusKey(text: string): string {
  return text.trim().toLowerCase().replace(/\s+/g, ' ');
}

const RULES = new Map<string, MemberStatus>(
  Object.entries<MemberStatus>({
    active: 'good-standing',
    current: 'good-standing',
    member: 'good-standing',
    'good standing': 'good-standing',
    'in good standing': 'good-standing',
    paid: 'good-standing',
    'paid up': 'good-standing',
    new: 'good-standing',
    'new member': 'good-standing',
    reinstated: 'good-standing',
    renewed: 'good-standing',
    honorary: 'good-standing',
    'honorary member': 'good-standing',
    'life member': 'good-standing',
    arrears: 'arrears',
    'in arrears': 'arrears',
    lapsed: 'lapsed',
    expired: 'lapsed',
    suspended: 'suspended',
    'administratively suspended': 'suspended',
    resigned: 'resigned',
    cancelled: 'resigned',
    expelled: 'expelled',
    deceased: 'not-good-standing',
  }),
);

/**
 * The status a rule gives a status text, or null if there is none: exact words first, then
 * without a qualifier in brackets or after a dash ("Arrears (3 months)", "In Arrears - 2
 * months", "Lapsed - Arrears", "Active (Direct Debit)"), then a telling word ("suspended",
 * "arrears", "lapsed", "expelled") unless the text says "not". A blank status is "unknown".
 */
export function ruleStatus(text: string): MemberStatus | null {
  const key = statusKey(text);
  if (key === '') return 'unknown';
  const exact = RULES.get(key);
  if (exact) return exact;
  const bare = key
    .replace(/\s*\(.*\)\s*$/, '')
    .replace(/\s+[-–—:]\s+.*$/, '')
    .trim();
  const stripped = RULES.get(bare);
  if (stripped) return stripped;
  if (/\bnot\b|\bno longer\b/.test(key)) return null;
  for (const [word, status] of [
    ['suspended', 'suspended'],
    ['expelled', 'expelled'],
    ['lapsed', 'lapsed'],
    ['arrears', 'arrears'],
  ] as const) {
    if (new RegExp(`\\b${word}\\b`).test(key)) return status;
  }
  return null;
}

/** Branch names compare ignoring accents, case, spaces and punctuation. */
export function branchKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The words a list adds to a branch's name: "Castle Hythe Ward", "Castle Hythe Branch", "Castle Hythe BLP". */
const BRANCH_NOISE = /\b(ward|branch|blp|clp|labour|party|polling district|division|the)\b/g;

function bareBranchKey(name: string): string {
  return branchKey(name.toLowerCase().replace(BRANCH_NOISE, ' '));
}

/** The CLP branch a list's name most likely means ("Castle Hythe Ward" → "Castle Hythe"), or null. */
export function suggestBranch(name: string, branches: readonly string[]): string | null {
  const bare = bareBranchKey(name);
  if (bare === '') return null;
  const same = branches.find((b) => bareBranchKey(b) === bare);
  if (same) return same;
  // One branch's name contains the other's, at the start: "Castle" for "Castle Hythe Ward".
  const near = branches.filter((b) => {
    const k = bareBranchKey(b);
    return k.length >= 4 && (bare.startsWith(k) || k.startsWith(bare));
  });
  return near.length === 1 ? near[0]! : null;
}

/** How one status text is read: the status, and what decided it (null: nothing yet, the user must choose). */
interface StatusReading {
  status: MemberStatus | null;
  by: 'rule' | 'choice' | null;
}

/** How one branch text is read: the branch it is imported into (null: none yet, or refused). */
interface BranchReading {
  branch: string | null;
  by: 'name' | 'choice' | 'as-is' | null;
  refused: boolean;
  suggestion: string | null;
}

/** Reads statuses and branch names under a vocabulary; each distinct text is worked out once. */
export class VocabularyReader {
  private readonly statusCache = new Map<string, StatusReading>();
  private readonly branchCache = new Map<string, BranchReading>();
  private readonly branchByKey = new Map<string, string>();

  constructor(private readonly vocabulary: ListVocabulary) {
    for (const b of vocabulary.branches) this.branchByKey.set(branchKey(b), b);
  }

  status(text: string): StatusReading {
    let read = this.statusCache.get(text);
    if (read) return read;
    const choice = this.vocabulary.statuses[statusKey(text)];
    if (choice !== undefined && statusKey(text) !== '') read = { status: choice === 'good' ? 'good-standing' : 'not-good-standing', by: 'choice' };
    else {
      const status = ruleStatus(text);
      read = { status, by: status === null ? null : 'rule' };
    }
    this.statusCache.set(text, read);
    return read;
  }

  branch(text: string): BranchReading {
    let read = this.branchCache.get(text);
    if (read) return read;
    read = this.readBranch(text);
    this.branchCache.set(text, read);
    return read;
  }

  private readBranch(text: string): BranchReading {
    const none = { refused: false, suggestion: null };
    if (this.vocabulary.branches.length === 0) return { branch: text, by: 'as-is', ...none };
    const key = branchKey(text);
    const named = this.branchByKey.get(key);
    if (named !== undefined) return { branch: named, by: 'name', ...none };
    if (Object.prototype.hasOwnProperty.call(this.vocabulary.branchMap, key)) {
      const target = this.vocabulary.branchMap[key];
      if (target === null || target === undefined) return { branch: null, by: 'choice', refused: true, suggestion: null };
      const branch = this.branchByKey.get(branchKey(target));
      // A choice naming a branch that has since gone is asked again.
      if (branch !== undefined) return { branch, by: 'choice', ...none };
    }
    return { branch: null, by: null, refused: false, suggestion: suggestBranch(text, this.vocabulary.branches) };
  }
}

/** At most this many distinct statuses or branch names are told apart; a list with more is not a real export. */
const DISTINCT = 1000;

export interface ValueCount {
  value: string;
  count: number;
}

/** What reading a list's rows found beyond its good and bad rows, kept small and sent between threads as plain data. */
export interface ListNotesData {
  statuses: [string, number][];
  branches: [string, number][];
  excelSerials: number;
  /** The first Excel serial seen: its line, its text and the date it was read as. */
  firstSerial: { line: number; text: string; iso: string } | null;
}

/** Counts each status and branch text of the rows read, and the dates written as Excel serials. */
export class ListNotes {
  readonly statuses = new Map<string, number>();
  readonly branches = new Map<string, number>();
  excelSerials = 0;
  firstSerial: ListNotesData['firstSerial'] = null;

  countStatus(text: string): void {
    count(this.statuses, text);
  }

  countBranch(text: string): void {
    count(this.branches, text);
  }

  serial(line: number, text: string, iso: string): void {
    this.excelSerials += 1;
    if (this.firstSerial === null || line < this.firstSerial.line) this.firstSerial = { line, text, iso };
  }

  data(): ListNotesData {
    return { statuses: [...this.statuses], branches: [...this.branches], excelSerials: this.excelSerials, firstSerial: this.firstSerial };
  }

  merge(other: ListNotesData): void {
    for (const [t, n] of other.statuses) count(this.statuses, t, n);
    for (const [t, n] of other.branches) count(this.branches, t, n);
    this.excelSerials += other.excelSerials;
    if (other.firstSerial && (this.firstSerial === null || other.firstSerial.line < this.firstSerial.line)) this.firstSerial = other.firstSerial;
  }

  /** The statuses and branch names no rule, branch or choice reads, with their counts, most rows first. */
  unmapped(reader: VocabularyReader): { statuses: ValueCount[]; branches: (ValueCount & { suggestion: string | null })[] } {
    const statuses = [...this.statuses].filter(([t]) => reader.status(t).status === null).map(([value, n]) => ({ value, count: n }));
    const branches = [...this.branches]
      .filter(([t]) => {
        const b = reader.branch(t);
        return b.branch === null && !b.refused;
      })
      .map(([value, n]) => ({ value, count: n, suggestion: reader.branch(value).suggestion }));
    const order = (a: ValueCount, b: ValueCount) => b.count - a.count || a.value.localeCompare(b.value);
    return { statuses: statuses.sort(order), branches: branches.sort(order) };
  }
}

function count(map: Map<string, number>, text: string, n = 1): void {
  const seen = map.get(text);
  if (seen !== undefined) map.set(text, seen + n);
  else if (map.size < DISTINCT) map.set(text, n);
}

/** The refusal when statuses or branch names are left unmapped, naming each with its count. */
export function unmappedMessage(unmapped: { statuses: ValueCount[]; branches: ValueCount[] }): string {
  const list = (items: ValueCount[]) =>
    items
      .slice(0, 10)
      .map((v) => `"${v.value}" (${v.count.toLocaleString('en-GB')} row${v.count === 1 ? '' : 's'})`)
      .join(', ') + (items.length > 10 ? ` and ${items.length - 10} more` : '');
  const parts: string[] = [];
  if (unmapped.statuses.length > 0) parts.push(`the status${unmapped.statuses.length === 1 ? '' : 'es'} ${list(unmapped.statuses)}`);
  if (unmapped.branches.length > 0) parts.push(`the branch name${unmapped.branches.length === 1 ? '' : 's'} ${list(unmapped.branches)}, which match none of the CLP’s branches`);
  return `Nothing was imported: Teller does not know how to read ${parts.join(', and ')}. Say how to read each one, then import again.`;
}
