import fs from 'node:fs';
import path from 'node:path';
import { backupsApi } from '../../shared/api/backups';
import { TellerError } from '../../shared/errors';
import { purgeRecord } from '../members/purge';
import { readBounded } from '../files/read-bounded';
import { defineHandlers } from '../service-context';
import { tellerState } from '../setup/state';
import { recomputedHeads } from '../store/audit';
import { backupDir, backupStore, checkBackup, clpNameOf, listBackups, openBackupReadOnly, storeIdOf } from '../store/backups';
import type { Db } from '../store/db';
import type { StoreKey } from '../store/store-key';
import { personalDataPlaces } from './data-places';

interface IssuedHead {
  ballot_id: string;
  revision: number;
  entries: number;
  head: string;
}

/** The largest backup offered for download (its base64 must fit in one string). */
const MAX_BACKUP_DOWNLOAD_BYTES = 256 * 1024 * 1024;

/** At most this many lost entries are named one by one in a restore's entry (all are counted). */
const NAMED_LOST = 200;

/** The chain's heads at every length, recomputed from a backup's entries (its form does not matter). */
function backupHeads(file: string, key: StoreKey): string[] {
  const db = openBackupReadOnly(file, key);
  try {
    return recomputedHeads(db);
  } finally {
    db.close();
  }
}

/** Whether a backup was made after its store's personal data was deleted. */
function backupPurged(file: string, key: StoreKey): boolean {
  const db = openBackupReadOnly(file, key);
  try {
    return purgeRecord(db) !== null;
  } finally {
    db.close();
  }
}

/**
 * Reports the backup is from before: it does not hold the export's own entry (the one right
 * after the entries the report was issued from), so restoring it forgets the report was issued.
 */
function reportsNotReached(db: Db, mine: readonly string[], heads: readonly string[]): { revision: number; entries: number; head: string }[] {
  const issued = db.prepare('SELECT revision, entries, head FROM issued_head ORDER BY revision').all() as { revision: number; entries: number; head: string }[];
  return issued.filter((i) => heads[i.entries + 1] === undefined || heads[i.entries + 1] !== mine[i.entries + 1]);
}

/** How many first entries the store and the backup share. */
function commonEntries(mine: readonly string[], heads: readonly string[]): number {
  let common = 0;
  while (common + 1 < mine.length && common + 1 < heads.length && mine[common + 1] === heads[common + 1]) common++;
  return common;
}

/** What is said, on screen and in a refusal, when a restore goes back behind reports already issued. */
function breakWarning(notReached: readonly { revision: number }[]): string {
  const revisions = notReached.map((r) => r.revision);
  const named = revisions.length === 1 ? `report revision ${revisions[0]} was` : `report revisions ${revisions.slice(0, -1).join(', ')} and ${revisions.at(-1)} were`;
  return `This backup is from before ${named} issued. Restoring it takes the record back behind what the regional office already has, and the regional office will see the break: the next report will not carry on from revision ${revisions.at(-1)}.`;
}

