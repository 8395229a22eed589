import Database from 'better-sqlite3-multiple-ciphers';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../../db/store/migrations';
import { migrate } from '../../../db/store/open';
import { tempDir } from '../db/fixtures';
import { payload } from './hostile-reports';

describe('migration 10: the regional office’s records, carried over', () => {
  it('merges spellings of one CLP (revoked if either was), keeps every file, and refuses a ballot hijacked before binding existed', () => {
    const db = new Database(path.join(tempDir(), 'm10.sqlite'));
    migrate(db, MIGRATIONS.filter((m) => m.version <= 9));
    const key = 'a'.repeat(32);
    db.prepare('INSERT INTO trusted_key (clp, key_id, public_key, added_at, revoked_at) VALUES (?, ?, NULL, ?, ?)').run('Ynys Mo\u0302n', key, '2026-06-01T10:00:00Z', null);
    db.prepare('INSERT INTO trusted_key (clp, key_id, public_key, added_at, revoked_at) VALUES (?, ?, NULL, ?, ?)').run('Ynys Môn', key, '2026-06-02T10:00:00Z', '2026-06-03T10:00:00Z');
    const a = payload({ clp: { name: 'Ynys Môn', code: null } });
    const hijack = { ...a, clp: { name: 'Westhaven', code: null }, revision: 99 };
    const add = db.prepare('INSERT INTO region_report (sha256, file_name, imported_at, ballot_id, clp, revision, status, issued_at, key_id, accepted, problems, payload) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)');
    add.run('1'.repeat(64), 'a-r1.json', '2026-06-05T10:00:00Z', a.ballotId, 'Ynys Môn', 1, 'interim', a.issuedAt, key, 1, '[]', JSON.stringify(a));
    add.run('2'.repeat(64), 'b-r99.json', '2026-06-06T10:00:00Z', a.ballotId, 'Westhaven', 99, 'interim', a.issuedAt, 'b'.repeat(32), 1, '[]', JSON.stringify(hijack));
    add.run('3'.repeat(64), 'junk.json', '2026-06-07T10:00:00Z', null, null, null, null, null, null, 0, '[{"code":"format","message":"The file is not valid JSON (it may be truncated or damaged)."}]', null);
    migrate(db, MIGRATIONS.filter((m) => m.version <= 10));

    expect(db.prepare('SELECT clp, key_id, revoked_at FROM region_trusted_key').all()).toEqual([{ clp: 'Ynys Môn', key_id: key, revoked_at: '2026-06-03T10:00:00Z' }]);
    expect(db.prepare('SELECT file_name, verdict, problems FROM region_file ORDER BY id').all()).toEqual([
      { file_name: 'a-r1.json', verdict: 'accepted', problems: '[]' },
      { file_name: 'b-r99.json', verdict: 'refused', problems: JSON.stringify([{ code: 'binding', message: 'This ballot belongs to Ynys Môn, which reported it first: a report naming Westhaven cannot be added to it.' }]) },
      { file_name: 'junk.json', verdict: 'refused', problems: '[{"code":"format","message":"The file is not valid JSON (it may be truncated or damaged)."}]' },
    ]);
    expect(db.prepare('SELECT clp, revision FROM region_revision').all()).toEqual([{ clp: 'Ynys Môn', revision: 1 }]);
    expect(db.prepare('SELECT since FROM region_office').get()).toEqual({ since: '2026-06-01T10:00:00Z' });
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('region_report', 'trusted_key')").all()).toEqual([]);
    db.close();
  });
});
