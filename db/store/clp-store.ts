import { randomUUID } from 'node:crypto';
import type { Affiliate, ApiParsedInput, Eligibility, AuditEntry, AuditVerdict, Ballot, Branch, TellerState } from '../../shared/api';
import { ballotProblems } from '../../shared/ballot-rules';
import { TellerError } from '../../shared/errors';
import { utcInstant } from '../../shared/time';
import type { QuorumRule } from '../../shared/meetings';
import type { RuleSet } from '../../shared/rules';
import { appendAudit, auditHead, readAuditLog, verifyAuditChain } from './audit';
import { complaintCounts } from '../complaints/complaints';
import type Database from 'better-sqlite3';
import { openStore, type Db } from './open';

/** The clock and the person acting, supplied by the host. */
export interface WriteContext {
  actor: string;
  now: () => Date;
}

/** Names compare case- and space-insensitively: "Castle  Ward" and "castle ward" are the same branch. */
export function nameKey(name: string): string {
  return name.normalize('NFKC').toLocaleLowerCase('en-GB').replace(/\s+/g, ' ').trim();
}

interface ClpRow { name: string; code: string | null; mp_name: string }
interface BranchRow { id: number; name: string; result: Branch['result']; recorded_at: string | null }
interface AffiliateRow {
  received_on: string | null;
  method: 'form' | 'letter' | 'email' | null;
  signed_by: string | null;
  id: number;
  name: string;
  kind: Affiliate['kind'];
  eligible: 0 | 1;
  ineligible_reason: string | null;
  result: Affiliate['result'];
  recorded_at: string | null;
}
interface BallotRow { id: string; freeze_date: string; opens_on: string; closes_on: string; rules: string; snapshot_id: number | null; eligibility: string; quorum: string }

/**
 * One CLP's store. Every change goes through `change`: one immediate transaction that makes
 * the change and appends its hash-chained audit entry, so neither can exist without the other.
 */
export class ClpStore {
  readonly db: Db;

  constructor(
    readonly file: string,
    private readonly ctx: WriteContext,
  ) {
    this.db = openStore(file);
  }

  close(): void {
    this.db.close();
  }

  private readonly statements = new Map<string, Database.Statement>();

  /** A prepared statement, prepared once: for queries on hot paths such as the door desk's search. */
  stmt(sql: string): Database.Statement {
    let st = this.statements.get(sql);
    if (!st) {
      st = this.db.prepare(sql);
      this.statements.set(sql, st);
    }
    return st;
  }

  /** The one write path: the change and its audit entry in one immediate transaction. */
  change(action: string, entity: string, apply: () => { entityId: string; before: unknown; after: unknown }): void {
    this.db
      .transaction(() => {
        const { entityId, before, after } = apply();
        appendAudit(this.db, { at: utcInstant(this.ctx.now()), actor: this.ctx.actor, action, entity, entityId, before, after });
      })
      .immediate();
  }

  clp(): TellerState['clp'] {
    const row = this.db.prepare('SELECT name, code, mp_name FROM clp WHERE id = 1').get() as ClpRow | undefined;
    return row ? { name: row.name, code: row.code, mpName: row.mp_name } : null;
  }

  ballot(): Ballot | null {
    const row = this.stmt('SELECT * FROM ballot ORDER BY rowid LIMIT 1').get() as BallotRow | undefined;
    return row
      ? {
          id: row.id,
          freezeDate: row.freeze_date,
          opensOn: row.opens_on,
          closesOn: row.closes_on,
          rules: JSON.parse(row.rules) as RuleSet,
          snapshotId: row.snapshot_id,
          eligibility: JSON.parse(row.eligibility) as Eligibility,
          quorum: JSON.parse(row.quorum) as QuorumRule,
        }
      : null;
  }

