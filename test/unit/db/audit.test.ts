import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../shared/canonical-json';
import { EMPTY_HEAD, nextHead } from '../../../db/store/audit';
import { rawStore } from '../../test-store';
import { openService, setUpClp } from './fixtures';

/** Opens the store file behind Teller's back, as someone editing it by hand would. */
function tamper(file: string, sql: string) {
  const db = rawStore(file);
  db.exec(sql);
  db.close();
}

function withResults() {
  const svc = openService();
  setUpClp(svc);
  const state = svc.ok<{ branches: { id: number }[] }>('getState');
  svc.ok('recordResult', { unit: 'branch', id: state.branches[0]!.id, result: 'selection', reason: 'Reported by the branch secretary.' });
  svc.ok('recordResult', { unit: 'branch', id: state.branches[1]!.id, result: 'reselect', reason: 'Reported by the branch secretary.' });
  svc.service.close(); // release the file; tests reopen it after tampering
  return svc;
}

function verdictAfter(sql: string) {
  const svc = withResults();
  tamper(svc.storePath, sql);
  const reopened = openService(path.dirname(svc.storePath));
  return reopened.ok<{ ok: boolean; problems: { message: string }[] }>('verifyAudit');
}

describe('the audit chain', () => {
  it('records every change with who, when, what, before and after', () => {
    const svc = openService();
    setUpClp(svc);
    const log = svc.ok<{ seq: number; action: string; actor: string; before: unknown; after: unknown }[]>('getAuditLog', { limit: 50 });
    expect(log.map((e) => e.action).reverse()).toEqual(['clp.save', 'branch.add', 'branch.add', 'affiliate.add', 'affiliate.add', 'ballot.create']);
    expect(log.every((e) => e.actor === 'test-secretary')).toBe(true);
    expect(log.at(-1)).toMatchObject({ seq: 1, before: null, after: { name: 'Ashbrook and Larkhill', code: 'E14009999', mpName: 'Imogen Carrow' } });
    expect(svc.ok('verifyAudit')).toMatchObject({ ok: true, entries: 6, problems: [] });
  });

  it('puts the change and its audit entry in one transaction: a refused change writes neither', () => {
    const svc = openService();
    setUpClp(svc);
    const before = svc.ok<{ audit: { entries: number } }>('getState').audit;
    expect(svc.call('addBranch', { name: 'ashbrook  WEST' }).ok).toBe(false);
    expect(svc.ok<{ audit: unknown }>('getState').audit).toEqual(before);
  });

  it('verifies an untouched chain', () => {
    const svc = withResults();
    const reopened = openService(path.dirname(svc.storePath));
    expect(reopened.ok('verifyAudit')).toMatchObject({ ok: true, entries: 8 });
  });

  it('detects an edited entry', () => {
    const v = verdictAfter(`UPDATE audit_entry SET after = replace(after, 'reselect', 'selection') WHERE seq = 8`);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.message)).toContain('Entry 8 has been altered since it was written.');
  });

  it('detects an edited actor or timestamp', () => {
    expect(verdictAfter(`UPDATE audit_entry SET actor = 'someone-else' WHERE seq = 3`).ok).toBe(false);
    expect(verdictAfter(`UPDATE audit_entry SET at = '2020-01-01T00:00:00Z' WHERE seq = 3`).ok).toBe(false);
  });

  it('detects a deleted entry in the middle', () => {
    const v = verdictAfter('DELETE FROM audit_entry WHERE seq = 4');
    expect(v.ok).toBe(false);
    expect(v.problems[0]?.message).toMatch(/Entry 4 is missing/);
  });

  it('detects the last entry deleted', () => {
    const v = verdictAfter('DELETE FROM audit_entry WHERE seq = 8');
    expect(v.ok).toBe(false);
    expect(v.problems.at(-1)?.message).toMatch(/removed from the end/);
  });

  it('detects reordered entries', () => {
    const v = verdictAfter('UPDATE audit_entry SET seq = -seq WHERE seq IN (5, 6); UPDATE audit_entry SET seq = 11 - (-seq) WHERE seq IN (-5, -6);');
    expect(v.ok).toBe(false);
  });

  it('detects an entry re-hashed by someone who forgot the rest of the chain', () => {
    const v = verdictAfter(`UPDATE audit_entry SET head = '${'a'.repeat(64)}' WHERE seq = 2`);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.message).join(' ')).toMatch(/Entry 3 does not follow on/);
  });
});

describe('the chain of links (docs/formats/report-v2.md section 2.5)', () => {
  const sha = (b: string | Buffer) => createHash('sha256').update(b).digest();

  it('gives the worked example its head: raw 32-byte links chained from 32 zero bytes', () => {
    const links = ['example entry 1', 'example entry 2', 'example entry 3'].map((t) => sha(t).toString('hex'));
    const heads = links.reduce((h, l) => [...h, nextHead(h.at(-1)!, l)], [EMPTY_HEAD]);
    expect(heads[2]).toBe('34cf2f54e455fbe17e552455eccba199c12e3fe05c931092e162ee18938fc3b3');
    expect(heads[3]).toBe('80aab343ff5027b2b23de11f158d083ef0d5ff5a8e51420e0352513f5d63aaa4');
  });

  it('links each entry to the SHA-256 of its content without hashes, before and after as JSON', () => {
    const svc = withResults();
    const raw = rawStore(svc.storePath, { readonly: true });
    const rows = raw.prepare('SELECT * FROM audit_entry ORDER BY seq').all() as Record<string, string | number | null>[];
    raw.close();
    let head = Buffer.alloc(32);
    for (const r of rows) {
      const content = { seq: r.seq, at: r.at, actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, before: r.before === null ? null : (JSON.parse(r.before as string) as unknown), after: r.after === null ? null : (JSON.parse(r.after as string) as unknown) };
      const link = sha(canonicalJson(content));
      expect(r.link).toBe(link.toString('hex'));
      head = sha(Buffer.concat([head, link]));
      expect(r.head).toBe(head.toString('hex'));
    }
    const reopened = openService(path.dirname(svc.storePath));
    expect(reopened.ok('verifyAudit')).toMatchObject({ ok: true, entries: rows.length, head: head.toString('hex') });
    expect(reopened.ok<{ audit: { head: string } }>('getState').audit.head).toBe(head.toString('hex'));
  });

  it('detects an inserted entry', () => {
    const v = verdictAfter(`INSERT INTO audit_entry SELECT 9, at, actor, action, entity, entity_id, before, after, link, head FROM audit_entry WHERE seq = 8`);
    expect(v.ok).toBe(false);
  });

  it('detects an edited link, even with the head beside it chained on', () => {
    const v = verdictAfter(`UPDATE audit_entry SET link = '${'b'.repeat(64)}' WHERE seq = 5`);
    expect(v.problems.map((p) => p.message)).toContain('Entry 5 has been altered since it was written.');
  });
});
