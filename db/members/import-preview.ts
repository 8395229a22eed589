import type { ImportPreview, ListKind } from '../../shared/api';
import { formatUkDate } from '../../shared/dates';
import { TellerError } from '../../shared/errors';
import { statusWords } from '../../shared/lists/eligibility';
import { guessMapping, MEMBER_FIELD_LABEL, mappingProblems } from '../../shared/lists/member-fields';
import { guessRegisterMapping, REGISTER_FIELD_LABEL, registerMappingProblems } from '../../shared/lists/electoral-register-fields';
import { CsvEncodingDetector, CsvFileError, csvRecordsOfPieces, decodeCsvPieces, SeparatorDetector, type CsvEncoding, type CsvRecord } from '../../shared/lists/csv';
import { readRegisterRows } from '../../shared/lists/electoral-register-rows';
import { duplicateReason, membershipKey, readMemberRows, type MemberRow, type RowError } from '../../shared/lists/member-rows';
import { EMPTY_VOCABULARY, ListNotes, VocabularyReader, type ListVocabulary } from '../../shared/lists/member-vocabulary';
import { createHash } from 'node:crypto';
import { openImportFile } from './csv-import';

/** A mapping whose every entry is a field of the list (or null); anything else is refused. */
export function checkedMapping<F extends string>(mapping: readonly (string | null)[], fields: Record<F, string>): (F | null)[] {
  return mapping.map((m) => {
    if (m === null) return null;
    if (!Object.prototype.hasOwnProperty.call(fields, m)) throw new TellerError('invalid-input', `"${m}" is not a field Teller knows.`, 'mapping');
    return m as F;
  });
}

/** Rows are checked this many at a time, and only what the preview shows is kept of them. */
const CHUNK = 5000;
/** The preview lists at most this many rejected rows (it counts them all). */
const LISTED_REJECTED = 500;
/** Sample rows shown; a few more are kept in case duplicates take some out. */
const SAMPLE_ROWS = 5;
const SAMPLE_KEPT = 100;

/** One bit per line of the file. */
class LineBits {
  private readonly bits: Uint8Array;
  constructor(lines: number) {
    this.bits = new Uint8Array((lines >> 3) + 1);
  }
  set(line: number): void {
    this.bits[line >> 3]! |= 1 << (line & 7);
  }
  has(line: number): boolean {
    return (this.bits[line >> 3]! & (1 << (line & 7))) !== 0;
  }
}

/** A 53-bit hash of a membership number's key, exactly representable as a number. */
function keyHash(key: string): number {
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}

/**
 * The lines each membership number is on, in a few bytes a row: each number is kept only as
 * a hash beside its line. Numbers whose hashes meet are then compared for real, on a second
 * reading of just those lines, so a duplicate is never guessed.
 */
class NumberLines {
  private hashes = new Float64Array(1024);
  private lines = new Uint32Array(1024);
  private size = 0;

