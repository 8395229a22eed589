import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openService, setUpClp } from './fixtures';

/** Opens the store file behind Teller's back, as someone editing it by hand would. */
function tamper(file: string, sql: string) {
  const db = new Database(file);
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
    const v = verdictAfter(`UPDATE audit_entry SET hash = '${'a'.repeat(64)}' WHERE seq = 2`);
    expect(v.ok).toBe(false);
    expect(v.problems.map((p) => p.message).join(' ')).toMatch(/Entry 3 does not follow on/);
  });
});
