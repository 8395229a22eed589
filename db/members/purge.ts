import path from 'node:path';
import type { PurgeRecord } from '../../shared/api';
import { formatUkDate } from '../../shared/dates';
import { TellerError } from '../../shared/errors';
import { formatUkTimestamp } from '../../shared/time';
import { readBallot } from '../setup/ballot';
import { readClp } from '../setup/clp';
import { backupDir, clpNameOf, eraseFile, everyFileIn, identityOfBackup, sameStore, sharedLegacyBackupDir, storeIdOf } from '../store/backups';
import type { ClpStore } from '../store/clp-store';
import type { Db } from '../store/db';

const ACTION = 'personal-data.purge';

/** What a purge deleted, by the words the Members screen uses (old purges recorded only the first two). */
const DELETED_LABELS: Record<string, string> = {
  members: 'Members on the membership lists',
  walkIns: 'Names and details given at the door by people not on the list',
  registerEntries: 'Electoral register entries',
  complaints: "Complaints' names, contacts, summaries and outcomes",
  checkinNotes: 'Notes made at the door',
  meetingRecords: "Meeting records' notes and the names of those who ran them",
  signatories: "Affiliate decisions' signatories",
  fileNames: 'Names of imported files',
  backups: 'Backups made before the purge',
  uploads: 'Files waiting to be imported',
};

/** The purge this store records, if it has been purged: when, by whom, and what was deleted. */
export function purgeRecord(db: Db): PurgeRecord | null {
  const row = db.prepare('SELECT at, before FROM audit_entry WHERE action = ? ORDER BY seq DESC LIMIT 1').get(ACTION) as { at: string; before: string | null } | undefined;
  if (!row) return null;
  const counts = (row.before === null ? {} : JSON.parse(row.before)) as Record<string, unknown>;
  const deleted = Object.entries(DELETED_LABELS)
    .filter(([key]) => typeof counts[key] === 'number')
    .map(([key, what]) => ({ what, count: counts[key] as number }));
  // An earlier Teller's purge erased no backups and no free text (it counted no backups): it may be run again to finish.
  return { at: row.at, deleted, complete: typeof counts.backups === 'number' };
}

/** Refuses anything that would bring personal data back into a store already purged. */
export function refuseAfterPurge(db: Db, doing: string): void {
  const done = purgeRecord(db);
  if (done?.complete) throw new TellerError('already-purged', `Personal data was deleted from this store on ${formatUkTimestamp(done.at)}, so it cannot ${doing}. Start a new store for a new ballot.`);
}

/**
 * Every file that may hold a copy of this store from before the purge: everything in its own
 * backups folder (half-written copies too), and its backups in the folder every store shared
 * before each had its own.
 */
function backupsToErase(store: ClpStore): string[] {
  const own = backupDir(store.file);
  const files = everyFileIn(own);
  const legacy = sharedLegacyBackupDir(store.file);
  if (path.resolve(legacy) !== path.resolve(own)) {
    const identity = { storeId: storeIdOf(store.db), clpName: clpNameOf(store.db) };
    for (const f of everyFileIn(legacy)) {
      if (!f.endsWith('.sqlite')) continue;
      try {
        if (sameStore(identityOfBackup(f, store.key), identity)) files.push(f);
      } catch {
        // Not a store Teller can read: not this one's.
      }
    }
  }
  return files;
}

