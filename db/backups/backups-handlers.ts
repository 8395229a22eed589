import fs from 'node:fs';
import path from 'node:path';
import { backupsApi } from '../../shared/api/backups';
import { TellerError } from '../../shared/errors';
import { defineHandlers } from '../service-context';
import { tellerState } from '../setup/state';
import { recomputedHeads } from '../store/audit';
import { connect } from '../store/connect';
import { backupDir, backupStore, checkBackup, listBackups } from '../store/backups';
import type { Db } from '../store/db';
import type { StoreKey } from '../store/store-key';

/** At most this many lost entries are named one by one in a restore's entry (all are counted). */
const NAMED_LOST = 200;

/** The chain's heads at every length, recomputed from a backup's entries (its form does not matter). */
function backupHeads(file: string, key: StoreKey): string[] {
  const db = connect(file, key, { readonly: true, fileMustExist: true });
  try {
    return recomputedHeads(db);
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

export const backupsHandlers = defineHandlers(backupsApi, (ctx) => {
  const backupFile = (name: string): string => {
    const file = path.join(backupDir(ctx.store().file), path.basename(name));
    if (!fs.existsSync(file)) throw new TellerError('not-found', 'That backup is no longer there.');
    return file;
  };
  return {
    listBackups: () => listBackups(ctx.store().file),
    backupNow: () => {
      backupStore(ctx.store().db, ctx.store().file, 'on-request', ctx.now());
      return listBackups(ctx.store().file);
    },
    readBackup: ({ name }) => {
      const file = backupFile(name);
      return { name: path.basename(file), base64: fs.readFileSync(file).toString('base64') };
    },
    /**
     * Replaces the store with a backup, after checking the backup's integrity and audit chain;
     * the store it replaces is kept as a backup too, and the restore is recorded in the
     * restored chain: the backup, and the record it replaced (its length, its head and the
     * entries the restored record lacks). Going back to before a report already issued needs
     * the typed confirmation RESTORE.
     */
    restoreBackup: ({ name, confirm }) => {
      const file = backupFile(name);
      const current = ctx.store();
      checkBackup(file, current.key);
      const heads = backupHeads(file, current.key);
      const mine = recomputedHeads(current.db);
      const notReached = reportsNotReached(current.db, mine, heads);
      if (notReached.length > 0 && confirm !== 'RESTORE') {
        const revisions = notReached.map((r) => r.revision).join(', ');
        throw new TellerError(
          'confirmation-mismatch',
          `This backup is from before report revision ${revisions} was issued. Restoring it takes the record back behind what the regional office already has, and the regional office will see the break: the next report will not carry on from revision ${revisions}. Nothing was replaced. To restore it anyway, type RESTORE.`,
          'confirm',
        );
      }
      let common = 0;
      while (common + 1 < mine.length && common + 1 < heads.length && mine[common + 1] === heads[common + 1]) common++;
      const lostRows = current.db
        .prepare('SELECT seq, at, action, entity, entity_id AS entityId FROM audit_entry WHERE seq > ? ORDER BY seq LIMIT ?')
        .all(common, NAMED_LOST) as { seq: number; at: string; action: string; entity: string; entityId: string | null }[];
      const replaced = { entries: mine.length - 1, head: mine.at(-1)!, lostEntries: mine.length - 1 - common, lost: lostRows, reportsNotReached: notReached };
      const kept = backupStore(current.db, current.file, 'before-restore', ctx.now());
      ctx.reopenStore((target) => {
        for (const extra of ['-wal', '-shm']) fs.rmSync(`${target}${extra}`, { force: true });
        fs.copyFileSync(file, target);
      });
      const restored = ctx.store();
      restored.change('backup.restore', 'store', () => ({
        entityId: path.basename(file),
        before: replaced,
        after: { backup: path.basename(file), entries: heads.length - 1, head: heads.at(-1)!, replacedKeptAs: path.basename(kept) },
      }));
      return tellerState(restored, ctx.isDemo());
    },
  };
});
