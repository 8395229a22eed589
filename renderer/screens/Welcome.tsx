import { useState } from 'react';
import type { StoreAccess } from '../../shared/api';
import { call } from '../api-client';
import { useAppStore } from '../app-store';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { useApiTask } from '../use-api';
import { SetPassphrase } from './Unlock';
import './welcome.css';

export function Welcome({ access, onSetUp }: { access: StoreAccess | null; onSetUp: () => void }) {
  const change = useAppStore((s) => s.change);
  const load = useAppStore((s) => s.load);
  const opening = useApiTask();
  // No store yet: a passphrase is chosen before it is made, then on to where the user was going.
  const [then, setThen] = useState<(() => void) | null>(null);
  const needsPassphrase = access?.state === 'new';
  const go = (next: () => void) => (needsPassphrase ? setThen(() => next) : next());
  // The store becomes a regional office for good: from then on it opens on the regional screens, at trusting a key.
  const becomeRegionalOffice = () => {
    void opening.run(async () => {
      await call('setRegionOffice', { name: null });
      window.location.hash = '#/keys';
      await load();
    });
  };
  if (then && access) {
    return <SetPassphrase access={access} onDone={then} onCancel={() => setThen(null)} />;
  }
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Welcome to Teller</h1>
      <p className="lead">
        Teller keeps the record of a CLP's trigger ballot, and lets the regional office check the reports CLPs send. It works entirely on this computer.
      </p>
      <div className="welcome-roles">
        <section className="welcome-role" aria-labelledby="role-secretary">
          <h2 id="role-secretary">I am a CLP secretary</h2>
          <p>Record branches, affiliates, their meetings and results, and the outcome under the rules, with every change kept in a tamper-evident audit trail.</p>
          <div className="welcome-choices">
            <button type="button" className="primary big" onClick={() => go(onSetUp)}>
              Set up my CLP
            </button>
            <button type="button" onClick={() => void opening.run(() => change('openDemo', {}))}>
              Open a demo CLP
            </button>
          </div>
          <p className="muted">The demo uses invented names and results, kept in a separate file from your own data and not encrypted.</p>
        </section>
        <section className="welcome-role" aria-labelledby="role-region">
          <h2 id="role-region">I am a regional officer</h2>
          <p>Trust each CLP's key, import the reports CLPs send you, and see the region at a glance. This store then becomes a regional office and keeps no CLP of its own.</p>
          <div className="welcome-choices">
            <button type="button" className="primary big" onClick={() => go(becomeRegionalOffice)}>
              Open the regional office
            </button>
          </div>
        </section>
      </div>
      <p className="muted">Your own store is encrypted with a passphrase you choose.</p>
      <ApiErrorNote error={opening.error} />
    </section>
  );
}
