import { useEffect, useState } from 'react';
import { useAppStore } from './app-store';
import { ApiErrorNote } from './components/ApiErrorNote';
import { NoticeBar } from './components/NoticeBar';
import { NAV, routeFromHash, type RouteInfo } from './routes';
import { SetPassphrase, Unlock } from './screens/Unlock';
import { Welcome } from './screens/Welcome';
import { useApiTask } from './use-api';

function useRoute(): RouteInfo {
  const [route, setRoute] = useState(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

export function App() {
  const { state, access, loadError, load, change } = useAppStore();
  const route = useRoute();
  const leaving = useApiTask();
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    document.title = state?.clp ? `${route.label} — ${state.clp.name} — Teller` : 'Teller';
  }, [route, state?.clp]);

  if (loadError) {
    return (
      <main className="app">
        <section className="panel" role="alert">
          <h1>Teller cannot open its data</h1>
          <p>{loadError}</p>
        </section>
      </main>
    );
  }
  // The secretary's store waits for its passphrase (locked), for one to be set (not made yet), or to be encrypted.
  if (!state && access?.state === 'locked') {
    return (
      <main className="app">
        <Unlock access={access} />
      </main>
    );
  }
  if (!state && access?.state === 'plain') {
    return (
      <main className="app">
        <SetPassphrase access={access} onDone={() => undefined} />
      </main>
    );
  }
  if (!state && access?.state === 'new') {
    return (
      <main className="app">
        <Welcome access={access} onSetUp={() => (window.location.hash = '#/setup')} onRegion={() => (window.location.hash = '#/region')} />
      </main>
    );
  }
  if (!state) return <main className="app loading">Opening Teller…</main>;

  if (!state.clp && !route.withoutClp) {
    return (
      <main className="app">
        <Welcome access={access} onSetUp={() => (window.location.hash = '#/setup')} onRegion={() => (window.location.hash = '#/region')} />
      </main>
    );
  }

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header no-print">
        <div className="brand">
          <span className="logo" aria-hidden="true">
            T
          </span>
          <div>
            <div className="app-name">Teller</div>
            <div className="clp-name">{state.clp ? `${state.clp.name} CLP · MP: ${state.clp.mpName}` : route.route === 'region' ? 'Regional office' : 'New CLP'}</div>
          </div>
        </div>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.route}>
                <a href={`#/${n.route}`} aria-current={route === n ? 'page' : undefined}>
                  {n.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      {state.store.demo ? (
        <div className="demo-banner no-print" role="note">
          <span>
            <strong>Demo CLP.</strong> Invented names and results, kept apart from your own data, and not encrypted.
          </span>
          <button type="button" onClick={() => void leaving.run(() => change('leaveDemo', {}))}>
            Leave the demo
          </button>
          <ApiErrorNote error={leaving.error} />
        </div>
      ) : null}
      <main id="main" className="app" tabIndex={-1}>
        <route.Screen state={state} />
      </main>
      <NoticeBar />
    </>
  );
}
