import type { ApiParsedInput, TellerState } from '../../shared/api';
import { TellerError } from '../../shared/errors';
import type { ClpStore } from '../store/clp-store';

/* The CLP: its name, ONS code and sitting MP. */

interface ClpRow { name: string; code: string | null; mp_name: string }

export function readClp(store: ClpStore): TellerState['clp'] {
  const row = store.db.prepare('SELECT name, code, mp_name FROM clp WHERE id = 1').get() as ClpRow | undefined;
  return row ? { name: row.name, code: row.code, mpName: row.mp_name } : null;
}

export function requireClp(store: ClpStore): void {
  if (!readClp(store)) throw new TellerError('no-clp', "Save the CLP's name and sitting MP first.");
}

export function saveClp(store: ClpStore, input: ApiParsedInput<'saveClp'>): void {
  const after = { name: input.name, code: input.code, mpName: input.mpName };
  store.change('clp.save', 'clp', () => {
    const before = readClp(store);
    store.db
      .prepare('INSERT INTO clp (id, name, code, mp_name) VALUES (1, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET name = excluded.name, code = excluded.code, mp_name = excluded.mp_name')
      .run(after.name, after.code, after.mpName);
    return { entityId: '1', before, after };
  });
}
