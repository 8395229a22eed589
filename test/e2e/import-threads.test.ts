import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Job, Snapshot } from '../../shared/api';
import { syntheticMembers, syntheticMembershipCsv } from '../../db/members/synthetic-members';
import { TellerService } from '../../db/service';
import { rawStore, TEST_PASSPHRASE } from '../test-store';
import { demoStorePath } from '../../db/store/location';
import { messyMembershipList } from '../../db/members/real-layouts';
import { listVocabulary } from '../../db/members/list-vocabulary';
import { parseCsv } from '../../shared/lists/csv';
import { guessMapping } from '../../shared/lists/member-fields';
import { readMemberRows } from '../../shared/lists/member-rows';
import { VocabularyReader } from '../../shared/lists/member-vocabulary';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-threads-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function service(name: string, worker: boolean): TellerService {
  const storePath = path.join(dir, `${name}.sqlite`);
  return new TellerService({ actor: 'test', now: () => new Date('2026-06-14T19:00:00Z'), storePath, demoPath: demoStorePath(storePath), passphrase: TEST_PASSPHRASE, ...(worker ? { importWorker: path.resolve('dist/import-worker.cjs') } : {}) });
}

async function finished(svc: TellerService, started: Job): Promise<Job> {
  let job = started;
  for (let i = 0; job.state === 'running' && i < 2000; i++) {
    await new Promise((r) => setTimeout(r, 10));
    job = svc.handlers.getJob({ jobId: job.id });
  }
  return job;
}

/** Imports the file through the Api and returns what was stored. */
async function importWith(worker: boolean, file: string, name: string) {
  const svc = service(name, worker);
  const fileId = svc.staged.add(file);
  const preview = (await finished(svc, svc.handlers.previewImport({ kind: 'members', fileId }))).preview;
  if (!preview) throw new Error('no preview');
  const job = await finished(svc, svc.handlers.startImport({ kind: 'members', fileId, mapping: preview.mapping }));
  const snapshots: Snapshot[] = svc.handlers.listSnapshots({ kind: 'members' });
  const verdict = svc.handlers.verifyAudit({});
  svc.close();
  const db = rawStore(path.join(dir, `${name}.sqlite`), { readonly: true });
  const members = db.prepare('SELECT number, full_name, postcode, join_date, status FROM member ORDER BY number').all();
  db.close();
  return { job, snapshot: snapshots[0], members, verdict };
}

