import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Job, Snapshot, TellerState } from '../../../shared/api';
import { syntheticMembers, syntheticMembershipCsv } from '../../../db/members/synthetic-members';
import { openService, setUpClp, tempDir, previewOf } from '../db/fixtures';

const HEAD = 'Membership Number,First Name,Last Name,Postcode,Branch,Join Date,Status,Phone';

function withFile(content: string | Buffer, name = 'members.csv') {
  const svc = openService();
  setUpClp(svc);
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return { svc, file, fileId: svc.service.staged.add(file) };
}

/** Whole-file problems: a clear message, and the store exactly as it was. */
function refusedWhole(content: string | Buffer, message: RegExp) {
  const { svc, fileId } = withFile(content);
  const before = svc.ok<TellerState>('getState');
  const preview = svc.ok<Job>('previewImport', { kind: 'members', fileId });
  expect(preview).toMatchObject({ state: 'failed', preview: null });
  expect(preview.message).toMatch(message);
  const started = svc.ok<Job>('startImport', { kind: 'members', fileId, mapping: ['membershipNumber', 'firstName', 'lastName', 'postcode', 'branch', 'joinDate', 'status', null] });
  expect(started.state).toBe('failed');
  expect(started.message).toMatch(message);
  expect(svc.ok<Snapshot[]>('listSnapshots', { kind: 'members' })).toEqual([]);
  expect(svc.ok<TellerState>('getState')).toEqual(before);
}

