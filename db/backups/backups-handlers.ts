import fs from 'node:fs';
import path from 'node:path';
import { backupsApi } from '../../shared/api/backups';
import { TellerError } from '../../shared/errors';
import { defineHandlers } from '../service-context';
import { tellerState } from '../setup/state';
import { backupDir, backupStore, checkBackup, listBackups } from '../store/backups';

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
     * the store it replaces is kept as a backup too.
     */
    restoreBackup: ({ name }) => {
      const file = backupFile(name);
      checkBackup(file);
      backupStore(ctx.store().db, ctx.store().file, 'before-restore', ctx.now());
      ctx.reopenStore((target) => {
        for (const extra of ['-wal', '-shm']) fs.rmSync(`${target}${extra}`, { force: true });
        fs.copyFileSync(file, target);
      });
      return tellerState(ctx.store(), ctx.isDemo());
    },
  };
});
