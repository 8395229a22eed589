import type { Snapshot, TellerState } from '../../../shared/api';
import { formatUkTimestamp } from '../../../shared/time';
import { useAppStore } from '../../app-store';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { useApiTask } from '../../use-api';

export function SnapshotList({ snapshots, state, title, choosable }: { snapshots: Snapshot[]; state: TellerState; title: string; choosable: boolean }) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const choosing = useApiTask();
  const inUse = state.ballot?.snapshotId ?? null;
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      {snapshots.length === 0 ? <p>Nothing has been imported yet.</p> : null}
      <ul className="items">
        {snapshots.map((s) => (
          <li key={s.id} className="item">
            <span className="item-name">
              {s.fileName || 'File name deleted with the personal data'}
              <span className="unit-note">
                imported {formatUkTimestamp(s.importedAt)} · {s.imported} of {s.rows} rows · {s.encoding} · SHA-256 {s.sha256.slice(0, 12)}…
              </span>
            </span>
            <span className="item-actions">
              {!choosable ? null : inUse === s.id ? (
                <strong>Used by the ballot</strong>
              ) : state.ballot ? (
                <button
                  type="button"
                  onClick={() => void choosing.run(() => change('useSnapshot', { snapshotId: s.id })).then((done) => done && notify(`The ballot now uses ${s.fileName}.`))}
                >
                  Use for this ballot
                </button>
              ) : null}
            </span>
          </li>
        ))}
      </ul>
      <ApiErrorNote error={choosing.error} />
    </section>
  );
}