describe('importing a membership list', () => {
  it('previews the mapping, the ignored columns and the row errors, then imports one snapshot', () => {
    const csv = `${HEAD}\r\nL1,Zoë,Ashworth,ab1 2cd,Ashbrook West,01/02/2019,Active,01632 960001\r\nL2,Bryn,Hollins,AB1 2CD,Fernley South,2026-13-01,Active,\r\n`;
    const { svc, fileId } = withFile(csv);
    const preview = previewOf(svc, { kind: 'members', fileId });
    expect(preview).toMatchObject({
      encoding: 'utf-8',
      headers: HEAD.split(','),
      ignoredColumns: ['Phone'],
      rows: 2,
      valid: 1,
      rejected: [{ line: 3, reason: 'The join date "2026-13-01" is not a real date' }],
      problems: [],
    });
    expect(svc.ok<Snapshot[]>('listSnapshots', { kind: 'members' })).toEqual([]); // a preview writes nothing
    const job = svc.ok<Job>('startImport', { kind: 'members', fileId, mapping: preview.mapping });
    expect(job.state).toBe('done');
    const snaps = svc.ok<Snapshot[]>('listSnapshots', { kind: 'members' });
    expect(snaps).toHaveLength(1);
    expect(snaps[0]).toMatchObject({ rows: 2, imported: 1, encoding: 'utf-8', ignoredColumns: ['Phone'], rejected: [{ line: 3 }] });
    expect(snaps[0]!.sha256).toBe(preview.sha256);
    expect(svc.ok<TellerState>('getState').ballot?.snapshotId).toBe(snaps[0]!.id);
    const log = svc.ok<{ action: string; after: Record<string, unknown> }[]>('getAuditLog', { limit: 2 });
    expect(log.map((e) => e.action)).toEqual(['ballot.use-snapshot', 'members.import']);
    expect(JSON.stringify(log)).not.toMatch(/Zoë|Ashworth|L1"/);
  });

  it('lets the user correct the mapping before anything is written', () => {
    const { svc, fileId } = withFile('Number,Forename,Surname,PC,Area,Joined,State\nL1,Ann,Ash,AB1 2CD,Ashbrook West,01/01/2019,Active\n');
    const guessed = previewOf(svc, { kind: 'members', fileId });
    expect(guessed.problems.join(' ')).toMatch(/Membership number/);
    const mapping = ['membershipNumber', 'firstName', 'lastName', 'postcode', 'branch', 'joinDate', 'status'];
    const corrected = previewOf(svc, { kind: 'members', fileId, mapping });
    expect(corrected).toMatchObject({ problems: [], valid: 1 });
    expect(svc.ok<Job>('startImport', { kind: 'members', fileId, mapping }).state).toBe('done');
  });

  it('keeps each new list as its own snapshot and never silently switches the ballot to it', () => {
    const { svc, file } = withFile(`${HEAD}\nL1,Ann,Ash,AB1 2CD,Ashbrook West,01/01/2019,Active,\n`);
    const mapping = ['membershipNumber', 'firstName', 'lastName', 'postcode', 'branch', 'joinDate', 'status', null];
    svc.ok('startImport', { kind: 'members', fileId: svc.service.staged.add(file), mapping });
    svc.ok('startImport', { kind: 'members', fileId: svc.service.staged.add(file), mapping });
    const [newer, older] = svc.ok<Snapshot[]>('listSnapshots', { kind: 'members' });
    expect(svc.ok<TellerState>('getState').ballot?.snapshotId).toBe(older!.id);
    svc.ok('useSnapshot', { snapshotId: newer!.id });
    expect(svc.ok<TellerState>('getState').ballot?.snapshotId).toBe(newer!.id);
  });

  it('reads Windows-1252 from Excel with the names right', () => {
    const bytes = Buffer.concat([Buffer.from(`${HEAD}\r\nL1,Zo`), Buffer.from([0xeb]), Buffer.from(',O'), Buffer.from([0x92]), Buffer.from('Dwyer,AB1 2CD,Ashbrook West,01/01/2019,Active,\r\n')]);
    const { svc, fileId } = withFile(bytes);
    const preview = previewOf(svc, { kind: 'members', fileId });
    expect(preview.encoding).toBe('windows-1252');
    expect(preview.sample.rows[0]?.[2]).toBe('Zoë O’Dwyer');
  });

  it('imports a large generated list in one snapshot', () => {
    const members = syntheticMembers(5000, ['Ashbrook West', 'Fernley South']);
    const { svc, fileId } = withFile(syntheticMembershipCsv(members));
    const preview = previewOf(svc, { kind: 'members', fileId });
    expect(preview.rows).toBe(5000);
    expect(preview.rejected).toEqual([]);
    expect(svc.ok<Job>('startImport', { kind: 'members', fileId, mapping: preview.mapping })).toMatchObject({ state: 'done', done: 5000 });
  });
});

describe('hostile and broken files change nothing', () => {
  it('an empty file', () => refusedWhole('', /The file is empty/));
  it('a binary file', () => refusedWhole(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]), /binary data/));
  it('a header with no required fields cannot be imported', () => {
    const { svc, fileId } = withFile('Colour,Size\nred,big\n');
    expect(previewOf(svc, { kind: 'members', fileId }).problems[0]).toMatch(/No column is mapped to Membership number/);
    const r = svc.call('startImport', { kind: 'members', fileId, mapping: [null, null] });
    expect(r.ok).toBe(false);
    expect(svc.ok<Snapshot[]>('listSnapshots', { kind: 'members' })).toEqual([]);
  });
  it('an unterminated quote', () => refusedWhole(`${HEAD}\nL1,"Ann,Ash,AB1 2CD,Ashbrook West,01/01/2019,Active,\nL2,Bo,Birch,AB1 2CD,Ashbrook West,01/01/2019,Active,\n`, /starts on line 2 is never closed/));

  it('a 200 MB file stops with a clear limit before it is read', () => {
    const { svc, file, fileId } = withFile('');
    fs.truncateSync(file, 200 * 1024 * 1024); // sparse: no disk or memory used
    const job = svc.ok<Job>('previewImport', { kind: 'members', fileId });
    expect(job.state).toBe('failed');
    expect(job.message).toBe('The file is 200 MB; Teller imports membership lists of up to 64 MB. Check it is the right file, or split it.');
    expect(svc.ok<Snapshot[]>('listSnapshots', { kind: 'members' })).toEqual([]);
  });

  it('ragged rows, impossible dates and duplicated numbers are row errors; the rest imports', () => {
    const { svc, fileId } = withFile(
      [
        HEAD,
        'L1,Ann,Ash,AB1 2CD,Ashbrook West,31/02/2022,Active,',
        'L2,Bo,Birch,AB1 2CD,Ashbrook West',
        'L3,Cy,Cole,AB1 2CD,Ashbrook West,2022-13-01,Active,',
        'L4,Di,Dale,AB1 2CD,Ashbrook West,01/01/2019,Active,',
        'l4,Ed,Eyre,AB1 2CD,Ashbrook West,01/01/2019,Active,',
        'L5,"=HYPERLINK(""http://x"",""y"")",Fox,AB1 2CD,Ashbrook West,01/01/2019,Active,',
      ].join('\n'),
    );
    const preview = previewOf(svc, { kind: 'members', fileId });
    expect(preview.rejected.map((r) => r.line)).toEqual([2, 3, 4, 5, 6]);
    expect(preview.valid).toBe(1);
    expect(preview.sample.rows[0]?.[2]).toBe('=HYPERLINK("http://x","y") Fox');
    expect(svc.ok<Job>('startImport', { kind: 'members', fileId, mapping: preview.mapping }).state).toBe('done');
  });
});
