import { useEffect, useState, type FormEvent } from 'react';
import type { Backup, Signing, TellerState } from '../../shared/api';
import { formatUkTimestamp } from '../../shared/time';
import { fingerprint } from '../../shared/report/fingerprint';
import { ApiError, call } from '../api-client';
import { useAppStore } from '../app-store';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field } from '../components/Field';
import { download } from '../download';

function Backups({ state }: { state: TellerState }) {
  const notify = useAppStore((s) => s.notify);
  const load = useAppStore((s) => s.load);
  const [backups, setBackups] = useState<Backup[]>([]);
  const [restoring, setRestoring] = useState<Backup | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => void call('listBackups', {}).then(setBackups), [state.store.path, state.audit.head]);
  const size = (bytes: number) => (bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);
  return (
    <>
      <h3>Backups</h3>
      <p>Teller keeps a copy before every change of format and every import. Restoring checks the copy first and keeps the data it replaces as a backup too.</p>
      <button type="button" onClick={() => void call('backupNow', {}).then((b) => (setBackups(b), notify('Backup made.')))}>
        Back up now
      </button>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {backups.length === 0 ? <p>No backups yet.</p> : null}
      <table className="audit-table backups-table" hidden={backups.length === 0}>
        <thead>
          <tr>
            <th scope="col">Backup</th>
            <th scope="col">Made</th>
            <th scope="col">Size</th>
            <th scope="col">
              <span className="visually-hidden">Restore</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {backups.map((b) => (
            <tr key={b.name}>
              <td>
                <code>{b.name}</code>
              </td>
              <td>{formatUkTimestamp(b.createdAt)}</td>
              <td>{size(b.bytes)}</td>
              <td>
                <button
                  type="button"
                  onClick={() =>
                    void call('readBackup', { name: b.name }).then((r) => download(r.name, Uint8Array.from(atob(r.base64), (c) => c.charCodeAt(0)), 'application/vnd.sqlite3'))
                  }
                  aria-label={`Save a copy of ${b.name}`}
                >
                  Save a copy…
                </button>{' '}
                <button type="button" onClick={() => setRestoring(b)} aria-label={`Restore ${b.name}`}>
                  Restore…
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {restoring ? (
        <ConfirmDialog
          title="Restore this backup?"
          message={`The store goes back to ${formatUkTimestamp(restoring.createdAt)}. What is there now is kept as a backup first, so nothing is lost.`}
          confirmLabel="Restore"
          onCancel={() => setRestoring(null)}
          onConfirm={() => {
            const b = restoring;
            setRestoring(null);
            call('restoreBackup', { name: b.name })
              .then(() => load())
              .then(() => notify('Backup restored.'))
              .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
          }}
        />
      ) : null}
    </>
  );
}

export function Settings({ state }: { state: TellerState }) {
  const notify = useAppStore((s) => s.notify);
  const [signing, setSigning] = useState<Signing | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [rotating, setRotating] = useState(false);
  useEffect(() => void call('getSigning', {}).then(setSigning), [state.store.path]);
  if (!signing) return null;
  const unlock = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      setSigning(await call('unlockSigningKey', { passphrase }));
      setPassphrase('');
      notify(signing.current ? 'Signing key unlocked.' : 'Signing key created.');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <div className="settings">
      <section className="panel" aria-labelledby="signing-title">
        <h2 id="signing-title">Signing key</h2>
        {signing.current ? (
          <>
            <p className="fingerprint" aria-label="Fingerprint">
              {fingerprint(signing.current.keyId)}
            </p>
            <p>
              Read this fingerprint to your regional officer by phone, or show it in person: they add it to their trust list, and from then on only reports signed with this key
              are accepted as yours.
            </p>
            <p className="muted">Created {formatUkTimestamp(signing.current.createdAt)}. The private key never leaves this computer and is stored encrypted.</p>
          </>
        ) : (
          <p>This installation has no signing key yet. {signing.sealer === 'passphrase' ? 'Choose a passphrase to create one; you will need it to sign reports.' : ''}</p>
        )}
        {signing.sealer === 'passphrase' && !signing.unlocked ? (
          <form className="inline-form" onSubmit={(e) => void unlock(e)} noValidate>
            <Field label={signing.current ? 'Passphrase to unlock the key' : 'Passphrase for the new key (8 characters or more)'} error={error ?? undefined}>
              {(p) => <input {...p} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />}
            </Field>
            <button type="submit" className="primary">
              {signing.current ? 'Unlock' : 'Create the key'}
            </button>
          </form>
        ) : null}
        {signing.current && signing.unlocked ? (
          <button type="button" onClick={() => setRotating(true)}>
            Replace the key…
          </button>
        ) : null}
        {signing.retired.length > 0 ? (
          <>
            <h3>Earlier keys</h3>
            <ul>
              {signing.retired.map((k) => (
                <li key={k.keyId}>
                  <code>{fingerprint(k.keyId)}</code> — replaced {k.retiredAt ? formatUkTimestamp(k.retiredAt) : ''}; reports it signed still verify.
                </li>
              ))}
            </ul>
          </>
        ) : null}
      </section>
      <section className="panel" aria-labelledby="store-title">
        <h2 id="store-title">This store</h2>
        <p>
          <code>{state.store.path}</code>
        </p>
        <Backups state={state} />
      </section>
      {rotating ? (
        <ConfirmDialog
          title="Replace the signing key?"
          message="A new key will sign new reports. Reports already signed still verify. Your regional officer must add the new fingerprint to their trust list: read it to them again."
          confirmLabel="Replace the key"
          onCancel={() => setRotating(false)}
          onConfirm={() => {
            setRotating(false);
            void call('rotateSigningKey', {}).then((s) => {
              setSigning(s);
              notify('New signing key created. Read its fingerprint to your regional officer.');
            });
          }}
        />
      ) : null}
    </div>
  );
}
