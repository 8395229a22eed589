import { useState, type FormEvent } from 'react';
import type { Backup, TellerState } from '../../shared/api';
import { formatUkTimestamp } from '../../shared/time';
import { fingerprint } from '../../shared/report/fingerprint';
import { call } from '../api-client';
import { useAppStore } from '../app-store';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { ConfirmDialog } from '../components/ConfirmDialog';
import { Field } from '../components/Field';
import { download } from '../download';
import { hrefOf } from '../route-link';
import { fieldError, useApiAction, useApiQuery, useApiTask } from '../use-api';

/** The store's place on this computer and its backups: the same panel in a CLP's and a regional office's settings. */
export function StorePanel({ path }: { path: string }) {
  return (
    <section className="panel" aria-labelledby="store-title">
      <h2 id="store-title">This store</h2>
      <p>
        <code>{path}</code>
      </p>
      <Backups />
    </section>
  );
}

function Backups() {
  const notify = useAppStore((s) => s.notify);
  const list = useApiQuery('listBackups', {});
  const backups = list.data ?? [];
  const [restoring, setRestoring] = useState<Backup | null>(null);
  // One error line for everything done here: backing up, saving a copy, restoring.
  const task = useApiTask();
  const size = (bytes: number) => (bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`);
  return (
    <>
      <h3>Backups</h3>
      <p>Teller keeps a copy before every change of format and every import. Restoring checks the copy first and keeps the data it replaces as a backup too.</p>
      {/* A backup changes no record, so no "changed" event comes: the list is read again here. */}
      <button
        type="button"
        onClick={() =>
          void task.run(() => call('backupNow', {})).then((done) => {
            if (!done) return;
            list.refresh();
            notify('Backup made.');
          })
        }
      >
        Back up now
      </button>
      <ApiErrorNote error={task.error ?? list.error} />
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
                    void task.run(async () => {
                      const r = await call('readBackup', { name: b.name });
                      download(r.name, Uint8Array.from(atob(r.base64), (c) => c.charCodeAt(0)), 'application/vnd.sqlite3');
                    })
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
        <RestoreDialog
          backup={restoring}
          onCancel={() => setRestoring(null)}
          onConfirm={(confirm) => {
            const b = restoring;
            setRestoring(null);
            void task.run(() => call('restoreBackup', { name: b.name, ...(confirm ? { confirm } : {}) })).then((done) => done && notify('Backup restored.'));
          }}
        />
      ) : null}
    </>
  );
}

const RESTORE_WORD = 'RESTORE';

/**
 * Asks before a restore, saying what it undoes. A backup from before a report already issued
 * takes the record back behind what the regional office has: the screen says so, and the
 * restore waits until RESTORE is typed.
 */
function RestoreDialog({ backup, onCancel, onConfirm }: { backup: Backup; onCancel: () => void; onConfirm: (confirm: string | null) => void }) {
  const check = useApiQuery('checkRestore', { name: backup.name });
  const [word, setWord] = useState('');
  const c = check.data;
  const needsWord = c?.warning != null;
  const lost = c && c.lostEntries > 0 ? ` The audit trail will lack ${c.lostEntries} ${c.lostEntries === 1 ? 'entry' : 'entries'} made since; the restore records each of them in an entry of its own.` : '';
  return (
    <ConfirmDialog
      title="Restore this backup?"
      message={`The store goes back to ${formatUkTimestamp(backup.createdAt)}. What is there now is kept as a backup first, so nothing is lost.${lost}`}
      confirmLabel="Restore"
      onCancel={onCancel}
      onConfirm={() => onConfirm(needsWord ? word.trim() : null)}
      confirmDisabled={!c || (needsWord && word.trim() !== RESTORE_WORD)}
    >
      {check.loading && !c ? <p>Checking the backup…</p> : null}
      <ApiErrorNote error={check.error} />
      {needsWord ? (
        <div className="restore-warning">
          <p className="field-error" role="alert">
            {c.warning}
          </p>
          <Field label={`Type ${RESTORE_WORD} to restore it anyway`} hint="In capitals. The restore and the report it goes back behind are kept in the audit trail.">
            {(p) => <input {...p} value={word} autoComplete="off" spellCheck={false} maxLength={20} onChange={(e) => setWord(e.target.value)} />}
          </Field>
        </div>
      ) : null}
    </ConfirmDialog>
  );
}

const sizeOf = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : bytes === 0 ? '0 KB' : `${Math.ceil(bytes / 1024)} KB`);

/** Every place this store's personal data is kept, with sizes and dates. */
function DataPlaces() {
  const places = useApiQuery('personalDataPlaces', {});
  return (
    <section className="panel" aria-labelledby="places-title">
      <h2 id="places-title">Where personal data is kept</h2>
      <p>Members&apos; names and addresses, the electoral register and what was recorded at the door are kept in these places on this computer.</p>
      <ApiErrorNote error={places.error} />
      <table className="audit-table places-table">
        <thead>
          <tr>
            <th scope="col">Place</th>
            <th scope="col">Where</th>
            <th scope="col">Size</th>
            <th scope="col">Last written</th>
          </tr>
        </thead>
        <tbody>
          {(places.data ?? []).map((p) => (
            <tr key={p.what}>
              <th scope="row">{p.what}</th>
              <td>
                {p.path ? <code>{p.path}</code> : 'Wherever you saved them'}
                <div className="unit-note">{p.note}</div>
              </td>
              <td>{!p.path ? '—' : p.files === 0 ? 'Empty' : `${sizeOf(p.bytes)} in ${p.files} ${p.files === 1 ? 'file' : 'files'}`}</td>
              <td>
                {p.modifiedAt ? formatUkTimestamp(p.modifiedAt) : '—'}
                {p.oldestAt && p.oldestAt !== p.modifiedAt ? <div className="unit-note">oldest {formatUkTimestamp(p.oldestAt)}</div> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

/**
 * The demo CLP for training volunteers, once the secretary's own CLP exists: a store of its own,
 * in plain text, that never touches the real one. Leaving it comes back to the real dashboard.
 */
function DemoPanel() {
  const change = useAppStore((s) => s.change);
  const opening = useApiTask();
  return (
    <section className="panel" aria-labelledby="demo-title">
      <h2 id="demo-title">Demo CLP for training</h2>
      <p>
        A made-up CLP with invented members, meetings and results, for showing volunteers the door desk and the results before the real evening. It is kept apart from your
        own data, which it never changes; leave it with the button at the top of the window.
      </p>
      <button
        type="button"
        onClick={() =>
          void opening.run(() => change('openDemo', {})).then((opened) => {
            if (opened) window.location.hash = hrefOf('dashboard');
          })
        }
      >
        Open the demo CLP
      </button>
      <ApiErrorNote error={opening.error} />
    </section>
  );
}

/** Where Settings was opened from to unlock the signing key, and goes back to once it is unlocked. */
const RETURNS: Record<string, { words: string; href: string }> = {
  export: { words: 'the signed report', href: hrefOf('dashboard', 'export') },
};

export function Settings({ state, param }: { state: TellerState; param?: string | null }) {
  const notify = useAppStore((s) => s.notify);
  const query = useApiQuery('getSigning', {});
  const unlocking = useApiAction('unlockSigningKey');
  const rotation = useApiAction('rotateSigningKey');
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const [rotating, setRotating] = useState(false);
  const signing = query.data;
  const back = param ? RETURNS[param] : undefined;
  if (!signing) return <ApiErrorNote error={query.error} />;
  const creating = !signing.current;
  const unlock = async (e: FormEvent) => {
    e.preventDefault();
    // A new key's passphrase is typed twice: a slip would lock the key away for good.
    if (creating && passphrase !== again) return unlocking.fail('The two passphrases differ. Type the same passphrase twice.', 'again');
    const next = await unlocking.run({ passphrase });
    if (!next) return;
    setPassphrase('');
    setAgain('');
    notify(creating ? 'Signing key created.' : 'Signing key unlocked.');
    if (back) window.location.hash = back.href;
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
        {back && signing.sealer === 'passphrase' && !signing.unlocked ? (
          <p className="return-note">
            Once the key is {creating ? 'created' : 'unlocked'}, Teller takes you back to {back.words}. <a href={back.href}>Go back without it</a>
          </p>
        ) : null}
        {signing.sealer === 'passphrase' && !signing.unlocked ? (
          <form className="inline-form" onSubmit={(e) => void unlock(e)} noValidate>
            <Field
              label={creating ? 'Passphrase for the new key (8 characters or more)' : 'Passphrase to unlock the key'}
              error={unlocking.error && unlocking.error.info.field !== 'again' ? unlocking.error.message : undefined}
            >
              {(p) => <input {...p} type="password" autoComplete={creating ? 'new-password' : 'current-password'} value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />}
            </Field>
            {creating ? (
              <Field label="The same passphrase again" error={fieldError(unlocking.error, 'again')}>
                {(p) => <input {...p} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />}
              </Field>
            ) : null}
            <button type="submit" className="primary">
              {creating ? 'Create the key' : 'Unlock'}
            </button>
          </form>
        ) : null}
        {signing.current && signing.unlocked ? (
          <button type="button" onClick={() => setRotating(true)}>
            Replace the key…
          </button>
        ) : null}
        <ApiErrorNote error={rotation.error} />
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
      <StorePanel path={state.store.path} />
      <DataPlaces />
      {state.clp && !state.store.demo ? <DemoPanel /> : null}
      {rotating ? (
        <ConfirmDialog
          title="Replace the signing key?"
          message="A new key will sign new reports. Reports already signed still verify. Your regional officer must add the new fingerprint to their trust list: read it to them again."
          confirmLabel="Replace the key"
          onCancel={() => setRotating(false)}
          onConfirm={() => {
            setRotating(false);
            void rotation.run({}).then((s) => s && notify('New signing key created. Read its fingerprint to your regional officer.'));
          }}
        />
      ) : null}
    </div>
  );
}
