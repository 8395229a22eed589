import { z } from 'zod';
import { empty } from './fields';
import { stateSchema } from './setup';

/* Backups of the store: listed, made on request, saved elsewhere, restored. */

const backupSchema = z.strictObject({ name: z.string(), createdAt: z.string(), bytes: z.number().int() });

/** Backups. */
export const backupsApi = {
  listBackups: { input: empty, output: z.array(backupSchema) },
  backupNow: { input: empty, output: z.array(backupSchema) },
  readBackup: {
    input: z.strictObject({ name: z.string().regex(/^[\w.-]+\.sqlite$/, { error: 'Choose a backup from the list.' }) }),
    output: z.strictObject({ name: z.string(), base64: z.string() }),
  },
  restoreBackup: {
    input: z.strictObject({
      name: z.string().regex(/^[\w.-]+\.sqlite$/, { error: 'Choose a backup from the list.' }),
      /** Typed by the user (RESTORE) to restore a backup from before a report already issued. */
      confirm: z.string().max(50).optional(),
    }),
    output: stateSchema,
  },
} as const;

export type Backup = z.output<typeof backupSchema>;
