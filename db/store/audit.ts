import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';
import type { AuditEntry, AuditVerdict } from '../../shared/api';
import type { Db } from './db';

const GENESIS_HASH = '0'.repeat(64);

interface AuditFacts {
  at: string;
  actor: string;
  action: string;
  entity: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
}

interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  entity: string;
  entity_id: string | null;
  before: string | null;
  after: string | null;
  prev_hash: string;
  hash: string;
}

/** The hash of one entry: SHA-256 over the canonical JSON of every field and the previous hash. */
function entryHash(seq: number, f: { at: string; actor: string; action: string; entity: string; entityId: string | null; before: string | null; after: string | null }, prevHash: string): string {
  const body = canonicalJson({ seq, at: f.at, actor: f.actor, action: f.action, entity: f.entity, entityId: f.entityId, before: f.before, after: f.after, prevHash });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** Appends one entry to the chain. Call only inside the transaction that makes the change. */
export function appendAudit(db: Db, facts: AuditFacts): string {
  const head = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  const seq = (head?.seq ?? 0) + 1;
  const prevHash = head?.hash ?? GENESIS_HASH;
  const before = facts.before === undefined ? null : canonicalJson(facts.before);
  const after = facts.after === undefined ? null : canonicalJson(facts.after);
  const row = { ...facts, before, after };
  const hash = entryHash(seq, row, prevHash);
  db.prepare(
    'INSERT INTO audit_entry (seq, at, actor, action, entity, entity_id, before, after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
  ).run(seq, facts.at, facts.actor, facts.action, facts.entity, facts.entityId, before, after, prevHash, hash);
  db.prepare('INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash').run(seq, hash);
  return hash;
}

export function auditHead(db: Db): { entries: number; head: string } {
  const head = db.prepare('SELECT seq, hash FROM audit_head WHERE id = 1').get() as { seq: number; hash: string } | undefined;
  return { entries: head?.seq ?? 0, head: head?.hash ?? GENESIS_HASH };
}

/** Re-checks the whole chain: finds any edited, deleted, inserted or reordered entry. */
export function verifyAuditChain(db: Db): AuditVerdict {
  const problems: AuditVerdict['problems'] = [];
  let expectedSeq = 1;
  let prev = GENESIS_HASH;
  const rows = db.prepare('SELECT * FROM audit_entry ORDER BY seq').iterate() as IterableIterator<AuditRow>;
  for (const r of rows) {
    if (r.seq !== expectedSeq) {
      problems.push({ seq: r.seq, message: `Entry ${expectedSeq}${r.seq > expectedSeq + 1 ? ` to ${r.seq - 1}` : ''} is missing: the log jumps to entry ${r.seq}.` });
    }
    if (r.prev_hash !== prev) problems.push({ seq: r.seq, message: `Entry ${r.seq} does not follow on from the entry before it: something before it was changed, removed or reordered.` });
    const recomputed = entryHash(r.seq, { at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before, after: r.after }, r.prev_hash);
    if (recomputed !== r.hash) problems.push({ seq: r.seq, message: `Entry ${r.seq} has been altered since it was written.` });
    prev = r.hash;
    expectedSeq = r.seq + 1;
  }
  const head = auditHead(db);
  if (head.entries !== expectedSeq - 1 || head.head !== prev) {
    problems.push({ seq: null, message: `The log ends at entry ${expectedSeq - 1}, but the recorded head is entry ${head.entries}: entries were removed from the end or the head was altered.` });
  }
  return { ok: problems.length === 0, entries: expectedSeq - 1, head: prev, problems };
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
    hash: r.hash,
  }));
}
