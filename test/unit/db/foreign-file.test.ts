import Database from 'better-sqlite3-multiple-ciphers';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../../db/cli/teller';
import { TellerService } from '../../../db/service';
import { demoStorePath } from '../../../db/store/location';
import { openStore, openStoreReadOnly } from '../../../db/store/open';
import { TEST_PASSPHRASE } from '../../test-store';
import { steppingClock, tempDir } from './fixtures';

afterEach(() => vi.restoreAllMocks());

/** Every file in the folder with its bytes and modification time. */
function folderState(dir: string): Record<string, { bytes: string; mtimeMs: number }> {
  const state: Record<string, { bytes: string; mtimeMs: number }> = {};
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    state[name] = { bytes: fs.readFileSync(file).toString('base64'), mtimeMs: fs.statSync(file).mtimeMs };
  }
  return state;
}

/** Another program's SQLite database: its own tables, its own format number, in WAL or rollback mode. */
function otherProgramsDatabase(dir: string, { wal, userVersion, applicationId = 0 }: { wal: boolean; userVersion: number; applicationId?: number }): string {
  const file = path.join(dir, 'other.sqlite');
  const db = new Database(file);
  if (wal) db.pragma('journal_mode = WAL');
  db.exec("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT); INSERT INTO moz_places (url) VALUES ('https://example.invalid/')");
  db.pragma(`user_version = ${userVersion}`);
  if (applicationId) db.pragma(`application_id = ${applicationId}`);
  db.close();
  return file;
}

const ctx = { actor: 'test-secretary', now: steppingClock() };

describe('a file that is not a Teller store is refused without a byte written', () => {
  for (const shape of [
    { wal: false, userVersion: 0 },
    { wal: true, userVersion: 0 },
    { wal: true, userVersion: 5 },
    { wal: false, userVersion: 3 },
    { wal: true, userVersion: 0, applicationId: 0x0f055112 },
  ]) {
    it(`another program's database (${JSON.stringify(shape)}), opened to write or to read`, () => {
      const dir = tempDir();
      const file = otherProgramsDatabase(dir, shape);
      const before = folderState(dir);
      expect(() => openStore(file, null)).toThrow(`${file} is not a Teller store: it is another program's database. Nothing has been changed. Choose a Teller store, or a new file name to start one.`);
      expect(() => openStoreReadOnly(file, null)).toThrow(`${file} is not a Teller store`);
      expect(() => new TellerService({ ...ctx, storePath: file, demoPath: demoStorePath(file), passphrase: TEST_PASSPHRASE })).toThrow('is not a Teller store');
      expect(folderState(dir)).toEqual(before);
    });
  }

  it('an empty file where a store was expected stays empty', () => {
    const dir = tempDir();
    const file = path.join(dir, 'teller.sqlite');
    fs.writeFileSync(file, '');
    const before = folderState(dir);
    expect(() => openStore(file, null)).toThrow(`${file} is not a Teller store: it is an empty file. Nothing has been changed.`);
    expect(() => openStoreReadOnly(file, null)).toThrow('it is an empty file');
    expect(folderState(dir)).toEqual(before);
  });

  it('teller status --db other.sqlite and on an empty file: refused in words, exit 1, nothing written', async () => {
    const dir = tempDir();
    const other = otherProgramsDatabase(dir, { wal: true, userVersion: 0 });
    const empty = path.join(dir, 'empty.sqlite');
    fs.writeFileSync(empty, '');
    const before = folderState(dir);
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
    vi.spyOn(console, 'log').mockImplementation(() => undefined);
    expect(await main(['status', '--db', other])).toBe(1);
    expect(await main(['audit', 'verify', '--db', other])).toBe(1);
    expect(await main(['status', '--db', empty])).toBe(1);
    expect(errors).toEqual([
      `${other} is not a Teller store: it is another program's database. Nothing has been changed. Choose a Teller store, or a new file name to start one.`,
      `${other} is not a Teller store: it is another program's database. Nothing has been changed. Choose a Teller store, or a new file name to start one.`,
      `${empty} is not a Teller store: it is an empty file. Nothing has been changed. Choose a Teller store, or a new file name to start one.`,
    ]);
    expect(folderState(dir)).toEqual(before);
  });
});

describe('Teller stores are still opened', () => {
  it('a new store is marked as Teller’s, and an older unmarked one is recognised by its tables and marked', () => {
    const dir = tempDir();
    const file = path.join(dir, 'teller.sqlite');
    const db = openStore(file, null);
    expect(db.pragma('application_id', { simple: true })).toBe(0x546c7231);
    db.pragma('application_id = 0'); // as a store from before the mark
    db.close();
    const again = openStore(file, null);
    expect(again.pragma('application_id', { simple: true })).toBe(0x546c7231);
    again.close();
    openStoreReadOnly(file, null).close();
  });

  it('a store Teller began but never finished (an empty database) is finished', () => {
    const dir = tempDir();
    const file = path.join(dir, 'teller.sqlite');
    const begun = new Database(file);
    begun.pragma('journal_mode = WAL');
    begun.close();
    const db = openStore(file, null);
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'audit_entry'").get()).toEqual({ n: 1 });
    db.close();
  });
});
