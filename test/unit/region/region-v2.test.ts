import { describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { ExportedReportInfo, Job, Region, RegionClp, ReportImportRow, Signing, TellerState } from '../../../shared/api';
import { ballotStatus } from '../../../shared/ballot-status';
import { openService, setUpClp, tempDir } from '../db/fixtures';
import { linksFor, newKey, payloadV2, signedV2 } from './hostile-reports';

/* Version 2 reports at the regional office: check 8 (continuity) and what version 2 tells an officer. */

function office() {
  const svc = openService();
  const dir = tempDir();
  let n = 0;
  const importOne = (name: string, text: string): ReportImportRow => {
    const file = path.join(dir, String(n++), name);
    fs.mkdirSync(path.dirname(file));
    fs.writeFileSync(file, text);
    const job = svc.ok<Job>('importReports', { fileIds: [svc.service.staged.add(file)] });
    if (job.state !== 'done' || !job.reports) throw new Error(`the job ended ${job.state}: ${job.message ?? ''}`);
    return job.reports[0]!;
  };
  const key = newKey();
  svc.ok('trustKey', { clp: 'Northgate and Eastmere', key: key.keyId });
  return { svc, key, importOne };
}

describe('check 8, continuity: each revision’s history begins with every earlier revision’s', () => {
  const base = linksFor('record', 40);
  const r1 = payloadV2(base.slice(0, 30), { status: 'interim' });
  const r2 = { ...payloadV2(base, { status: 'interim' }), ballotId: r1.ballotId, revision: 2 };

  it('accepts a revision that only adds to the record, and the drill-down says by how much', () => {
    const o = office();
    expect(o.importOne('r1', signedV2(r1, o.key)).verdict).toBe('accepted');
    expect(o.importOne('r2', signedV2(r2, o.key)).verdict).toBe('accepted');
    const d = o.svc.ok<RegionClp>('getRegionClp', { ballotId: r1.ballotId });
    expect(d.revisions.map((r) => [r.revision, r.verdict, r.history?.entries, r.continuity?.state, r.continuity?.added])).toEqual([
      [1, 'accepted', 30, 'first', null],
      [2, 'accepted', 40, 'extends', 10],
    ]);
    expect(d.revisions[1]!.continuity!.message).toBe('Extends revision 1: its record was only added to (10 entries more).');
  });

  it('refuses a revision whose history rewrites an entry, naming the earliest revision it fails to extend', () => {
    const o = office();
    o.importOne('r1', signedV2(r1, o.key));
    o.importOne('r2', signedV2(r2, o.key));
    // Entry 35 rewritten: only revision 2 held it.
    const late = [...base.slice(0, 34), ...linksFor('rewritten', 1), ...base.slice(35), ...linksFor('more', 5)];
    const r3 = { ...payloadV2(late), ballotId: r1.ballotId, revision: 3 };
    const refused = o.importOne('r3', signedV2(r3, o.key));
    expect(refused).toMatchObject({
      verdict: 'refused',
      problems: [{ code: 'continuity', message: "Its history does not extend revision 2: it does not begin with that revision's 40 entries, so the CLP's record was changed, not only added to, between them." }],
    });
    // Entry 3 rewritten: revision 1 already held it, so it is revision 1 that is named.
    const early = [...base.slice(0, 2), ...linksFor('rewritten', 1), ...base.slice(3), ...linksFor('more', 5)];
    const other = o.importOne('r3b', signedV2({ ...payloadV2(early), ballotId: r1.ballotId, revision: 3 }, o.key));
    expect(other.problems.map((p) => [p.code, p.message.slice(0, 41)])).toEqual([['continuity', 'Its history does not extend revision 1: i']]);
    expect(o.svc.ok<Region>('getRegion').rows).toMatchObject([{ revision: 2 }]);
  });

  it('refuses an older revision arriving after a newer one: the newer history must begin with it, and only heads are kept', () => {
    const o = office();
    o.importOne('r2', signedV2(r2, o.key));
    const late = o.importOne('r1', signedV2(r1, o.key));
    expect(late).toMatchObject({
      verdict: 'refused',
      problems: [{ code: 'continuity', message: "Revision 2, already accepted, is later than this one: a report's history must begin with the history of every revision already accepted, so this earlier revision, arriving after it, is kept out." }],
    });
    expect(o.svc.ok<Region>('getRegion').rows).toMatchObject([{ revision: 2 }]);
    // The store keeps each revision's number of entries and head, not its links.
    expect(o.svc.service.store.db.prepare('SELECT history_entries, history_head FROM region_revision').all()).toEqual([{ history_entries: 40, history_head: r2.history.head }]);
    expect((o.svc.service.store.db.prepare('SELECT payload FROM region_revision').get() as { payload: string }).payload).not.toContain(base[0]!);
  });
});

describe('what version 2 tells the officer', () => {
  it('marks a corrected meeting, lists the ineligible affiliate with its reason and a late decision, and counts only eligible affiliates', () => {
    const o = office();
    const p = payloadV2(linksFor('record', 5));
    expect(o.importOne('r1', signedV2(p, o.key)).verdict).toBe('accepted');
    const [row] = o.svc.ok<Region>('getRegion').rows;
    expect(row).toMatchObject({ version: 2, standing: 'final', certain: true, branches: 2, branchesReporting: 2, branchesPending: 0, affiliates: 1, affiliatesReporting: 1, affiliatesPending: 0 });
    const d = o.svc.ok<RegionClp>('getRegionClp', { ballotId: p.ballotId });
    expect(d.branches.map((b) => [b.name, b.meeting?.versions, b.meeting?.corrected])).toEqual([
      ['North Ward', 2, true],
      ['South Ward', 1, false],
    ]);
    expect(d.affiliates).toEqual([
      { name: 'Invented Workers Union', kind: 'trade-union', result: 'no-vote', noVoteReason: 'declined', eligible: true, ineligibleReason: null, decision: { receivedOn: '2026-06-20', late: true } },
      { name: 'Invented Ineligible Society', kind: 'socialist-society', result: 'no-vote', noVoteReason: 'ineligible', eligible: false, ineligibleReason: 'Not affiliated at the freeze date', decision: null },
    ]);
    expect(d.revisions[0]!.history).toEqual({ entries: 5, head: p.history.head });
  });
});

describe('the overview counts as the secretary’s dashboard does', () => {
  it('an interim version 2 report with units yet to report: reported and pending per class, and undecided while it could change', () => {
    const clp = openService();
    setUpClp(clp);
    const state = clp.ok<TellerState>('getState');
    clp.ok('recordResult', { unit: 'branch', id: state.branches[0]!.id, result: 'no-vote', reason: 'The meeting was not quorate.' });
    clp.ok('unlockSigningKey', { passphrase: 'correct horse battery staple' });
    const report = clp.ok<ExportedReportInfo>('exportReport', { status: 'interim' });
    const dashboard = ballotStatus(state)!;

    const o = office();
    const keyId = clp.ok<Signing>('getSigning').current!.keyId;
    o.svc.ok('trustKey', { clp: state.clp!.name, key: keyId });
    expect(o.importOne('r1', report.json).verdict).toBe('accepted');
    const [row] = o.svc.ok<Region>('getRegion').rows;
    const after = ballotStatus(clp.ok<TellerState>('getState'))!;
    expect(row).toMatchObject({
      version: 2,
      status: 'interim',
      branches: after.units.branches,
      branchesReporting: after.units.branches - after.pending.branches,
      branchesPending: after.pending.branches,
      affiliates: after.units.affiliates,
      affiliatesPending: after.pending.affiliates,
    });
    expect([row!.branchesReporting, row!.branchesPending]).toEqual([1, 1]);
    expect(row!.standing).toBe(row!.certain ? 'interim' : 'undecided');
    expect(row!.certain).toBe(after.ahead.certain !== null); // the dashboard's "not decided yet" is null
    expect(dashboard.units.affiliates).toBe(1); // the ineligible affiliate is no unit
  });
});
