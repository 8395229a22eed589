import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, Backup, DataPlace, Desk, DeskMember, TellerState } from '../../../shared/api';
import { EMPTY_RECORD } from '../../../shared/meetings';
import { syntheticMembers, syntheticMembershipCsv, syntheticRegisterCsv } from '../../../db/members/synthetic-members';
import { backupDir } from '../../../db/store/backups';
import { demoStorePath } from '../../../db/store/location';
import { TellerService } from '../../../db/service';
import { dispatchCall } from '../../../shared/api-dispatch';
import { rawStore, TEST_PASSPHRASE } from '../../test-store';
import { steppingClock } from './fixtures';
import { openService, previewOf, setUpClp, tempDir } from './fixtures';

const BRANCHES = ['Ashbrook West', 'Fernley South'];
const sha = (s: string) => `sha256:${createHash('sha256').update(s, 'utf8').digest('hex')}`;

// Free text and door-desk details, each naming people the lists do not (so a find is never the lists').
const WALK_IN = { name: 'Tobias Wrenfield', details: 'Phone 07700 900123, 4 Quillon Yard', note: 'Ruling: Wrenfield votes provisionally' };
const CHECKIN_NOTE = 'NoteMentions Persephone Quillfeather';
const COMPLAINT = { complainant: 'Orla Cardew', contact: 'orla.cardew@example.invalid', summary: 'Ambrose Fettle was turned away', outcome: 'Spoke to Fettle by phone' };
const MEETING = { chair: 'Ffion Maddocks-Vane', secretary: 'Iolo Brackenridge', others: 'Hesper Ludgate', notes: 'Minutes kept by Alaric Penhallow' };
const SIGNED_BY = 'Mabli Signatory-Pryce';
const FILE_NAME = 'members-from-Xanthippe.csv';

/** A CLP with every kind of personal data Teller keeps: lists, door desk, complaint, notes, a decision, backups and a waiting upload. */
function loadedStore() {
  const dir = tempDir();
  const svc = openService(dir);
  setUpClp(svc);
  // A ballot that closed on 12 June (the test clock reads 14 June), so personal data may be deleted.
  const ballot = svc.ok<TellerState>('getState').ballot!;
  svc.ok('saveBallot', { freezeDate: ballot.freezeDate, opensOn: ballot.opensOn, closesOn: '2026-06-12', rules: ballot.rules });
  const members = syntheticMembers(40, BRANCHES, 21);
  const listFile = path.join(tempDir(), FILE_NAME);
  fs.writeFileSync(listFile, syntheticMembershipCsv(members));
  let fileId = svc.service.staged.add(listFile);
  svc.ok('startImport', { kind: 'members', fileId, mapping: previewOf(svc, { kind: 'members', fileId }).mapping });
  const registerFile = path.join(tempDir(), 'register-Ottoline.csv');
  fs.writeFileSync(registerFile, syntheticRegisterCsv(members, 60));
  fileId = svc.service.staged.add(registerFile);
  svc.ok('startImport', { kind: 'register', fileId, mapping: previewOf(svc, { kind: 'register', fileId }).mapping });
  svc.ok('crossMatchRegister');
  const state = svc.ok<TellerState>('getState');
  const branch = state.branches.find((b) => b.name === 'Ashbrook West')!;
  const meeting = svc.ok<{ id: number }>('scheduleMeeting', { branchId: branch.id, date: '2026-06-10' });
  const someone = members.find((m) => m.branch === 'Ashbrook West')!;
  const found = svc.ok<DeskMember[]>('searchMembers', { meetingId: meeting.id, query: someone.number });
  svc.ok<Desk>('recordCheckin', { meetingId: meeting.id, memberId: found[0]!.id, outcome: 'refused', note: CHECKIN_NOTE });
  svc.ok('recordWalkIn', { meetingId: meeting.id, name: WALK_IN.name, details: WALK_IN.details, outcome: 'provisional', note: WALK_IN.note });
  const complaint = svc.ok<{ id: number }>('logComplaint', { receivedOn: '2026-06-11', complainant: COMPLAINT.complainant, contact: COMPLAINT.contact, about: 'The meeting', meetingId: meeting.id, category: 'conduct', summary: COMPLAINT.summary });
  svc.ok('updateComplaint', { id: complaint.id, status: 'resolved', outcome: COMPLAINT.outcome, outcomeOn: '2026-06-12' });
  svc.ok('saveMeetingDraft', { meetingId: meeting.id, record: { ...EMPTY_RECORD, time: '19:30', venue: 'Hall', ...MEETING, attendanceSource: 'manual', attendance: 3, eligibleAttendance: 3, votes: { selection: 2, reselect: 1, abstain: 0, spoilt: 0 } } });
  const union = state.affiliates.find((a) => a.eligible)!;
  svc.ok('recordAffiliateDecision', { affiliateId: union.id, result: 'selection', receivedOn: '2026-06-12', method: 'letter', signedBy: SIGNED_BY });
  const onRequest = svc.ok<Backup[]>('backupNow').find((b) => b.name.includes('on-request'))!;
  // An upload of the list waiting to be imported (the browser version's staging folder). Written
  // in plain text here, not encrypted as Teller writes uploads, so the search below would find it
  // if the purge left it.
  const upload = svc.service.staged.uploadTarget('members.csv');
  fs.writeFileSync(upload.path, syntheticMembershipCsv(members));
  svc.service.staged.uploaded(upload.id);
  // What an interrupted backup leaves behind: never listed, but it holds the store.
  fs.copyFileSync(path.join(backupDir(svc.storePath), onRequest.name), path.join(backupDir(svc.storePath), '.teller-20260612-on-request-abc.partial'));
  const needles = [
    ...new Set([
      ...members.flatMap((m) => [`${m.first} ${m.last}`, m.number, m.postcode, `${m.first.toLowerCase()}@example.invalid`, m.street]),
      ...members.map((m) => m.last).filter((l) => l.length >= 5),
      WALK_IN.name,
      '07700 900123',
      'Quillon Yard',
      'Wrenfield',
      'Persephone',
      'Quillfeather',
      COMPLAINT.complainant,
      COMPLAINT.contact,
      'Ambrose Fettle',
      'Fettle',
      MEETING.chair,
      MEETING.secretary,
      MEETING.others,
      'Penhallow',
      SIGNED_BY,
      'Xanthippe',
      'Ottoline',
    ]),
  ];
  return { dir, svc, members, meeting, needles };
}

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? filesUnder(p) : e.isFile() ? [p] : [];
  });
}

