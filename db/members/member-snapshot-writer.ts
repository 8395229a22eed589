import { membershipKey, type MemberRow, type RowError } from '../../shared/lists/member-rows';
import { TellerError } from '../../shared/errors';
import { appendAudit, textDigest } from '../store/audit';
import type { Db } from '../store/db';

type Statement = ReturnType<Db['prepare']>;

export interface ImportedSnapshot {
  snapshotId: number;
  imported: number;
}

export interface SnapshotMeta {
  fileName: string;
  sha256: string;
  encoding: string;
  rows: number;
  ignoredColumns: string[];
  /** The day the list was exported as at (YYYY-MM-DD), as the user says at import. */
  asAt: string | null;
}

/** The columns of a member row, flattened, as they travel between threads: thirteen values each. */
const MEMBER_WIDTH = 13;
const COLUMNS = 'number, first_name, last_name, full_name, address, postcode, branch, join_date, status, status_text, roll_number, continuous_since, email';
/** The placeholders of one row: no continuous-membership date is stored as NULL (the email, last, as written). */
const PLACES = `${Array(MEMBER_WIDTH - 2).fill('?').join(', ')}, NULLIF(?, ''), ?`;

/**
 * Members as one string, every value followed by NUL (which a CSV Teller accepts can never
 * contain): far cheaper to build and to send between threads than an array of values.
 */
export function memberValues(members: readonly MemberRow[]): string {
  let s = '';
  for (const m of members) {
    s += `${m.membershipNumber}\0${m.firstName}\0${m.lastName}\0${m.fullName}\0${m.address}\0${m.postcode}\0${m.branch}\0${m.joinDate}\0${m.status}\0${m.statusText}\0${m.rollNumber}\0${m.continuousSince}\0${m.email}\0`;
  }
  return s;
}

const BATCH = 100;

/**
 * Writes one membership snapshot in one transaction, a chunk at a time, so checking and
 * writing can run side by side. Nothing is visible to anyone until finish() commits it,
 * with its audit entry (counts and the file's hash, never a member's details).
 */
export class MemberSnapshotWriter {
  private snapshotId = 0;
  private imported = 0;
  private meta: SnapshotMeta | null = null;
  private readonly inserts = new Map<number, Statement>();

  constructor(
    private readonly db: Db,
    private readonly ctx: { actor: string; at: string },
  ) {}

  begin(meta: SnapshotMeta): void {
    this.meta = meta;
    this.inserts.clear(); // its statements name the snapshot
    this.db.exec('BEGIN IMMEDIATE');
    const { lastInsertRowid } = this.db
      .prepare("INSERT INTO member_snapshot (imported_at, file_name, sha256, encoding, rows, imported, rejected, ignored_columns, as_at) VALUES (?, ?, ?, ?, ?, 0, '[]', ?, ?)")
      .run(this.ctx.at, meta.fileName, meta.sha256, meta.encoding, meta.rows, JSON.stringify(meta.ignoredColumns), meta.asAt);
    this.snapshotId = Number(lastInsertRowid);
  }

  /** The statement that inserts `rows` members at once, prepared once for the snapshot. */
  private insert(rows: number): Statement {
    let statement = this.inserts.get(rows);
    if (!statement) {
      const row = `(${this.snapshotId}, ${PLACES})`;
      statement = this.db.prepare(`INSERT INTO member (snapshot_id, ${COLUMNS}) VALUES ${Array(rows).fill(row).join(', ')}`);
      this.inserts.set(rows, statement);
    }
    return statement;
  }

  /** Adds members given as memberValues() wrote them. */
  add(joined: string): void {
    const values = joined.split('\0');
    values.pop(); // the last value's terminator leaves an empty string behind
    const count = values.length / MEMBER_WIDTH;
    for (let i = 0; i < count; i += BATCH) {
      const n = Math.min(BATCH, count - i);
      this.insert(n).run(values.slice(i * MEMBER_WIDTH, (i + n) * MEMBER_WIDTH));
    }
    this.imported += count;
  }

  /**
   * Commits the snapshot. `drop` holds the keys (membershipKey) of numbers found on more than
   * one row only after their rows were written: they are taken out again, in the same transaction.
   */
  finish(rejected: readonly RowError[], drop: readonly string[] = [], rows?: number): ImportedSnapshot {
    const meta = this.meta;
    if (!meta) throw new Error('finish() before begin()');
    if (drop.length > 0) {
      const keys = new Set(drop);
      const remove = this.db.prepare('DELETE FROM member WHERE id = ?');
      const rowsOfSnapshot = this.db.prepare('SELECT id, number FROM member WHERE snapshot_id = ?').all(this.snapshotId) as { id: number; number: string }[];
      for (const r of rowsOfSnapshot) if (keys.has(membershipKey(r.number))) this.imported -= remove.run(r.id).changes;
    }
    if (this.imported === 0) throw new TellerError('invalid-file', 'No row of the file could be imported, so nothing was written.');
    if (rows !== undefined) meta.rows = rows;
    this.db.prepare('UPDATE member_snapshot SET rows = ?, imported = ?, rejected = ? WHERE id = ?').run(meta.rows, this.imported, JSON.stringify(rejected), this.snapshotId);
    appendAudit(this.db, {
      at: this.ctx.at,
      actor: this.ctx.actor,
      action: 'members.import',
      entity: 'member_snapshot',
      entityId: String(this.snapshotId),
      before: null,
      after: { ...meta, fileName: textDigest(meta.fileName), imported: this.imported, rejectedLines: rejected.map((r) => r.line) },
    });
    this.db.exec('COMMIT');
    return { snapshotId: this.snapshotId, imported: this.imported };
  }

  abort(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }
}
