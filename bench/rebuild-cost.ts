// npm run bench:rebuild: what rebuilding the record from the audit log costs on a large store
// (100 branches and affiliates, 500 meetings, 10,000 check-ins), all made through the Api.
// Prints the figures; docs/audit-rebuild.md keeps the last ones measured.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { compareLogWithTables, readTableFacts, rebuildFromLog } from '../db/audit/rebuild';
import { checkExport } from '../db/signing/report-export';
import { TellerService } from '../db/service';
import { ClpStore } from '../db/store/clp-store';
import { unsealStoreKey } from '../db/store/store-key';
import { demoStorePath } from '../db/store/location';
import { EMPTY_RECORD } from '../shared/meetings';
import { presetById } from '../shared/rules';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-rebuild-'));
const storePath = path.join(dir, 'teller.sqlite');
let clock = Date.parse('2026-06-14T20:00:00Z');
const PASSPHRASE = 'a passphrase for the bench';
const svc = new TellerService({ actor: 'bench', now: () => new Date((clock += 1000)), storePath, demoPath: demoStorePath(storePath), passphrase: PASSPHRASE });
const h = svc.handlers as unknown as Record<string, (input: unknown) => unknown>;
const call = (method: string, input: unknown = {}) => h[method]!(input);

const started = performance.now();
call('saveClp', { name: 'Brambleford and Oakmere', code: 'E14008888', mpName: 'Owain Lomax' });
for (let i = 1; i <= 100; i++) call('addBranch', { name: `Ward ${i}` });
for (let i = 1; i <= 100; i++) call('addAffiliate', { name: `Union branch ${i}`, kind: 'trade-union', eligible: true, ineligibleReason: null });
call('saveBallot', { freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: presetById('labour-2021')!.rules });
for (let i = 1; i <= 100; i++) call('recordAffiliateDecision', { affiliateId: i, result: i % 3 === 0 ? 'reselect' : 'selection', receivedOn: '2026-06-20', method: 'letter', signedBy: 'R. Ogun' });
let checkins = 0;
for (let m = 0; m < 500; m++) {
  const branchId = (m % 100) + 1;
  const day = 1 + Math.floor(m / 100) * 7; // five meetings a branch, a week apart
  const { id } = call('scheduleMeeting', { branchId, date: `2026-06-${String(day).padStart(2, '0')}` }) as { id: number };
  for (let c = 0; c < 20; c++) {
    call('recordWalkIn', { meetingId: id, name: `Walk-in ${c}`, details: '', outcome: c % 4 === 0 ? 'refused' : 'provisional', note: 'Chair allowed' });
    checkins += 1;
  }
  if (m % 5 === 4) call('markMeeting', { meetingId: id, state: 'not-held', reason: 'Not quorate.' });
  else {
    call('saveMeetingDraft', { meetingId: id, record: { ...EMPTY_RECORD, chair: 'A. Chair', attendanceSource: 'manual', attendance: 30, eligibleAttendance: 25, votes: { selection: 12, reselect: 10, abstain: 2, spoilt: 1 } } });
    call('closeMeeting', { meetingId: id });
  }
}
for (let i = 0; i < 50; i++) call('logComplaint', { receivedOn: '2026-06-20', complainant: '', contact: '', about: 'process', meetingId: null, category: 'other', summary: 'Text.' });
const built = performance.now() - started;

svc.close();
const again = new TellerService({ actor: 'bench', now: () => new Date((clock += 1000)), storePath, demoPath: demoStorePath(storePath), passphrase: PASSPHRASE });
const store = new ClpStore(storePath, { actor: 'bench', now: () => new Date(clock) }, { key: unsealStoreKey(storePath, { passphrase: PASSPHRASE }) });
const db = store.db;
const entries = (db.prepare('SELECT COUNT(*) AS n FROM audit_entry').get() as { n: number }).n;
const size = fs.statSync(storePath).size + (fs.existsSync(`${storePath}-wal`) ? fs.statSync(`${storePath}-wal`).size : 0);

function median(fn: () => void, runs = 7): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const compare = median(() => {
  const r = compareLogWithTables(db);
  if (r.differences.length > 0 || r.unverifiable.length > 0) throw new Error(`false alarm: ${JSON.stringify(r).slice(0, 500)}`);
});
const replay = median(() => rebuildFromLog(db));
const tables = median(() => readTableFacts(db));
const verify = median(() => (again.handlers as unknown as Record<string, (input: unknown) => unknown>).verifyAudit!({}));
const exportCheck = median(() => checkExport(store, { status: 'interim' }));
console.log(
  JSON.stringify(
    {
      store: { branches: 100, affiliates: 100, meetings: 500, checkins, auditEntries: entries, bytes: size, builtInMs: Math.round(built) },
      medianMs: { rebuildAndCompare: Math.round(compare), replayLogOnly: Math.round(replay), readTablesOnly: Math.round(tables), verifyAudit: Math.round(verify), exportCheck: Math.round(exportCheck) },
    },
    null,
    2,
  ),
);
store.close();
again.close();
fs.rmSync(dir, { recursive: true, force: true });
