import fs from 'node:fs';
import path from 'node:path';
import type { DataPlace } from '../../shared/api';
import { utcInstant } from '../../shared/time';
import { backupDir, isPartialBackup, sharedLegacyBackupDir } from '../store/backups';

interface Seen {
  files: number;
  bytes: number;
  modifiedAt: string | null;
  oldestAt: string | null;
}

function measure(files: readonly string[]): Seen {
  let bytes = 0;
  let newest: Date | null = null;
  let oldest: Date | null = null;
  let n = 0;
  for (const f of files) {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(f);
    } catch {
      continue;
    }
    if (!stat.isFile()) continue;
    n++;
    bytes += stat.size;
    if (!newest || stat.mtime > newest) newest = stat.mtime;
    if (!oldest || stat.mtime < oldest) oldest = stat.mtime;
  }
  return { files: n, bytes, modifiedAt: newest && utcInstant(newest), oldestAt: oldest && utcInstant(oldest) };
}

const inFolder = (dir: string): string[] => (fs.existsSync(dir) ? fs.readdirSync(dir).map((name) => path.join(dir, name)) : []);

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Every place this store's data is kept, with sizes and dates: the store with its write-ahead
 * log and shared-memory file, its backups (any half-written copy counted too), files waiting to
 * be imported, backups left in the folder all stores once shared, and the copies the user saved
 * (which Teller does not track).
 */
export function personalDataPlaces(storePath: string, uploads: string, purgedAt: string | null): DataPlace[] {
  const store = path.resolve(storePath);
  const places: DataPlace[] = [];
  const storeFiles = measure([store, `${store}-wal`, `${store}-shm`]);
  places.push({
    what: 'The store',
    path: store,
    ...storeFiles,
    oldestAt: null,
    note: `${plural(storeFiles.files, 'file')}: the store, and SQLite's write-ahead log and shared-memory files beside it while Teller is open.${purgedAt ? ' Personal data was deleted from it.' : ''}`,
  });
  const own = backupDir(store);
  const ownFiles = inFolder(own);
  const partial = ownFiles.filter((f) => isPartialBackup(path.basename(f))).length;
  const backups = measure(ownFiles);
  places.push({
    what: 'Backups',
    path: own,
    ...backups,
    note:
      `${plural(backups.files, 'file')}, each a whole copy of the store as it was when made.` +
      (partial > 0 ? ` ${plural(partial, 'is an unfinished copy', 'are unfinished copies')} from an interrupted backup, never offered for restore.` : '') +
      (purgedAt ? ' Those made before personal data was deleted were erased with it.' : ''),
  });
  const legacy = sharedLegacyBackupDir(store);
  if (path.resolve(legacy) !== path.resolve(own)) {
    const old = measure(inFolder(legacy));
    if (old.files > 0) {
      places.push({ what: 'Backups in the shared folder', path: legacy, ...old, note: `${plural(old.files, 'file')} from before each store had its own backups folder; this store's among them are erased when its personal data is deleted.` });
    }
  }
  const waiting = measure(inFolder(uploads));
  places.push({ what: 'Files waiting to be imported', path: uploads, ...waiting, note: 'Lists uploaded to the browser version, kept only until they are imported, and erased when Teller stops.' });
  places.push({
    what: 'Copies you saved',
    path: null,
    files: 0,
    bytes: 0,
    modifiedAt: null,
    oldestAt: null,
    note: 'Backups saved with "Save a copy…" and reports you exported are wherever you saved them: Teller does not track them, so delete those yourself. Reports hold counts and results, not names.',
  });
  return places;
}
