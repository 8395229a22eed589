import { useEffect, useState } from 'react';
import { routeFromHash, useAppStore, type Route } from './app-store';
import { NoticeBar } from './components/NoticeBar';
import { AuditTrail } from './screens/AuditTrail';
import { Complaints } from './screens/Complaints';
import { Dashboard } from './screens/Dashboard';
import { Meetings } from './screens/Meetings';
import { DoorDesk } from './screens/DoorDesk';
import { Members } from './screens/Members';
import { Region } from './screens/Region';
import { Results } from './screens/Results';
import { Settings } from './screens/Settings';
import { Setup } from './screens/Setup';
import { Welcome } from './screens/Welcome';

const NAV: { route: Route; label: string }[] = [
  { route: 'dashboard', label: 'Dashboard' },
  { route: 'results', label: 'Results' },
  { route: 'meetings', label: 'Meetings' },
  { route: 'desk', label: 'Door desk' },
  { route: 'complaints', label: 'Complaints' },
  { route: 'members', label: 'Members' },
  { route: 'setup', label: 'Set-up' },
  { route: 'audit', label: 'Audit trail' },
  { route: 'region', label: 'Region' },
  { route: 'settings', label: 'Settings' },
];

function useRoute(): Route {
  const [route, setRoute] = useState(() => routeFromHash(window.location.hash));
  useEffect(() => {
    const onHash = () => setRoute(routeFromHash(window.location.hash));
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return route;
}

export function App() {
  const { state, loadError, load, change } = useAppStore();
  const route = useRoute();
  useEffect(() => {
    void load();
  }, [load]);
  useEffect(() => {
    const title = NAV.find((n) => n.route === route)?.label ?? 'Teller';
    document.title = state?.clp ? `${title} — ${state.clp.name} — Teller` : 'Teller';
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
  if (!state) return <main className="app loading">Opening Teller…</main>;

  if (!state.clp && route !== 'setup' && route !== 'region' && route !== 'settings') {
    return (
      <main className="app">
        <Welcome onSetUp={() => (window.location.hash = '#/setup')} onRegion={() => (window.location.hash = '#/region')} />
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
            <div className="clp-name">{state.clp ? `${state.clp.name} CLP · MP: ${state.clp.mpName}` : route === 'region' ? 'Regional office' : 'New CLP'}</div>
          </div>
        </div>
        <nav aria-label="Main">
          <ul>
            {NAV.map((n) => (
              <li key={n.route}>
                <a href={`#/${n.route}`} aria-current={route === n.route ? 'page' : undefined}>
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
            <strong>Demo CLP.</strong> Invented names and results, kept apart from your own data.
          </span>
          <button type="button" onClick={() => void change('leaveDemo', {})}>
            Leave the demo
          </button>
        </div>
      ) : null}
      <main id="main" className="app" tabIndex={-1}>
        {route === 'dashboard' ? <Dashboard state={state} /> : null}
        {route === 'results' ? <Results state={state} /> : null}
        {route === 'meetings' ? <Meetings state={state} /> : null}
        {route === 'desk' ? <DoorDesk state={state} /> : null}
        {route === 'complaints' ? <Complaints state={state} /> : null}
        {route === 'members' ? <Members state={state} /> : null}
        {route === 'setup' ? <Setup state={state} /> : null}
        {route === 'audit' ? <AuditTrail state={state} /> : null}
        {route === 'region' ? <Region state={state} /> : null}
        {route === 'settings' ? <Settings state={state} /> : null}
      </main>
      <NoticeBar />
    </>
  );
}
