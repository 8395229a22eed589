import type { Eligibility, ListKind, Snapshot } from '../../shared/api';
import { TellerError } from '../../shared/errors';
import { requireBallot } from '../setup/ballot';
import type { ClpStore } from '../store/clp-store';

/* Snapshots of either list, and the membership snapshot a ballot uses. */

export function listSnapshots(store: ClpStore, kind: ListKind): Snapshot[] {
  const rows = store.db.prepare(`SELECT * FROM ${kind === 'members' ? 'member_snapshot' : 'register_snapshot'} ORDER BY id DESC`).all() as {
    id: number;
    imported_at: string;
    file_name: string;
    sha256: string;
    encoding: string;
    rows: number;
    imported: number;
    rejected: string;
    ignored_columns: string;
    as_at?: string | null;
  }[];
  return rows.map((r) => ({
    id: r.id,
    importedAt: r.imported_at,
    fileName: r.file_name,
    sha256: r.sha256,
    encoding: r.encoding,
    rows: r.rows,
    imported: r.imported,
    rejected: JSON.parse(r.rejected) as Snapshot['rejected'],
    ignoredColumns: JSON.parse(r.ignored_columns) as string[],
    asAt: r.as_at ?? null,
  }));
}

/** Chooses the membership snapshot a ballot uses (audited). */
export function useSnapshot(store: ClpStore, snapshotId: number): void {
  const ballot = requireBallot(store);
  if (!store.db.prepare('SELECT 1 FROM member_snapshot WHERE id = ?').get(snapshotId)) throw new TellerError('not-found', 'That membership snapshot no longer exists.');
  store.change('ballot.use-snapshot', 'ballot', () => {
    store.db.prepare('UPDATE ballot SET snapshot_id = ? WHERE id = ?').run(snapshotId, ballot.id);
    return { entityId: ballot.id, before: { snapshotId: ballot.snapshotId }, after: { snapshotId } };
  });
}

/** The ballot's eligibility settings (audited). */
export function saveEligibility(store: ClpStore, settings: Eligibility): void {
  const ballot = requireBallot(store);
  store.change('ballot.eligibility', 'ballot', () => {
    store.db.prepare('UPDATE ballot SET eligibility = ? WHERE id = ?').run(JSON.stringify(settings), ballot.id);
    return { entityId: ballot.id, before: ballot.eligibility, after: settings };
  });
}
