import { useAppStore } from '../app-store';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { useApiTask } from '../use-api';

export function Welcome({ onSetUp, onRegion }: { onSetUp: () => void; onRegion: () => void }) {
  const change = useAppStore((s) => s.change);
  const opening = useApiTask();
  return (
    <section className="welcome" aria-labelledby="welcome-title">
      <h1 id="welcome-title">Welcome to Teller</h1>
      <p className="lead">
        Teller keeps the record of your CLP's trigger ballot: branches, affiliates, their results and the outcome under the rules, with every change kept in a
        tamper-evident audit trail. It works entirely on this computer.
      </p>
      <div className="welcome-choices">
        <button type="button" className="primary big" onClick={onSetUp}>
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
      <p className="muted">The demo uses invented names and results, kept in a separate file from your own data.</p>
      <p>
        Regional officer?{' '}
        <button type="button" className="link" onClick={onRegion}>
          Open the regional office
        </button>{' '}
        to trust CLPs' keys and import their reports.
      </p>
      <ApiErrorNote error={opening.error} />
    </section>
  );
}
