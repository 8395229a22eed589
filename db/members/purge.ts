import { formatUkDate } from '../../shared/dates';
import { TellerError } from '../../shared/errors';
import { readBallot } from '../setup/ballot';
import { readClp } from '../setup/clp';
import type { ClpStore } from '../store/clp-store';

/**
 * Deletes the personal data of a closed ballot: members, the electoral register and its
 * cross-match, names at the door, complainants' names and contacts, and the details of
 * rejected rows. Counts, results and the audit chain stay. The file is then rewritten
 * (secure delete, VACUUM, WAL truncated) so no deleted name survives in its free pages.
 */
export function purgePersonalData(store: ClpStore, confirmName: string, today: string): void {
  const clp = readClp(store);
  const ballot = readBallot(store);
  if (!clp) throw new TellerError('no-clp', 'There is no CLP in this store.');
  if (confirmName.trim().toLocaleLowerCase('en-GB') !== clp.name.trim().toLocaleLowerCase('en-GB')) {
    throw new TellerError('confirmation-mismatch', `To confirm, type the CLP's name exactly: ${clp.name}. Nothing was deleted.`, 'confirmName');
  }
  if (ballot && today <= ballot.closesOn) {
    throw new TellerError('invalid-dates', `The ballot closes on ${formatUkDate(ballot.closesOn)}. Personal data can be purged after that. Nothing was deleted.`);
  }
  const db = store.db;
  db.pragma('secure_delete = ON');
  store.change('personal-data.purge', 'store', () => {
    const members = (db.prepare('SELECT COUNT(*) AS n FROM member').get() as { n: number }).n;
    const walkIns = (db.prepare('SELECT COUNT(*) AS n FROM checkin WHERE walk_in_name IS NOT NULL').get() as { n: number }).n;
    db.prepare('DELETE FROM register_match').run();
    db.prepare('DELETE FROM register_entry').run();
    db.prepare("UPDATE register_snapshot SET rejected = '[]', purged_at = ? WHERE purged_at IS NULL").run(today);
    db.prepare('DELETE FROM member').run();
    db.prepare('UPDATE checkin SET walk_in_name = NULL, walk_in_details = NULL').run();
    db.prepare('UPDATE complaint SET complainant = NULL, contact = NULL').run();
    db.prepare("UPDATE member_snapshot SET rejected = '[]', purged_at = ? WHERE purged_at IS NULL").run(today);
    return { entityId: 'personal-data', before: { members, walkIns }, after: { members: 0, walkIns: 0 } };
  });
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.exec('VACUUM');
  db.pragma('wal_checkpoint(TRUNCATE)');
}