  see(key: string, line: number): void {
    if (this.size === this.hashes.length) {
      const hashes = new Float64Array(this.size * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const lines = new Uint32Array(this.size * 2);
      lines.set(this.lines);
      this.lines = lines;
    }
    this.hashes[this.size] = keyHash(key);
    this.lines[this.size] = line;
    this.size += 1;
  }

  /** The lines whose number's hash is shared with another line (every duplicate is among them), or null if none. */
  candidates(lineCount: number): LineBits | null {
    const sorted = this.hashes.slice(0, this.size).sort();
    const shared = new Set<number>();
    for (let i = 1; i < sorted.length; i++) if (sorted[i] === sorted[i - 1]) shared.add(sorted[i]!);
    if (shared.size === 0) return null;
    const lines = new LineBits(lineCount);
    for (let i = 0; i < this.size; i++) if (shared.has(this.hashes[i]!)) lines.set(this.lines[i]!);
    return lines;
  }
}

function uncapitalised(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}

function capitalised(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Keeps the first rejected rows (they come in line order) and counts the rest. */
class Rejections {
  readonly listed = new Map<number, string>();
  add(errors: readonly RowError[]): void {
    for (const e of errors) if (this.listed.size < LISTED_REJECTED) this.listed.set(e.line, e.reason);
  }
}

/** Turns a whole-file problem into a TellerError. */
function wrapped<T>(read: () => T): T {
  try {
    return read();
  } catch (e) {
    throw e instanceof CsvFileError ? new TellerError('invalid-file', e.message) : e;
  }
}

/** The file is read this many bytes at a time, and its text made a piece at a time. */
const PIECE = 1 << 20;

type ImportFile = ReturnType<typeof openImportFile>;

/** The file's bytes a piece at a time, checked at the end against the SHA-256 it had when first read. */
function* checkedBytes(file: ImportFile, sha256: string): Generator<Uint8Array> {
  const hash = createHash('sha256');
  for (const piece of file.pieces(PIECE)) {
    hash.update(piece);
    yield piece;
  }
  if (hash.digest('hex') !== sha256) throw new TellerError('invalid-file', 'The file changed while Teller was reading it. Choose it again once it is saved.');
}

/** The text of the file a piece at a time, without a leading byte order mark. */
function* pieces(bytes: Iterable<Uint8Array>, encoding: CsvEncoding): Generator<string> {
  let first = true;
  for (const piece of decodeCsvPieces(bytes, encoding)) {
    if (first && piece === '') continue;
    yield first && piece.charCodeAt(0) === 0xfeff ? piece.slice(1) : piece;
    first = false;
  }
}

/**
 * The file's CSV records as they are read, its bytes read and decoded a piece at a time and let
 * go, so no more than a piece of it is held, whatever the file's size.
 */
function* records(file: ImportFile, sha256: string, encoding: CsvEncoding): Generator<CsvRecord> {
  // The separator is found on the first line; the pieces it took are read again by the parser.
  const source = pieces(checkedBytes(file, sha256), encoding);
  const detector = new SeparatorDetector();
  const taken: string[] = [];
  for (let p = wrapped(() => source.next()); !p.done; p = wrapped(() => source.next())) {
    taken.push(p.value);
    detector.feed(p.value);
    if (detector.done) break;
  }
  function* all(): Generator<string> {
    while (taken.length > 0) yield taken.shift()!;
    yield* source;
  }
  const rows = csvRecordsOfPieces(all(), detector.separator);
  for (;;) {
    const r = wrapped(() => rows.next());
    if (r.done) return;
    yield r.value;
  }
}

/** The records a chunk at a time. */
function* chunks(rows: Iterator<CsvRecord>): Generator<CsvRecord[]> {
  let chunk: CsvRecord[] = [];
  for (let r = rows.next(); !r.done; r = rows.next()) {
    chunk.push(r.value);
    if (chunk.length === CHUNK) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/**
 * How Teller reads a file under a mapping (guessed from the headers if none): nothing is
 * written. The file is read with its bound and then streamed: rows are checked a chunk at a
 * time and only what the preview shows is kept (the first rows, the first rejected rows, the
 * counts), so any file previews in bounded memory, whatever its number of rows.
 */
/** What a membership list is read against: the store's vocabulary, the list's as-at date and the ballot's freeze date. */
interface PreviewContext {
  vocabulary: ListVocabulary;
  asAt: string | null;
  freezeDate: string | null;
}

const NO_CONTEXT: PreviewContext = { vocabulary: EMPTY_VOCABULARY, asAt: null, freezeDate: null };

export function buildPreview(kind: ListKind, file: { path: string; name: string; key?: Uint8Array }, mapping: (string | null)[] | null, today: string, context: PreviewContext = NO_CONTEXT): ImportPreview {
  const opened = openImportFile(file.path, file.name, file.key);
  try {
    return previewOf(opened, kind, file.name, mapping, today, context);
  } finally {
    opened.close();
  }
}

/** The preview's warnings about a membership list, in words. */
function memberWarnings(notes: ListNotes, context: PreviewContext, noBranches: boolean): string[] {
  const warnings: string[] = [];
  const first = notes.firstSerial;
  if (first) {
    const n = notes.excelSerials;
    warnings.push(
      `${n.toLocaleString('en-GB')} date${n === 1 ? ' is' : 's are'} written as a spreadsheet’s day number${n === 1 ? '' : 's'} (line ${first.line}: "${first.text}" is read as ${formatUkDate(first.iso)}). Check a few against the party system before importing.`,
    );
  }
  if (context.asAt !== null && context.freezeDate !== null && context.asAt > context.freezeDate) {
    warnings.push(
      `The list is as at ${formatUkDate(context.asAt)}, after the ballot’s freeze date ${formatUkDate(context.freezeDate)}: members who joined, moved or lapsed since the freeze date may be in the wrong branch or standing. Use a list exported as at the freeze date if you can.`,
    );
  }
  if (noBranches && notes.branches.size > 0) {
    warnings.push(
      notes.branches.size === 1
        ? 'The CLP has no branches yet, so the list’s one branch name is taken as it is.'
        : `The CLP has no branches yet, so the list’s ${notes.branches.size} branch names are taken as they are.`,
    );
  }
  return warnings;
}

function previewOf(file: ImportFile, kind: ListKind, fileName: string, mapping: (string | null)[] | null, today: string, context: PreviewContext): ImportPreview {
  // A first reading for the SHA-256 and the encoding (the whole file must be UTF-8 to be read as UTF-8).
  const hash = createHash('sha256');
  const detector = new CsvEncodingDetector();
  let size = 0;
  for (const piece of file.pieces(PIECE)) {
    hash.update(piece);
    detector.feed(piece);
    size += piece.length;
  }
  const sha256 = hash.digest('hex');
  const encoding = wrapped(() => detector.finish());
  // No record has fewer than one byte, so the lines are fewer than the bytes.
  const lineBound = size + 2;
  const rows = records(file, sha256, encoding);
  const first = rows.next();
  if (first.done) throw new TellerError('invalid-file', 'The file has no header row.');
  const headers = first.value.fields.map((h) => h.trim());
  const used = mapping ?? (kind === 'members' ? guessMapping(headers) : guessRegisterMapping(headers));
  if (used.length !== headers.length) throw new TellerError('invalid-input', 'The column mapping does not match the file’s columns. Choose the file again.');
  const problems = kind === 'members' ? mappingProblems(checkedMapping(used, MEMBER_FIELD_LABEL)) : registerMappingProblems(checkedMapping(used, REGISTER_FIELD_LABEL));
  const base = {
    fileName,
    sha256,
    encoding,
    headers,
    mapping: used,
    ignoredColumns: headers.filter((_, i) => used[i] === null),
    statuses: [],
    branches: [],
    held: 0,
    warnings: [],
    asAt: kind === 'members' ? context.asAt : null,
  };
  if (problems.length > 0) {
    // Shown with the columns, so the user can correct the mapping; the rows are only counted.
    let count = 0;
    for (let r = rows.next(); !r.done; r = rows.next()) count++;
    return { ...base, ignoredColumns: [], rows: count, problems, valid: 0, rejected: [], sample: { columns: [], rows: [] } };
  }
  const rejections = new Rejections();
  let count = 0;
  let valid = 0;
  if (kind === 'register') {
    const registerMapping = checkedMapping(used, REGISTER_FIELD_LABEL);
    const sample: string[][] = [];
    for (const chunk of chunks(rows)) {
      count += chunk.length;
      const { entries, errors } = readRegisterRows(chunk, headers.length, registerMapping, today);
      valid += entries.length;
      rejections.add(errors);
      for (const e of entries.slice(0, SAMPLE_ROWS - sample.length)) sample.push([String(e.line), e.elector, `${e.forenames} ${e.surname}`, e.address, e.postcode, e.franchise]);
    }
    return {
      ...base,
      rows: count,
      problems: [],
      valid,
      rejected: [...rejections.listed].map(([line, reason]) => ({ line, reason })),
      sample: { columns: ['Line', 'Elector number', 'Name', 'Address', 'Postcode', 'Markers'], rows: sample },
    };
  }
  // Members: a number on more than one row rejects every such row, which is known only at the
  // end, so the lines each number is on are kept, and which lines were good or the wrong width.
  const memberMapping = checkedMapping(used, MEMBER_FIELD_LABEL);
  const numberColumn = memberMapping.indexOf('membershipNumber');
  const numbers = new NumberLines();
  const good = new LineBits(lineBound);
  const wrongWidth = new LineBits(lineBound);
  const sample: MemberRow[] = [];
  const reader = new VocabularyReader(context.vocabulary);
  const notes = new ListNotes();
  let held = 0;
  for (const chunk of chunks(rows)) {
    count += chunk.length;
    for (const r of chunk) {
      if (r.fields.length !== headers.length) wrongWidth.set(r.line);
      const number = numberColumn < 0 ? '' : (r.fields[numberColumn] ?? '').trim();
      if (number !== '') numbers.see(membershipKey(number), r.line);
    }
    const { members, errors, held: waiting } = readMemberRows(chunk, headers.length, memberMapping, today, null, undefined, reader, notes);
    held += waiting;
    valid += members.length;
    for (const m of members) good.set(m.line);
    rejections.add(errors);
    for (const m of members.slice(0, SAMPLE_KEPT - sample.length)) sample.push(m);
  }
  // Only the lines whose numbers might be shared are read again, for their numbers.
  const candidates = numbers.candidates(lineBound);
  const lines = new Map<string, number[]>();
  if (candidates) {
    const again = records(file, sha256, encoding);
    again.next(); // the header
    for (let r = again.next(); !r.done; r = again.next()) {
      if (!candidates.has(r.value.line)) continue;
      const key = membershipKey((r.value.fields[numberColumn] ?? '').trim());
      const seen = lines.get(key);
      if (seen) seen.push(r.value.line);
      else lines.set(key, [r.value.line]);
    }
  }
  // Every row of a shared number is rejected; reasons are made only for rows that are listed.
  const groups = [...lines.values()].filter((seen) => seen.length > 1);
  const newlyLines: number[] = [];
  for (const seen of groups) for (const line of seen) if (!wrongWidth.has(line) && good.has(line)) newlyLines.push(line);
  valid -= newlyLines.length;
  const listedNew = new Set(Uint32Array.from(newlyLines).sort().subarray(0, LISTED_REJECTED));
  const sampleLines = new Set(sample.map((m) => m.line));
  const duplicated = new Set<number>();
  const newlyRejected: RowError[] = [];
  for (const seen of groups) {
    for (const line of seen) {
      if (sampleLines.has(line)) duplicated.add(line);
      if (wrongWidth.has(line)) continue; // refused for its width, as a whole-file check does
      if (listedNew.has(line)) newlyRejected.push({ line, reason: capitalised(duplicateReason(seen, line)) });
      const earlier = rejections.listed.get(line);
      if (earlier !== undefined) rejections.listed.set(line, capitalised(`${duplicateReason(seen, line)}; ${uncapitalised(earlier)}`));
    }
  }
  const rejected = [...[...rejections.listed].map(([line, reason]) => ({ line, reason })), ...newlyRejected].sort((a, b) => a.line - b.line).slice(0, LISTED_REJECTED);
  const byCount = <T extends { count: number; value: string }>(a: T, b: T) => b.count - a.count || a.value.localeCompare(b.value);
  return {
    ...base,
    rows: count,
    problems: [],
    valid,
    rejected,
    statuses: [...notes.statuses].map(([value, n]) => ({ value, count: n, ...reader.status(value) })).sort(byCount),
    branches: [...notes.branches].map(([value, n]) => ({ value, count: n, ...reader.branch(value) })).sort(byCount),
    held,
    warnings: memberWarnings(notes, context, context.vocabulary.branches.length === 0),
    sample: {
      columns: ['Line', 'Number', 'Name', 'Postcode', 'Branch', 'Joined', 'Status'],
      rows: sample
        .filter((m) => !duplicated.has(m.line))
        .slice(0, SAMPLE_ROWS)
        .map((m) => [String(m.line), m.membershipNumber, m.fullName, m.postcode, m.branch, formatUkDate(m.joinDate), statusWords(m.status)]),
    },
  };
}