describe('a large import split over two threads', () => {
  it('stores exactly what the single-thread import stores: the same members, errors and duplicates', async () => {
    const members = syntheticMembers(26_000, ['Larkmere', 'Copperfield North'], 21);
    const lines = syntheticMembershipCsv(members).split('\r\n');
    // Line n of the file is lines[n - 1]. Chunks of 5,000 rows: rows of the 4th chunk (lines 15,002–20,001) are checked by the writer's thread.
    const dupOf = (n: number) => lines[n - 1]!.split(',')[0]!;
    lines[16_000] = lines[16_000]!.replace(/^L\d+/, dupOf(3).toLowerCase()); // a duplicate across threads
    lines[16_100] = lines[16_100]!.replace(/,\d\d\/\d\d\/\d{4},/, ',31/02/2020,'); // a day that never was, checked elsewhere
    lines[16_200] = 'L9999999,Only,Three'; // a ragged row, checked elsewhere
    lines[25_000] = lines[25_000]!.replace(/^L\d+/, dupOf(16_301)); // a duplicate of a row checked elsewhere
    const file = path.join(dir, 'members.csv');
    fs.writeFileSync(file, lines.join('\r\n'));

    const threaded = await importWith(true, file, 'threaded');
    const inline = await importWith(false, file, 'inline');
    expect(threaded.job.state).toBe('done');
    expect(threaded.verdict.ok).toBe(true);
    expect(threaded.snapshot?.rejected).toEqual(inline.snapshot?.rejected);
    expect(threaded.snapshot?.rejected.map((r) => r.line)).toEqual([3, 16_001, 16_101, 16_201, 16_301, 25_001]);
    expect({ ...threaded.snapshot, id: 0, importedAt: '' }).toEqual({ ...inline.snapshot, id: 0, importedAt: '' });
    expect(threaded.members).toEqual(inline.members);
    expect(threaded.members).toHaveLength(26_000 - 6);
  }, 60_000);

  it('refuses, writing nothing, a status no rule reads when only the writer’s thread saw it, with its count', async () => {
    const members = syntheticMembers(21_000, ['Larkmere', 'Copperfield North'], 22);
    const lines = syntheticMembershipCsv(members).split('\r\n');
    // Rows of the 4th chunk (lines 15,002–20,001) are checked by the writer's thread.
    for (const n of [16_000, 16_500, 17_000]) lines[n - 1] = lines[n - 1]!.replace(/,[^,]*,([^,]*)$/, ',Awaiting Payment,$1');
    const file = path.join(dir, 'awaiting.csv');
    fs.writeFileSync(file, lines.join('\r\n'));
    const svc = service('awaiting', true);
    const fileId = svc.staged.add(file);
    const job = await finished(svc, svc.handlers.startImport({ kind: 'members', fileId }));
    expect(job.state).toBe('failed');
    expect(job.unmapped).toEqual({ statuses: [{ value: 'Awaiting Payment', count: 3 }], branches: [] });
    expect(job.message).toBe('Nothing was imported: Teller does not know how to read the status "Awaiting Payment" (3 rows). Say how to read each one, then import again.');
    expect(svc.handlers.listSnapshots({ kind: 'members' })).toEqual([]);
    // Told how to read it, the same file imports whole.
    const again = await finished(svc, svc.handlers.startImport({ kind: 'members', fileId: svc.staged.add(file), statuses: [{ value: 'awaiting payment', standing: 'not-good' }] }));
    expect(again).toMatchObject({ state: 'done', done: 21_000 });
    svc.close();
  }, 60_000);

  it('stores a real-shaped list column for column as reading the whole file at once gives it', async () => {
    // 21,000 rows: four blocks of 5,000 and more, so rows are checked in both threads and sent a piece at a time.
    const branches = ['Ashbrook West', 'Fernley South'];
    const list = messyMembershipList(syntheticMembers(21_000, branches, 23));
    const lines = list.split('\r\n');
    lines[17_001] = lines[17_001]!.replace(/^L\d+/, lines[9]!.split(',')[0]!); // a duplicate across threads
    lines[17_200] = 'L9999998,Only,Three'; // a ragged row
    const file = path.join(dir, 'messy.csv');
    fs.writeFileSync(file, lines.join('\r\n'));
    const choices = {
      statuses: [{ value: 'Pending', standing: 'not-good' as const }],
      branches: [
        { value: 'Ashbrook West Ward', branch: 'Ashbrook West' },
        { value: 'Ashbrook West Branch', branch: 'Ashbrook West' },
        { value: 'Fernley South Ward', branch: 'Fernley South' },
        { value: 'Fernley South Branch', branch: 'Fernley South' },
        { value: 'Old Market Ward', branch: null },
      ],
    };
    const svc = service('messy', true);
    svc.handlers.saveClp({ name: 'Test CLP', code: null, mpName: 'Invented MP' });
    for (const name of branches) svc.handlers.addBranch({ name });
    const vocabulary = listVocabulary(svc.store, choices);
    const job = await finished(svc, svc.handlers.startImport({ kind: 'members', fileId: svc.staged.add(file), asAt: '2026-04-30', ...choices }));
    expect(job.state).toBe('done');
    const snapshot = svc.handlers.listSnapshots({ kind: 'members' })[0];
    svc.close();
    const db = rawStore(path.join(dir, 'messy.sqlite'), { readonly: true });
    const stored = db
      .prepare('SELECT number, first_name, last_name, full_name, address, postcode, branch, join_date, status, status_text, roll_number, continuous_since FROM member ORDER BY id')
      .all();
    db.close();

    // The whole file read at once, duplicates found over all of it: what the import must have stored, in order.
    const table = parseCsv(fs.readFileSync(file, 'utf8'));
    const headers = table.header.fields.map((h) => h.trim());
    const read = readMemberRows(table.records, headers.length, guessMapping(headers), '2026-06-14', undefined, undefined, new VocabularyReader(vocabulary));
    const expected = read.members.map((m) => ({
      number: m.membershipNumber,
      first_name: m.firstName,
      last_name: m.lastName,
      full_name: m.fullName,
      address: m.address,
      postcode: m.postcode,
      branch: m.branch,
      join_date: m.joinDate,
      status: m.status,
      status_text: m.statusText,
      roll_number: m.rollNumber,
      continuous_since: m.continuousSince === '' ? null : m.continuousSince,
    }));
    expect(read.held).toBe(0);
    expect(stored).toHaveLength(expected.length);
    expect(stored).toEqual(expected);
    expect(snapshot?.rejected).toEqual(read.errors.sort((a, b) => a.line - b.line));
    expect(snapshot?.rejected.map((r) => r.line)).toEqual(expect.arrayContaining([10, 17_002, 17_201]));
    expect(snapshot?.imported).toBe(expected.length);
  }, 60_000);
});