  branches(): Branch[] {
    const ballotId = this.ballot()?.id ?? null;
    const rows = this.db
      .prepare(
        `SELECT b.id, b.name, r.result, r.recorded_at FROM branch b
         LEFT JOIN unit_result r ON r.branch_id = b.id AND r.ballot_id = ?
         ORDER BY b.name_key`,
      )
      .all(ballotId) as BranchRow[];
    return rows.map((r) => ({ id: r.id, name: r.name, result: r.result ?? null, resultRecordedAt: r.recorded_at ?? null }));
  }

  affiliates(): Affiliate[] {
    const ballot = this.ballot();
    const ballotId = ballot?.id ?? null;
    const rows = this.db
      .prepare(
        `SELECT a.id, a.name, a.kind, a.eligible, a.ineligible_reason, r.result, r.recorded_at, d.received_on, d.method, d.signed_by FROM affiliate a
         LEFT JOIN unit_result r ON r.affiliate_id = a.id AND r.ballot_id = ?
         LEFT JOIN affiliate_decision d ON d.affiliate_id = a.id AND d.ballot_id = ?
         ORDER BY a.name_key`,
      )
      .all(ballotId, ballotId) as AffiliateRow[];
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      kind: r.kind,
      eligible: r.eligible === 1,
      ineligibleReason: r.ineligible_reason,
      result: r.result ?? null,
      resultRecordedAt: r.recorded_at ?? null,
      decision:
        r.received_on && r.method && r.signed_by !== null
          ? { receivedOn: r.received_on, method: r.method, signedBy: r.signed_by, late: ballot !== null && r.received_on > ballot.closesOn }
          : null,
    }));
  }

  state(demo: boolean): TellerState {
    return {
      store: { demo, path: this.file },
      clp: this.clp(),
      branches: this.branches(),
      affiliates: this.affiliates(),
      ballot: this.ballot(),
      audit: auditHead(this.db),
      complaints: complaintCounts(this),
    };
  }

  private requireClp(): void {
    if (!this.clp()) throw new TellerError('no-clp', "Save the CLP's name and sitting MP first.");
  }

  private requireUniqueName(table: 'branch' | 'affiliate', name: string, exceptId: number | null): void {
    const row = this.db.prepare(`SELECT id, name FROM ${table} WHERE name_key = ?`).get(nameKey(name)) as { id: number; name: string } | undefined;
    if (row && row.id !== exceptId) {
      const what = table === 'branch' ? 'A branch' : 'An affiliate';
      throw new TellerError('duplicate-name', `${what} called "${row.name}" already exists. Names must be different.`, 'name');
    }
  }

  private branchById(id: number): Branch {
    const b = this.branches().find((x) => x.id === id);
    if (!b) throw new TellerError('not-found', 'That branch no longer exists. It may have been deleted.');
    return b;
  }

  private affiliateById(id: number): Affiliate {
    const a = this.affiliates().find((x) => x.id === id);
    if (!a) throw new TellerError('not-found', 'That affiliate no longer exists. It may have been deleted.');
    return a;
  }

  saveClp(input: ApiParsedInput<'saveClp'>): void {
    const after = { name: input.name, code: input.code, mpName: input.mpName };
    this.change('clp.save', 'clp', () => {
      const before = this.clp();
      this.db
        .prepare('INSERT INTO clp (id, name, code, mp_name) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, code = excluded.code, mp_name = excluded.mp_name')
        .run(after.name, after.code, after.mpName);
      return { entityId: '1', before, after };
    });
  }

  addBranch(input: ApiParsedInput<'addBranch'>): void {
    this.requireClp();
    this.requireUniqueName('branch', input.name, null);
    this.change('branch.add', 'branch', () => {
      const { lastInsertRowid } = this.db.prepare('INSERT INTO branch (name, name_key) VALUES (?, ?)').run(input.name, nameKey(input.name));
      return { entityId: String(lastInsertRowid), before: null, after: { name: input.name } };
    });
  }

  renameBranch(input: ApiParsedInput<'renameBranch'>): void {
    const existing = this.branchById(input.id);
    this.requireUniqueName('branch', input.name, input.id);
    this.change('branch.rename', 'branch', () => {
      const entityId = String(input.id);
      this.db.prepare('UPDATE branch SET name = ?, name_key = ? WHERE id = ?').run(input.name, nameKey(input.name), input.id);
      return { entityId, before: { name: existing.name }, after: { name: input.name } };
    });
  }

  deleteBranch(input: ApiParsedInput<'deleteBranch'>): void {
    const existing = this.branchById(input.id);
    this.change('branch.delete', 'branch', () => {
      const entityId = String(input.id);
      this.db.prepare('DELETE FROM branch WHERE id = ?').run(input.id);
      return { entityId, before: { name: existing.name, result: existing.result }, after: null };
    });
  }

  private affiliateValues(input: ApiParsedInput<'addAffiliate'>) {
    const reason = input.ineligibleReason?.trim() ?? '';
    if (!input.eligible && reason === '') {
      throw new TellerError('invalid-input', 'Say why this affiliate is not eligible, e.g. "affiliation fees not paid by the cut-off date".', 'ineligibleReason');
    }
    return { name: input.name, kind: input.kind, eligible: input.eligible, ineligibleReason: input.eligible ? null : reason };
  }

  addAffiliate(input: ApiParsedInput<'addAffiliate'>): void {
    this.requireClp();
    const v = this.affiliateValues(input);
    this.requireUniqueName('affiliate', v.name, null);
    this.change('affiliate.add', 'affiliate', () => {
      const { lastInsertRowid } = this.db
        .prepare('INSERT INTO affiliate (name, name_key, kind, eligible, ineligible_reason) VALUES (?, ?, ?, ?, ?)')
        .run(v.name, nameKey(v.name), v.kind, v.eligible ? 1 : 0, v.ineligibleReason);
      return { entityId: String(lastInsertRowid), before: null, after: v };
    });
  }

  updateAffiliate(input: ApiParsedInput<'updateAffiliate'>): void {
    const existing = this.affiliateById(input.id);
    const v = this.affiliateValues(input);
    this.requireUniqueName('affiliate', v.name, input.id);
    this.change('affiliate.update', 'affiliate', () => {
      const entityId = String(input.id);
      this.db
        .prepare('UPDATE affiliate SET name = ?, name_key = ?, kind = ?, eligible = ?, ineligible_reason = ? WHERE id = ?')
        .run(v.name, nameKey(v.name), v.kind, v.eligible ? 1 : 0, v.ineligibleReason, input.id);
      return {
        entityId,
        before: { name: existing.name, kind: existing.kind, eligible: existing.eligible, ineligibleReason: existing.ineligibleReason },
        after: v,
      };
    });
  }

  deleteAffiliate(input: ApiParsedInput<'deleteAffiliate'>): void {
    const existing = this.affiliateById(input.id);
    this.change('affiliate.delete', 'affiliate', () => {
      const entityId = String(input.id);
      this.db.prepare('DELETE FROM affiliate WHERE id = ?').run(input.id);
      return { entityId, before: existing, after: null };
    });
  }

  saveBallot(input: ApiParsedInput<'saveBallot'>): void {
    this.requireClp();
    const rules: RuleSet = { ...input.rules };
    if (rules.method !== 'college') {
      delete rules.weights;
      delete rules.emptyClass;
    }
    const draft = { freezeDate: input.freezeDate, opensOn: input.opensOn, closesOn: input.closesOn, rules };
    const problem = ballotProblems(draft)[0];
    if (problem) {
      throw new TellerError(problem.field.startsWith('rules') ? 'invalid-rules' : 'invalid-dates', problem.message, problem.field);
    }
    const existing = this.ballot();
    const id = existing?.id ?? randomUUID();
    this.change(existing ? 'ballot.update' : 'ballot.create', 'ballot', () => {
      this.db
        .prepare(
          `INSERT INTO ballot (id, freeze_date, opens_on, closes_on, rules) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (id) DO UPDATE SET freeze_date = excluded.freeze_date, opens_on = excluded.opens_on,
             closes_on = excluded.closes_on, rules = excluded.rules`,
        )
        .run(id, draft.freezeDate, draft.opensOn, draft.closesOn, JSON.stringify(rules));
      return { entityId: id, before: existing && { id, freezeDate: existing.freezeDate, opensOn: existing.opensOn, closesOn: existing.closesOn, rules: existing.rules }, after: { id, ...draft } };
    });
  }

  recordResult(input: ApiParsedInput<'recordResult'>): void {
    const ballot = this.ballot();
    if (!ballot) throw new TellerError('no-ballot', 'Set up the trigger ballot (freeze date, timetable and rules) before recording results.');
    const unit = input.unit === 'branch' ? this.branchById(input.id) : this.affiliateById(input.id);
    if (input.unit === 'affiliate' && input.result !== null) {
      const affiliate = this.affiliateById(input.id);
      if (!affiliate.eligible) {
        throw new TellerError('unit-not-eligible', `${affiliate.name} is not eligible to take part (${affiliate.ineligibleReason ?? 'no reason given'}), so its result cannot be recorded.`);
      }
    }
    const column = input.unit === 'branch' ? 'branch_id' : 'affiliate_id';
    const at = utcInstant(this.ctx.now());
    this.change('result.record', input.unit, () => {
      const entityId = String(input.id);
      this.db.prepare(`DELETE FROM unit_result WHERE ballot_id = ? AND ${column} = ?`).run(ballot.id, input.id);
      if (input.result !== null) {
        this.db.prepare(`INSERT INTO unit_result (ballot_id, ${column}, result, recorded_at) VALUES (?, ?, ?, ?)`).run(ballot.id, input.id, input.result, at);
      }
      return { entityId, before: { name: unit.name, result: unit.result }, after: { name: unit.name, result: input.result } };
    });
  }

  /** An affiliate's decision as it arrived: its result, when, how and who signed it. */
  recordAffiliateDecision(input: ApiParsedInput<'recordAffiliateDecision'>): void {
    const ballot = this.ballot();
    if (!ballot) throw new TellerError('no-ballot', 'Set up the trigger ballot (freeze date, timetable and rules) before recording results.');
    const affiliate = this.affiliateById(input.affiliateId);
    if (!affiliate.eligible) {
      throw new TellerError('unit-not-eligible', `${affiliate.name} is not eligible to take part (${affiliate.ineligibleReason ?? 'no reason given'}), so its decision cannot be counted.`);
    }
    const at = utcInstant(this.ctx.now());
    this.change('affiliate.decision', 'affiliate', () => {
      this.db.prepare('DELETE FROM unit_result WHERE ballot_id = ? AND affiliate_id = ?').run(ballot.id, input.affiliateId);
      this.db.prepare('INSERT INTO unit_result (ballot_id, affiliate_id, result, recorded_at) VALUES (?, ?, ?, ?)').run(ballot.id, input.affiliateId, input.result, at);
      this.db
        .prepare(
          `INSERT INTO affiliate_decision (ballot_id, affiliate_id, received_on, method, signed_by) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT (ballot_id, affiliate_id) DO UPDATE SET received_on = excluded.received_on, method = excluded.method, signed_by = excluded.signed_by`,
        )
        .run(ballot.id, input.affiliateId, input.receivedOn, input.method, input.signedBy);
      const late = input.receivedOn > ballot.closesOn;
      return {
        entityId: String(input.affiliateId),
        before: { name: affiliate.name, result: affiliate.result, decision: affiliate.decision },
        after: { name: affiliate.name, result: input.result, receivedOn: input.receivedOn, method: input.method, signedBy: input.signedBy, late },
      };
    });
  }

  auditLog(limit: number): AuditEntry[] {
    return readAuditLog(this.db, limit);
  }

  verifyAudit(): AuditVerdict {
    return verifyAuditChain(this.db);
  }
}