/**
 * What a file holds as someone with the store's key would read it: a copy (with its -wal) opened
 * with the key, every row of every table as JSON; empty when it is not a store or backup.
 */
function decrypted(file: string, storePath: string): string {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-decrypt-'));
  try {
    const copy = path.join(scratch, 'copy.sqlite');
    fs.copyFileSync(file, copy);
    if (fs.existsSync(`${file}-wal`)) fs.copyFileSync(`${file}-wal`, `${copy}-wal`);
    const db = rawStore(copy, { fileMustExist: true }, storePath);
    try {
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
      return tables.map((t) => JSON.stringify(db.prepare(`SELECT * FROM "${t.name}"`).all())).join('\n');
    } finally {
      db.close();
    }
  } catch {
    return '';
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * Each needle found in any file under the folder, as plain UTF-8 or UTF-16 in its bytes, or
 * in what the file holds once opened with the store's key, with the file it is in.
 */
function findAnywhere(dir: string, needles: readonly string[], storePath: string): string[] {
  const found: string[] = [];
  for (const file of filesUnder(dir)) {
    const bytes = fs.readFileSync(file);
    const opened = /-(wal|shm)$/.test(file) ? '' : decrypted(file, storePath);
    for (const n of needles) {
      if (bytes.includes(Buffer.from(n, 'utf8')) || bytes.includes(Buffer.from(n, 'utf16le'))) found.push(`${n} in ${path.relative(dir, file)}`);
      else if (opened.includes(JSON.stringify(n).slice(1, -1))) found.push(`${n} in ${path.relative(dir, file)} (opened with the key)`);
    }
  }
  return found;
}

describe('deleting personal data', () => {
  it('erases it from every file in the data folder: store, -wal, -shm, backups, leftovers and uploads; no listed backup brings it back', () => {
    const { dir, svc, needles } = loadedStore();
    // Before: the data is there, in the store, its backups, the leftover and the upload.
    const before = findAnywhere(dir, needles, svc.storePath);
    for (const place of ['teller.sqlite', `backups${path.sep}`, '.partial', `teller.sqlite.uploads${path.sep}`]) expect(before.some((f) => f.includes(place)), place).toBe(true);
    expect(fs.existsSync(`${svc.storePath}-wal`)).toBe(true);
    const state = svc.ok<TellerState>('purgePersonalData', { confirmName: 'Ashbrook and Larkhill' });
    expect(state.purge).toMatchObject({ complete: true, at: expect.stringMatching(/^2026-06-14T/) as unknown });
    expect(state.purge!.deleted).toEqual(
      expect.arrayContaining([
        { what: 'Members on the membership lists', count: 40 },
        { what: 'Electoral register entries', count: 60 },
        { what: 'Backups made before the purge', count: 4 }, // two before imports, one on request, and the leftover
        { what: 'Files waiting to be imported', count: 1 },
      ]),
    );
    expect(svc.ok<{ ok: boolean }>('verifyAudit').ok).toBe(true);
    // While Teller is still open (the -wal and -shm are there), and after it closes.
    expect(findAnywhere(dir, needles, svc.storePath)).toEqual([]);
    // A backup made after the purge, restored, and the one the restore keeps, restored too.
    svc.ok<Backup[]>('backupNow');
    const listed = svc.ok<Backup[]>('listBackups');
    expect(listed).toHaveLength(1);
    svc.ok('restoreBackup', { name: listed[0]!.name });
    const afterRestore = svc.ok<Backup[]>('listBackups');
    expect(afterRestore).toHaveLength(2);
    for (const b of afterRestore) {
      svc.ok('restoreBackup', { name: b.name });
      expect(svc.ok<TellerState>('getState').purge?.complete).toBe(true);
      expect(findAnywhere(dir, needles, svc.storePath)).toEqual([]);
    }
    svc.service.close();
    expect(findAnywhere(dir, needles, svc.storePath)).toEqual([]);
  });

  it('is refused a second time, by the service as well as the screen, changing nothing', () => {
    const { svc } = loadedStore();
    svc.ok('purgePersonalData', { confirmName: 'Ashbrook and Larkhill' });
    const state = svc.ok<TellerState>('getState');
    const again = svc.call('purgePersonalData', { confirmName: 'Ashbrook and Larkhill' });
    expect(again.ok ? null : again.error).toMatchObject({ code: 'already-purged', message: expect.stringMatching(/^Personal data was already deleted from this store on 14 June 2026, \d\d:\d\d BST\. There is nothing more to delete\.$/) as unknown });
    expect(svc.ok<TellerState>('getState')).toEqual(state);
    // No list can be taken in again, so the purge stays true.
    const file = path.join(tempDir(), 'm.csv');
    fs.writeFileSync(file, syntheticMembershipCsv(syntheticMembers(3, BRANCHES, 5)));
    const refused = svc.call('startImport', { kind: 'members', fileId: svc.service.staged.add(file) });
    expect(refused.ok ? null : refused.error).toMatchObject({ code: 'already-purged' });
    expect(svc.ok<TellerState>('getState')).toEqual(state);
  });

  it('keeps free text out of the audit chain: each entry holds its SHA-256, with every number and id', () => {
    const { svc, meeting } = loadedStore();
    const log = svc.ok<AuditEntry[]>('getAuditLog', { limit: 200 });
    const after = (action: string) => log.find((e) => e.action === action)!.after as Record<string, unknown>;
    expect(after('checkin.refused')).toMatchObject({ meetingId: meeting.id, memberId: expect.any(Number) as unknown, outcome: 'refused', note: sha(CHECKIN_NOTE) });
    expect(after('checkin.walk-in-provisional')).toMatchObject({ meetingId: meeting.id, outcome: 'provisional', note: sha(WALK_IN.note) });
    expect(after('complaint.log')).toMatchObject({ meetingId: meeting.id, category: 'conduct', summary: sha(COMPLAINT.summary) });
    expect(after('complaint.update')).toMatchObject({ status: 'resolved', outcomeOn: '2026-06-12', outcome: sha(COMPLAINT.outcome) });
    expect(after('meeting.draft')).toMatchObject({ chair: sha(MEETING.chair), secretary: sha(MEETING.secretary), others: sha(MEETING.others), notes: sha(MEETING.notes), attendance: 3, votes: { selection: 2, reselect: 1, abstain: 0, spoilt: 0 } });
    expect(after('affiliate.decision')).toMatchObject({ result: 'selection', receivedOn: '2026-06-12', signedBy: sha(SIGNED_BY) });
    expect(after('members.import')).toMatchObject({ fileName: sha(FILE_NAME), imported: 40 });
    expect(after('register.import')).toMatchObject({ fileName: sha('register-Ottoline.csv'), imported: 60 });
    expect(log.filter((e) => e.action === 'affiliate.add').map((e) => (e.after as { ineligibleReason: string | null }).ineligibleReason)).toContain(sha('Fees not paid by the cut-off date'));
    // No word of any of it, anywhere in the chain.
    const chain = JSON.stringify(log);
    for (const text of [CHECKIN_NOTE, WALK_IN.note, WALK_IN.name, COMPLAINT.summary, COMPLAINT.outcome, COMPLAINT.complainant, MEETING.chair, MEETING.notes, SIGNED_BY, FILE_NAME, 'Fees not paid']) {
      expect(chain.includes(text), text).toBe(false);
    }
    expect(svc.ok<{ ok: boolean }>('verifyAudit').ok).toBe(true);
  });

  it('lists every place the data is kept in Settings, with sizes and dates', () => {
    const { svc } = loadedStore();
    const places = svc.ok<DataPlace[]>('personalDataPlaces');
    expect(places.map((p) => p.what)).toEqual(['The store', 'Backups', 'Files waiting to be imported', 'Copies you saved']);
    const [store, backups, uploads, saved] = places;
    expect(store).toMatchObject({ path: path.resolve(svc.storePath), files: 3 });
    expect(store!.bytes).toBe(['', '-wal', '-shm'].reduce((n, x) => n + fs.statSync(`${svc.storePath}${x}`).size, 0));
    expect(backups).toMatchObject({ path: backupDir(svc.storePath), files: 4, note: expect.stringMatching(/1 is an unfinished copy from an interrupted backup/) as unknown });
    expect(backups!.bytes).toBeGreaterThan(0);
    expect(backups!.oldestAt! <= backups!.modifiedAt!).toBe(true);
    expect(uploads).toMatchObject({ files: 1 });
    expect(saved).toMatchObject({ path: null });
    svc.ok('purgePersonalData', { confirmName: 'Ashbrook and Larkhill' });
    const after = svc.ok<DataPlace[]>('personalDataPlaces');
    expect(after[1]).toMatchObject({ files: 0, bytes: 0, modifiedAt: null });
    expect(after[2]).toMatchObject({ files: 0, bytes: 0 });
  });
});

describe('backups left in the folder every store once shared', () => {
  it("are erased by the purge when they are this store's, and left when they are another's", () => {
    const dir = tempDir();
    const storePath = path.join(dir, 'clp.sqlite');
    const service = new TellerService({ actor: 'test-secretary', now: steppingClock(), storePath, demoPath: demoStorePath(storePath), passphrase: TEST_PASSPHRASE });
    try {
      const ok = <T = unknown>(method: string, input: unknown = {}): T => {
        const r = dispatchCall(service.handlers, method, input);
        if (!r.ok) throw new Error(r.error.message);
        return r.value as T;
      };
      setUpClp({ ok } as unknown as ReturnType<typeof openService>);
      const ballot = ok<TellerState>('getState').ballot!;
      ok('saveBallot', { freezeDate: ballot.freezeDate, opensOn: ballot.opensOn, closesOn: '2026-06-12', rules: ballot.rules });
      const [own] = ok<Backup[]>('backupNow');
      expect(backupDir(storePath)).toBe(path.join(dir, 'clp-backups'));
      // As an earlier Teller left them: this store's backup, and the demo's, in "backups".
      const shared = path.join(dir, 'backups');
      fs.mkdirSync(shared);
      fs.copyFileSync(path.join(backupDir(storePath), own!.name), path.join(shared, 'clp-20260101-000000-on-request.sqlite'));
      ok('openDemo');
      const [demo] = ok<Backup[]>('backupNow');
      fs.copyFileSync(path.join(backupDir(demoStorePath(storePath)), demo!.name), path.join(shared, 'teller-demo-20260101-000000-on-request.sqlite'));
      ok('leaveDemo');
      const state = ok<TellerState>('purgePersonalData', { confirmName: 'Ashbrook and Larkhill' });
      expect(state.purge!.deleted).toContainEqual({ what: 'Backups made before the purge', count: 2 });
      expect(fs.readdirSync(shared)).toEqual(['teller-demo-20260101-000000-on-request.sqlite']);
      expect(fs.readdirSync(backupDir(storePath))).toEqual([]);
    } finally {
      service.close();
    }
  });
});

describe('backups of one store', () => {
  it('are kept apart from the demo’s, and a restore refuses a backup of another store', () => {
    const svc = openService();
    setUpClp(svc);
    const [real] = svc.ok<Backup[]>('backupNow');
    svc.ok('openDemo');
    const [demo] = svc.ok<Backup[]>('backupNow');
    expect(svc.ok<Backup[]>('listBackups').map((b) => b.name)).toEqual([demo!.name]);
    const demoDir = backupDir(demoStorePath(svc.storePath));
    expect(demoDir).not.toBe(backupDir(svc.storePath));
    // The real store's backup put in the demo's folder by hand: listed, but refused.
    fs.copyFileSync(path.join(backupDir(svc.storePath), real!.name), path.join(demoDir, 'real-copy.sqlite'));
    const demoState = svc.ok<TellerState>('getState');
    const intoDemo = svc.call('restoreBackup', { name: 'real-copy.sqlite' });
    // The demo is plain: the real store's encrypted backup cannot be read there, let alone restored.
    expect(intoDemo.ok ? null : intoDemo.error).toEqual({
      code: 'backup-unusable',
      message: "That backup cannot be opened with this store's key: it is a backup of another store, or it is damaged. Nothing was replaced.",
    });
    expect(svc.ok<TellerState>('getState')).toEqual(demoState);
    svc.ok('leaveDemo');
    expect(svc.ok<Backup[]>('listBackups').map((b) => b.name)).toEqual([real!.name]);
    fs.copyFileSync(path.join(demoDir, demo!.name), path.join(backupDir(svc.storePath), 'demo-copy.sqlite'));
    const realState = svc.ok<TellerState>('getState');
    const intoReal = svc.call('restoreBackup', { name: 'demo-copy.sqlite' });
    expect(intoReal.ok ? null : intoReal.error).toMatchObject({ code: 'backup-other-store' });
    expect(svc.ok<TellerState>('getState')).toEqual(realState);
    // Its own backup still restores.
    expect(svc.call('restoreBackup', { name: real!.name }).ok).toBe(true);
  });

  it('never lists an interrupted or partial backup: a leftover temporary file, an empty file, a cut-short copy', () => {
    const svc = openService();
    setUpClp(svc);
    const [whole] = svc.ok<Backup[]>('backupNow');
    const dir = backupDir(svc.storePath);
    const bytes = fs.readFileSync(path.join(dir, whole!.name));
    fs.writeFileSync(path.join(dir, `.teller-20260614-200000-on-request-1a2b3c.partial`), bytes);
    fs.writeFileSync(path.join(dir, 'teller-20260614-200001-on-request.sqlite'), '');
    fs.writeFileSync(path.join(dir, 'teller-20260614-200002-on-request.sqlite'), bytes.subarray(0, bytes.length - 4096));
    fs.writeFileSync(path.join(dir, 'teller-20260614-200003-on-request.sqlite'), bytes.subarray(0, 1000));
    expect(svc.ok<Backup[]>('listBackups').map((b) => b.name)).toEqual([whole!.name]);
    for (const name of ['teller-20260614-200001-on-request.sqlite', 'teller-20260614-200002-on-request.sqlite']) {
      expect(svc.call('restoreBackup', { name })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    }
    // A backup made now is whole, listed, and leaves no temporary file of its own.
    const now = svc.ok<Backup[]>('backupNow');
    expect(now).toHaveLength(2);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual(['.teller-20260614-200000-on-request-1a2b3c.partial']);
  });

  it('one is made before a membership list is imported through the app', () => {
    const svc = openService();
    setUpClp(svc);
    const file = path.join(tempDir(), 'm.csv');
    fs.writeFileSync(file, syntheticMembershipCsv(syntheticMembers(5, BRANCHES, 3)));
    const fileId = svc.service.staged.add(file);
    svc.ok('startImport', { kind: 'members', fileId, mapping: previewOf(svc, { kind: 'members', fileId }).mapping });
    const backups = svc.ok<Backup[]>('listBackups');
    expect(backups.map((b) => b.name)).toEqual([expect.stringMatching(/^teller-\d{8}-\d{6}-before-import\.sqlite$/) as unknown]);
  });
});
