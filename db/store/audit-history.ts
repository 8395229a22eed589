import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';
import { TellerError } from '../../shared/errors';
import type { AuditVerdict } from '../../shared/api';
import { utcInstant } from '../../shared/time';
import { appendAudit, EMPTY_HEAD, entryLink, nextHead, recomputedHeads, verifyAuditChain, type StoredEntry } from './audit';
import type { Db } from './db';

/*
 * The audit chain as Teller wrote it before the chain of links (docs/formats/report-v2.md
 * section 2.5): each entry's `hash` was SHA-256 over the canonical JSON of its fields and the
 * previous entry's hash, kept in `prev_hash` and `hash`. Only the migration to links and the
 * checks of older files (backups, reports issued before the migration) need it.
 */

/** The old chain's hash of one entry: its fields as stored (before and after as text) and the previous hash. */
export function oldEntryHash(r: StoredEntry, prevHash: string): string {
  const body = canonicalJson({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before, after: r.after, prevHash });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** Whether this store's audit entries already carry links (the current chain). */
function hasLinkedChain(db: Db): boolean {
  return (db.prepare('PRAGMA table_info(audit_entry)').all() as { name: string }[]).some((c) => c.name === 'link');
}

/** Re-checks a store's chain in whichever form it has (a backup or a read-only store may predate links). */
export function verifyStoreChain(db: Db): AuditVerdict {
  return hasLinkedChain(db) ? verifyAuditChain(db) : verifyOldChain(db);
}

/** Re-checks a chain in the old form, as Teller did before links. */
function verifyOldChain(db: Db): AuditVerdict {
  const problems: AuditVerdict['problems'] = [];
  let expectedSeq = 1;
  let prev = EMPTY_HEAD;
  for (const r of db.prepare('SELECT * FROM audit_entry ORDER BY seq').iterate() as IterableIterator<StoredEntry & { prev_hash: string; hash: string }>) {
    if (r.seq !== expectedSeq) problems.push({ seq: r.seq, message: `Entry ${expectedSeq}${r.seq > expectedSeq + 1 ? ` to ${r.seq - 1}` : ''} is missing: the log jumps to entry ${r.seq}.` });
    if (r.prev_hash !== prev) problems.push({ seq: r.seq, message: `Entry ${r.seq} does not follow on from the entry before it: something before it was changed, removed or reordered.` });
    if (oldEntryHash(r, r.prev_hash) !== r.hash) problems.push({ seq: r.seq, message: `Entry ${r.seq} has been altered since it was written.` });
    prev = r.hash;
    expectedSeq = r.seq + 1;
  }
  const head = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  if ((head?.seq ?? 0) !== expectedSeq - 1 || (head?.hash ?? EMPTY_HEAD) !== prev) {
    problems.push({ seq: null, message: `The log ends at entry ${expectedSeq - 1}, but the recorded head is entry ${head?.seq ?? 0}: entries were removed from the end or the head was altered.` });
  }
  return { ok: problems.length === 0, entries: expectedSeq - 1, head: prev, problems };
}

/**
 * Where a report's `auditHead` sits in the record as it reads now: the number of entries
 * after which the chain's head equals it (the chain of links at every length, and the old
 * chain over the entries from before the move to links), or null if it is at no length.
 */
export function findIssuedHead(db: Db, head: string): { entries: number; form: 'links' | 'old' } | null {
  const linked = recomputedHeads(db).indexOf(head);
  if (linked >= 0) return { entries: linked, form: 'links' };
  const relinked = db.prepare("SELECT MIN(seq) AS seq FROM audit_entry WHERE action = 'audit.relink'").get() as { seq: number | null };
  const oldUpTo = relinked.seq !== null ? relinked.seq - 1 : hasLinkedChain(db) ? 0 : Number.MAX_SAFE_INTEGER;
  const old = oldHeads(db, oldUpTo).indexOf(head);
  return old >= 0 ? { entries: old, form: 'old' } : null;
}

/**
 * The old chain's heads recomputed from the first `upTo` entries' content (`heads[n]` after n
 * entries): how a report issued before the migration (its `auditHead`) is matched today.
 */
function oldHeads(db: Db, upTo: number): string[] {
  const heads = [EMPTY_HEAD];
  for (const r of db.prepare('SELECT * FROM audit_entry WHERE seq <= ? ORDER BY seq').iterate(upTo) as IterableIterator<StoredEntry>) {
    if (r.seq !== heads.length) break;
    heads.push(oldEntryHash(r, heads.at(-1)!));
  }
  return heads;
}

/** Refuses, changing nothing, to rewrite a chain that is already broken: the rewrite would hide it. */
export function refuseBrokenOldChain(db: Db): void {
  if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_entry'").get() || hasLinkedChain(db)) return;
  const verdict = verifyOldChain(db);
  if (verdict.ok) return;
  throw new TellerError(
    'store-unreadable',
    `This store's audit trail was altered before this version of Teller opened it (${verdict.problems[0]!.message}), so Teller will not rewrite the trail into its new form: that would hide the alteration. Nothing has been changed. Restore a backup from before the alteration, or give the file to the regional office as it is.`,
  );
}

/**
 * Rewrites a verified old chain into the chain of links (same entries, same content; each
 * entry's link and head replace prev_hash and hash), then records the rewrite as an entry
 * naming the old chain's length and head. Runs inside the migration's transaction.
 */
export function rewriteChainAsLinks(db: Db, now = new Date()): void {
  if (hasLinkedChain(db)) return;
  const old = verifyOldChain(db); // checked again inside the transaction
  if (!old.ok) throw new TellerError('store-unreadable', 'The audit trail changed while it was being rewritten. Nothing has been changed.');
  db.exec(`
    CREATE TABLE audit_entry_linked (
      seq INTEGER PRIMARY KEY,
      at TEXT NOT NULL,
      actor TEXT NOT NULL,
      action TEXT NOT NULL,
      entity TEXT NOT NULL,
      entity_id TEXT,
      before TEXT,
      after TEXT,
      link TEXT NOT NULL,
      head TEXT NOT NULL
    ) STRICT;
  `);
  const oldHeadAt = [EMPTY_HEAD];
  const newHeadAt = [EMPTY_HEAD];
  const insert = db.prepare('INSERT INTO audit_entry_linked (seq, at, actor, action, entity, entity_id, before, after, link, head) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
  let head = EMPTY_HEAD;
  const rows = db.prepare('SELECT * FROM audit_entry ORDER BY seq').all() as (StoredEntry & { hash: string })[];
  for (const r of rows) {
    const link = entryLink(r);
    head = nextHead(head, link);
    oldHeadAt.push(r.hash);
    newHeadAt.push(head);
    insert.run(r.seq, r.at, r.actor, r.action, r.entity, r.entity_id, r.before, r.after, link, head);
  }
  db.exec('DROP TABLE audit_entry; ALTER TABLE audit_entry_linked RENAME TO audit_entry;');
  // Reports already issued: each export's entry names the old head it was issued from, the
  // head of the entries before it; that prefix's new head is what the report now stands for.
  const recordIssued = db.prepare('INSERT OR IGNORE INTO issued_head (ballot_id, revision, entries, head) VALUES (?, ?, ?, ?)');
  for (const r of rows) {
    if (r.action !== 'report.export' || r.after === null || r.entity_id === null) continue;
    const after = JSON.parse(r.after) as { revision?: unknown; auditHead?: unknown };
    const ballotId = r.entity_id.slice(0, r.entity_id.lastIndexOf('/'));
    if (typeof after.revision === 'number' && after.auditHead === oldHeadAt[r.seq - 1]) recordIssued.run(ballotId, after.revision, r.seq - 1, newHeadAt[r.seq - 1]);
  }
  db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(old.entries, head);
  // A new store has nothing to rewrite, so nothing to record.
  if (old.entries > 0) {
    appendAudit(db, {
      at: utcInstant(now),
      actor: 'teller',
      action: 'audit.relink',
      entity: 'audit',
      entityId: null,
      before: { entries: old.entries, head: old.head, form: 'hash of each entry and the previous hash' },
      after: { entries: old.entries, head, form: 'chain of links (docs/formats/report-v2.md section 2.5)' },
    });
  }
}
