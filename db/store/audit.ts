import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';
import type { AuditEntry, AuditVerdict } from '../../shared/api';
import type { Db } from './db';

/** h(0): the head of a chain with no entries (32 zero bytes, in hex). */
export const EMPTY_HEAD = '0'.repeat(64);

interface AuditFacts {
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

/** An entry's own fields as stored: `before` and `after` are canonical JSON text (or NULL). */
export interface StoredEntry {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
}

/** An entry as stored now, with its link and the chain's head after it. */
interface AuditRow extends StoredEntry {
  link: string;
  head: string;
}

const sha256hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

/**
 * An entry's link: SHA-256 (lowercase hex) of the RFC 8785 JSON of its content, every field
 * but its hashes: seq, at, actor, action, entity, entityId, and before and after as the JSON
 * values they hold (null when there is none). docs/formats/report-v2.md section 2.5.
 */
export function entryLink(r: StoredEntry): string {
  const json = (s: string | null): unknown => (s === null ? null : (JSON.parse(s) as unknown));
  return sha256hex(canonicalJson({ seq: r.seq, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, before: json(r.before), after: json(r.after) }));
}

/** h(i) = SHA-256(h(i−1) || the 32 bytes of link(i)), in lowercase hex. */
export function nextHead(previous: string, link: string): string {
  return sha256hex(Buffer.concat([Buffer.from(previous, 'hex'), Buffer.from(link, 'hex')]));
}

/**
 * Free text (notes, reasons, summaries, signatories, file names) as the audit chain holds it:
 * never the words, which may name people and must go when personal data is deleted, only their
 * SHA-256 ("sha256:" then lowercase hex of the UTF-8 text), which still proves what was written.
 * Null stays null.
 */
export function textDigest(text: string | null | undefined): string | null {
  return text === null || text === undefined ? null : `sha256:${sha256hex(Buffer.from(text, 'utf8'))}`;
}

/** Appends one entry to the chain. Call only inside the transaction that makes the change. */
export function appendAudit(db: Db, facts: AuditFacts): string {
  const { entries, head: previous } = auditHead(db);
  const seq = entries + 1;
  const before = facts.before === undefined ? null : canonicalJson(facts.before);
  const after = facts.after === undefined ? null : canonicalJson(facts.after);
  const link = entryLink({ seq, at: facts.at, actor: facts.actor, action: facts.action, entity: facts.entity, entity_id: facts.entityId, before, after });
  const head = nextHead(previous, link);
  db.prepare('INSERT INTO audit_entry (seq, at, actor, action, entity, entity_id, before, after, link, head) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    seq,
    facts.at,
    facts.actor,
    facts.action,
    facts.entity,
    facts.entityId,
    before,
    after,
    link,
    head,
  );
  db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(seq, head);
  return head;
}

export function auditHead(db: Db): { entries: number; head: string } {
  const head = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  return { entries: head?.seq ?? 0, head: head?.hash ?? EMPTY_HEAD };
}

/**
 * The chain recomputed from the entries' content alone: `heads[n]` is h(n), the head after
 * the first n entries as they read now (heads[0] is h(0)). Reading stops at the first gap.
 */
export function recomputedHeads(db: Db): string[] {
  const heads = [EMPTY_HEAD];
  for (const r of db.prepare('SELECT * FROM audit_entry ORDER BY seq').iterate() as IterableIterator<AuditRow>) {
    if (r.seq !== heads.length) break;
    heads.push(nextHead(heads.at(-1)!, entryLink(r)));
  }
  return heads;
}

interface IssuedHead {
  ballot_id: string;
  revision: number;
  entries: number;
  head: string;
}

/**
 * Re-checks the whole chain: finds any edited, deleted, inserted or reordered entry, and any
 * report whose recorded head is no longer the chain's head after that many entries (the
 * entries it was issued from were rewritten, even if re-hashed forward, or cut off).
 */
export function verifyAuditChain(db: Db): AuditVerdict {
  const problems: AuditVerdict['problems'] = [];
  const issued = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'issued_head'").get()
    ? (db.prepare('SELECT * FROM issued_head ORDER BY revision, ballot_id').all() as IssuedHead[])
    : [];
  const wanted = new Set(issued.map((i) => i.entries));
  const headAt = new Map<number, string>();
  if (wanted.has(0)) headAt.set(0, EMPTY_HEAD);
  let previous: { seq: number; at: number; time: string } | null = null; // times never go backwards
  let intact = true; // no entry missing so far, so heads so far are heads of a prefix
  let expectedSeq = 1;
  const restores = new Map<string, { seq: number; backup: string | null }>(); // issued heads a restore went back behind
  let storedPrevious = EMPTY_HEAD; // the chain as written, to say where it breaks
  let head = EMPTY_HEAD; // the chain recomputed from the content
  const rows = db.prepare('SELECT * FROM audit_entry ORDER BY seq').iterate() as IterableIterator<AuditRow>;
  for (const r of rows) {
    if (r.seq !== expectedSeq) {
      problems.push({ seq: r.seq, message: `Entry ${expectedSeq}${r.seq > expectedSeq + 1 ? ` to ${r.seq - 1}` : ''} is missing: the log jumps to entry ${r.seq}.` });
    }
    const at = Date.parse(r.at);
    if (previous && at < previous.at) {
      problems.push({ seq: r.seq, message: `Entry ${r.seq} is dated ${r.at}, earlier than entry ${previous.seq} before it (${previous.time}): the clock was put back, or entries were moved or altered.` });
    }
    if (!Number.isNaN(at)) previous = { seq: r.seq, at, time: r.at };
    const link = entryLink(r);
    if (link !== r.link) problems.push({ seq: r.seq, message: `Entry ${r.seq} has been altered since it was written.` });
    if (nextHead(storedPrevious, r.link) !== r.head) problems.push({ seq: r.seq, message: `Entry ${r.seq} does not follow on from the entry before it: something before it was changed, removed or reordered.` });
    storedPrevious = r.head;
    head = nextHead(head, link);
    if (r.seq !== expectedSeq) intact = false;
    if (intact && wanted.has(r.seq)) headAt.set(r.seq, head);
    if (r.action === 'backup.restore') noteRestore(restores, r);
    expectedSeq = r.seq + 1;
  }
  const recorded = auditHead(db);
  if (recorded.entries !== expectedSeq - 1 || recorded.head !== storedPrevious) {
    problems.push({ seq: null, message: `The log ends at entry ${expectedSeq - 1}, but the recorded head is entry ${recorded.entries}: entries were removed from the end or the head was altered.` });
  }
  if (issued.length > 0 || db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'issued_head'").get()) {
    const unrecorded = db.prepare('SELECT revision FROM report_export r WHERE NOT EXISTS (SELECT 1 FROM issued_head i WHERE i.ballot_id = r.ballot_id AND i.revision = r.revision) ORDER BY revision').all() as { revision: number }[];
    for (const u of unrecorded) problems.push({ seq: null, message: `Report revision ${u.revision} was exported, but the head it was issued from is no longer recorded: that record has been removed.` });
  }
  for (const i of issued) {
    const now = headAt.get(i.entries);
    const restore = restores.get(`${i.revision}/${i.entries}/${i.head}`);
    if (restore && now !== i.head) {
      problems.push({
        seq: restore.seq,
        message: `Report revision ${i.revision} was issued from the first ${i.entries} entries (head ${i.head}), but entry ${restore.seq} restored the backup ${restore.backup ?? ''} from before it: the record no longer carries on from that report, and the regional office will see the break.`,
      });
    } else if (now === undefined) {
      problems.push({ seq: null, message: `Report revision ${i.revision} was issued from the first ${i.entries} entries, but the record no longer has them all: entries it was issued from have been removed.` });
    } else if (now !== i.head) {
      problems.push({ seq: null, message: `Report revision ${i.revision} no longer matches the record: it was issued from the first ${i.entries} entries (head ${i.head}), and those entries now give ${now}. The record it was issued from has been rewritten.` });
    }
  }
  return { ok: problems.length === 0, entries: expectedSeq - 1, head, problems };
}

/** The issued heads a restore carried over because the backup was from before them (its entry's `after.issuedHeadsCarried`). */
function noteRestore(restores: Map<string, { seq: number; backup: string | null }>, r: AuditRow): void {
  if (r.after === null) return;
  const carried = (JSON.parse(r.after) as { issuedHeadsCarried?: { revision: number; entries: number; head: string }[] }).issuedHeadsCarried;
  for (const c of Array.isArray(carried) ? carried : []) restores.set(`${c.revision}/${c.entries}/${c.head}`, { seq: r.seq, backup: r.entity_id });
}

export function readAuditLog(db: Db, limit: number): AuditEntry[] {
  const rows = db.prepare('SELECT * FROM audit_entry ORDER BY seq DESC LIMIT ?').all(limit) as AuditRow[];
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entity: r.entity,
    entityId: r.entity_id,
    before: r.before === null ? null : (JSON.parse(r.before) as unknown),
    after: r.after === null ? null : (JSON.parse(r.after) as unknown),
    hash: r.head,
  }));
}