export const backupsHandlers = defineHandlers(backupsApi, (ctx) => {
  /** Only a backup the list offers: whole, in this store's own folder. */
  const backupFile = (name: string): string => {
    const file = path.join(backupDir(ctx.store().file), path.basename(name));
    if (!listBackups(ctx.store().file, ctx.store().key).some((b) => b.name === path.basename(name))) throw new TellerError('not-found', 'That backup is no longer there.');
    return file;
  };
  return {
    listBackups: () => listBackups(ctx.store().file, ctx.store().key),
    personalDataPlaces: () => personalDataPlaces(ctx.store().file, ctx.staged.folder, purgeRecord(ctx.store().db)?.at ?? null),
    backupNow: () => {
      backupStore(ctx.store().db, ctx.store().file, 'on-request', ctx.now());
      return listBackups(ctx.store().file, ctx.store().key);
    },
    readBackup: ({ name }) => {
      const file = backupFile(name);
      // Bounded, a regular file only, and no link out of the backups folder.
      const bytes = readBounded(file, { limit: MAX_BACKUP_DOWNLOAD_BYTES, folder: backupDir(ctx.store().file) });
      return { name: path.basename(file), base64: bytes.toString('base64') };
    },
    /**
     * Replaces the store with a backup, after checking the backup's integrity and audit chain;
     * the store it replaces is kept as a backup too, and the restore is recorded in the
     * restored chain: the backup, and the record it replaced (its length, its head and the
     * entries the restored record lacks). Going back to before a report already issued needs
     * the typed confirmation RESTORE.
     */
    checkRestore: ({ name }) => {
      const file = backupFile(name);
      checkBackup(file, ctx.store().key);
      const heads = backupHeads(file, ctx.store().key);
      const mine = recomputedHeads(ctx.store().db);
      const notReached = reportsNotReached(ctx.store().db, mine, heads);
      return { reportsNotReached: notReached.map((r) => r.revision), lostEntries: mine.length - 1 - commonEntries(mine, heads), warning: notReached.length > 0 ? breakWarning(notReached) : null };
    },
    restoreBackup: ({ name, confirm }) => {
      const file = backupFile(name);
      const current = ctx.store();
      const identity = { storeId: storeIdOf(current.db), clpName: clpNameOf(current.db) };
      checkBackup(file, current.key, identity);
      if (purgeRecord(current.db) && !backupPurged(file, current.key)) {
        throw new TellerError('already-purged', "That backup is from before this store's personal data was deleted, so restoring it would bring the data back. Nothing was replaced.");
      }
      const heads = backupHeads(file, current.key);
      const mine = recomputedHeads(current.db);
      const notReached = reportsNotReached(current.db, mine, heads);
      if (notReached.length > 0 && confirm !== 'RESTORE') {
        throw new TellerError('confirmation-mismatch', `${breakWarning(notReached)} Nothing was replaced. To restore it anyway, type RESTORE.`, 'confirm');
      }
      const common = commonEntries(mine, heads);
      const lostRows = current.db
        .prepare('SELECT seq, at, action, entity, entity_id AS entityId FROM audit_entry WHERE seq > ? ORDER BY seq LIMIT ?')
        .all(common, NAMED_LOST) as { seq: number; at: string; action: string; entity: string; entityId: string | null }[];
      const replaced = { entries: mine.length - 1, head: mine.at(-1)!, lostEntries: mine.length - 1 - common, lost: lostRows, reportsNotReached: notReached };
      // Every report already issued stays known to the restored store, so verification keeps checking it.
      const issuedBefore = current.db.prepare('SELECT ballot_id, revision, entries, head FROM issued_head ORDER BY revision').all() as IssuedHead[];
      // And every report issued (a final stays final: no interim can follow it after the restore).
      const exportedBefore = current.db.prepare('SELECT ballot_id, revision, status, issued_at, key_id, sha256 FROM report_export ORDER BY revision').all();
      const kept = backupStore(current.db, current.file, 'before-restore', ctx.now());
      ctx.reopenStore((target) => {
        for (const extra of ['-wal', '-shm']) fs.rmSync(`${target}${extra}`, { force: true });
        fs.copyFileSync(file, target);
      });
      const restored = ctx.store();
      // A backup from before stores had ids was given a new one as it was brought up to date: it keeps this store's.
      if (identity.storeId !== null && storeIdOf(restored.db) !== identity.storeId) {
        restored.db.prepare('UPDATE store_identity SET store_id = ? WHERE id = 1').run(identity.storeId);
      }
      restored.change('backup.restore', 'store', () => {
        const carry = restored.db.prepare('INSERT OR IGNORE INTO issued_head (ballot_id, revision, entries, head) VALUES (?, ?, ?, ?)');
        const carried = issuedBefore.filter((i) => carry.run(i.ballot_id, i.revision, i.entries, i.head).changes > 0).map((i) => ({ revision: i.revision, entries: i.entries, head: i.head }));
        const exported = restored.db.prepare(
          'INSERT OR IGNORE INTO report_export (ballot_id, revision, status, issued_at, key_id, sha256) SELECT @ballot_id, @revision, @status, @issued_at, @key_id, @sha256 WHERE EXISTS (SELECT 1 FROM ballot WHERE id = @ballot_id)',
        );
        for (const r of exportedBefore) exported.run(r);
        return {
          entityId: path.basename(file),
          before: replaced,
          after: { backup: path.basename(file), entries: heads.length - 1, head: heads.at(-1)!, replacedKeptAs: path.basename(kept), issuedHeadsCarried: carried },
        };
      });
      return tellerState(restored, ctx.isDemo());
    },
  };
});
