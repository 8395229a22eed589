import { useState } from 'react';
import type { StoreAccess } from '../../shared/api';
import { useAppStore } from '../app-store';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { Field } from '../components/Field';
import { fieldError, useApiTask } from '../use-api';

/** What a forgotten passphrase costs, and what it does not. */
function ForgottenPassphrase() {
  return (
    <details className="forgotten">
      <summary>If the passphrase is forgotten</summary>
      <p>
        Nobody can open this store or its backups without the passphrase: not Teller, not the party, not us. The membership lists, the electoral register, the
        meetings and check-ins, the complaints and the audit trail kept on this computer are lost.
      </p>
      <p>
        Reports already sent to the regional office are not affected: each is a signed file that verifies on its own. You can start again with a new store and
        import the lists again.
      </p>
    </details>
  );
}

/** The start screen for an encrypted store: its passphrase opens it; a wrong one changes nothing. */
export function Unlock({ access }: { access: StoreAccess }) {
  const change = useAppStore((s) => s.change);
  const [passphrase, setPassphrase] = useState('');
  const unlocking = useApiTask();
  const opening = useApiTask();
  if (access.sealedBy === 'safe-storage') {
    return (
      <section className="panel unlock" aria-labelledby="unlock-title">
        <h1 id="unlock-title">This store is held by the desktop app</h1>
        <p>Its key is sealed by the system keychain of the computer whose Teller app made it, so it cannot be opened here. Open it in the Teller app on that computer.</p>
      </section>
    );
  }
  return (
    <section className="panel unlock" aria-labelledby="unlock-title">
      <h1 id="unlock-title">Unlock Teller</h1>
      <p>Your store is encrypted. Enter its passphrase to open it.</p>
      {access.keychainNote ? <p className="muted">{access.keychainNote}</p> : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void unlocking.run(() => change('unlockStore', { passphrase }));
        }}
      >
        <Field label="Passphrase" error={fieldError(unlocking.error, 'passphrase')}>
          {(p) => <input {...p} type="password" autoComplete="current-password" autoFocus value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />}
        </Field>
        <button type="submit" className="primary" disabled={unlocking.pending || passphrase === ''}>
          {unlocking.pending ? 'Unlocking…' : 'Unlock'}
        </button>
        {unlocking.error && unlocking.error.info.field !== 'passphrase' ? <ApiErrorNote error={unlocking.error} /> : null}
      </form>
      <ForgottenPassphrase />
      <p className="muted">
        Or{' '}
        <button type="button" className="link" onClick={() => void opening.run(() => change('openDemo', {}))}>
          open the demo CLP
        </button>{' '}
        (invented data, not encrypted).
      </p>
      <ApiErrorNote error={opening.error} />
    </section>
  );
}

/**
 * The step before a real store is made (or one from before encryption is encrypted): the
 * passphrase that will seal its key, typed twice.
 */
export function SetPassphrase({ access, onDone, onCancel }: { access: StoreAccess; onDone: () => void; onCancel?: () => void }) {
  const change = useAppStore((s) => s.change);
  const [passphrase, setPassphrase] = useState('');
  const [again, setAgain] = useState('');
  const setting = useApiTask();
  const encrypting = access.state === 'plain';
  return (
    <section className="panel unlock" aria-labelledby="set-passphrase-title">
      <h1 id="set-passphrase-title">{encrypting ? 'Encrypt your store' : 'Choose a passphrase'}</h1>
      <p>
        {encrypting
          ? 'Your store was made by an earlier Teller and is not encrypted yet. Choose a passphrase: Teller encrypts the store and its backups with a random key that only this passphrase unseals, then deletes the unencrypted copy.'
          : 'Teller encrypts your store and every backup of it with a random key that only this passphrase unseals. You will enter it each time Teller starts.'}
      </p>
      {access.keychainNote ? <p className="muted">{access.keychainNote}</p> : null}
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (passphrase !== again) return setting.fail('The two passphrases differ. Type the same passphrase twice.', 'again');
          void setting.run(() => change('setStorePassphrase', { passphrase })).then((state) => {
            if (state) onDone();
          });
        }}
      >
        <Field label="Passphrase" hint="At least 8 characters. A few unrelated words are easy to remember and hard to guess." error={fieldError(setting.error, 'passphrase')}>
          {(p) => <input {...p} type="password" autoComplete="new-password" autoFocus value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />}
        </Field>
        <Field label="The same passphrase again" error={fieldError(setting.error, 'again')}>
          {(p) => <input {...p} type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} />}
        </Field>
        <div className="actions">
          <button type="submit" className="primary" disabled={setting.pending || passphrase === ''}>
            {setting.pending ? 'Encrypting…' : encrypting ? 'Encrypt my store' : 'Set the passphrase'}
          </button>
          {onCancel ? (
            <button type="button" onClick={onCancel}>
              Back
            </button>
          ) : null}
        </div>
        {setting.error && !['passphrase', 'again'].includes(setting.error.info.field ?? '') ? <ApiErrorNote error={setting.error} /> : null}
      </form>
      <ForgottenPassphrase />
    </section>
  );
}
