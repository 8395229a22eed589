import { useState } from 'react';
import type { StoreAccess } from '../../shared/api';
import { useAppStore } from '../app-store';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { useApiTask } from '../use-api';
import { SetPassphrase } from './Unlock';

export function Welcome({ access, onSetUp, onRegion }: { access: StoreAccess | null; onSetUp: () => void; onRegion: () => void }) {
  const change = useAppStore((s) => s.change);
  const opening = useApiTask();
  // No store yet: a passphrase is chosen before it is made, then on to where the user was going.
  const [then, setThen] = useState<(() => void) | null>(null);
  const needsPassphrase = access?.state === 'new';
  const go = (next: () => void) => (needsPassphrase ? setThen(() => next) : next());
  if (then && access) {
    return <SetPassphrase access={access} onDone={then} onCancel={() => setThen(null)} />;
  }
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Welcome to Teller</h1>
      <p className="lead">
        Teller keeps the record of your CLP's trigger ballot: branches, affiliates, their results and the outcome under the rules, with every change kept in a
        tamper-evident audit trail. It works entirely on this computer.
      </p>
      <div className="welcome-choices">
        <button type="button" className="primary big" onClick={() => go(onSetUp)}>
          Set up my CLP
        </button>
        <button
          type="button"
          className="big"
          onClick={() => {
            void opening.run(() => change('openDemo', {}));
          }}
        >
          Open a demo CLP
        </button>
      </div>
      <p className="muted">The demo uses invented names and results, kept in a separate file from your own data and not encrypted. Your own store is encrypted with a passphrase you choose.</p>
      <p>
        Regional officer?{' '}
        <button type="button" className="link" onClick={() => go(onRegion)}>
          Open the regional office
        </button>{' '}
        to trust CLPs' keys and import their reports.
      </p>
      <ApiErrorNote error={opening.error} />
    </section>
  );
}