const count = (db: Db, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

/**
 * Deletes the personal data of a closed ballot, everywhere Teller keeps it: members, the
 * electoral register and its cross-match, names and notes at the door, complainants' names and
 * contacts and what they wrote, meeting records' notes and the names of those who ran them, affiliates' signatories,
 * imported files' names and the details of rejected rows; every backup made before (they are
 * overwritten, then removed) and every file waiting to be imported (`eraseUploads`). Counts,
 * results and the audit chain stay (its entries hold no free text, only its SHA-256). The file
 * is then rewritten (secure delete, VACUUM, WAL truncated) so no deleted name survives in its
 * free pages. A store is purged once: a second purge is refused.
 */
export function purgePersonalData(store: ClpStore, confirmName: string, today: string, eraseUploads: () => number = () => 0): void {
  const clp = readClp(store);
  const ballot = readBallot(store);
  if (!clp) throw new TellerError('no-clp', 'There is no CLP in this store.');
  const done = purgeRecord(store.db);
  if (done?.complete) throw new TellerError('already-purged', `Personal data was already deleted from this store on ${formatUkTimestamp(done.at)}. There is nothing more to delete.`);
  if (confirmName.trim().toLocaleLowerCase('en-GB') !== clp.name.trim().toLocaleLowerCase('en-GB')) {
    throw new TellerError('confirmation-mismatch', `To confirm, type the CLP's name exactly: ${clp.name}. Nothing was deleted.`, 'confirmName');
  }
  if (ballot && today <= ballot.closesOn) {
    throw new TellerError('invalid-dates', `The ballot closes on ${formatUkDate(ballot.closesOn)}. Personal data can be purged after that. Nothing was deleted.`);
  }
  const db = store.db;
  // The copies first: a purge cut short leaves the store to purge again, never a backup behind.
  const backups = backupsToErase(store);
  for (const f of backups) eraseFile(f);
  const uploads = eraseUploads();
  db.pragma('secure_delete = ON');
  store.change(ACTION, 'store', () => {
    const before = {
      members: count(db, 'SELECT COUNT(*) AS n FROM member'),
      walkIns: count(db, 'SELECT COUNT(*) AS n FROM checkin WHERE walk_in_name IS NOT NULL'),
      registerEntries: count(db, 'SELECT COUNT(*) AS n FROM register_entry'),
      complaints: count(db, "SELECT COUNT(*) AS n FROM complaint WHERE complainant IS NOT NULL OR contact IS NOT NULL OR summary <> '' OR outcome IS NOT NULL"),
      checkinNotes: count(db, 'SELECT COUNT(*) AS n FROM checkin WHERE note IS NOT NULL OR walk_in_details IS NOT NULL'),
      meetingRecords:
        count(db, "SELECT COUNT(*) AS n FROM meeting WHERE draft IS NOT NULL AND (json_extract(draft, '$.notes') <> '' OR json_extract(draft, '$.chair') <> '' OR json_extract(draft, '$.secretary') <> '' OR json_extract(draft, '$.others') <> '')") +
        count(db, "SELECT COUNT(*) AS n FROM meeting_version WHERE record IS NOT NULL AND (json_extract(record, '$.notes') <> '' OR json_extract(record, '$.chair') <> '' OR json_extract(record, '$.secretary') <> '' OR json_extract(record, '$.others') <> '')"),
      signatories: count(db, "SELECT COUNT(*) AS n FROM affiliate_decision WHERE signed_by <> ''"),
      fileNames: count(db, "SELECT (SELECT COUNT(*) FROM member_snapshot WHERE file_name <> '') + (SELECT COUNT(*) FROM register_snapshot WHERE file_name <> '') AS n"),
      backups: backups.length,
      uploads,
    };
    db.prepare('DELETE FROM register_match').run();
    db.prepare('DELETE FROM register_entry').run();
    db.prepare("UPDATE register_snapshot SET rejected = '[]', file_name = '', purged_at = COALESCE(purged_at, ?)").run(today);
    db.prepare('DELETE FROM member').run();
    db.prepare('UPDATE checkin SET walk_in_name = NULL, walk_in_details = NULL, note = NULL').run();
    db.prepare("UPDATE participant SET name = '', original_name = '', email = ''").run();
    db.prepare("UPDATE participant_report SET file_name = ''").run();
    db.prepare("UPDATE complaint SET complainant = NULL, contact = NULL, summary = '', outcome = CASE WHEN outcome IS NULL THEN NULL ELSE '' END").run();
    db.prepare("UPDATE meeting SET draft = json_set(draft, '$.notes', '', '$.chair', '', '$.secretary', '', '$.others', '') WHERE draft IS NOT NULL").run();
    db.prepare("UPDATE meeting_version SET record = json_set(record, '$.notes', '', '$.chair', '', '$.secretary', '', '$.others', '') WHERE record IS NOT NULL").run();
    db.prepare("UPDATE affiliate_decision SET signed_by = ''").run();
    db.prepare("UPDATE member_snapshot SET rejected = '[]', file_name = '', purged_at = COALESCE(purged_at, ?)").run(today);
    const after = Object.fromEntries(Object.keys(before).map((k) => [k, 0]));
    return { entityId: 'personal-data', before, after };
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
