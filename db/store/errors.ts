import { TellerError } from '../../shared/errors';

/** SQLite's own failures, said in words a secretary can act on (null: not one of them). */
export function storeError(e: unknown): TellerError | null {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String((e).code) : '';
  if (code.startsWith('SQLITE_FULL')) {
    return new TellerError('disk-full', 'The disk is full, so this was not saved. Everything recorded before is safe. Free some space on this computer and try again.');
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new TellerError('store-read-only', 'Teller cannot write to its store: the file or its folder is read-only. Nothing was changed. Check the file’s permissions or move it somewhere writable.');
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new TellerError('store-busy', 'Another copy of Teller is using this store right now, so this was not saved. Close the other copy and try again.');
  }
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')) {
    return new TellerError('store-unreadable', 'The store is damaged, so this was not saved. Restore a backup from Settings; Teller will not try to repair it on its own.');
  }
  return null;
}

/** Wraps every handler so SQLite failures reach the user as plain, coded errors. */
export function guardStoreErrors<T extends Record<string, (input: never) => unknown>>(handlers: T): T {
  const guarded: Record<string, (input: never) => unknown> = {};
  for (const [name, handler] of Object.entries(handlers)) {
    guarded[name] = (input: never) => {
      try {
        return handler(input);
      } catch (e) {
        throw storeError(e) ?? e;
      }
    };
  }
  return guarded as T;
}
