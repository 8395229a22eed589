import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useAppStore } from './app-store';
import { ApiErrorNote } from './components/ApiErrorNote';
import { NoticeBar } from './components/NoticeBar';
import { hrefOf } from './route-link';
import { navFor, routeFromHash, type StoreKind } from './routes';
import { SetPassphrase, Unlock } from './screens/Unlock';
import { Welcome } from './screens/Welcome';
import { useApiQuery, useApiTask } from './use-api';

/** The address, read as one of this kind of store's screens. */
function useRoute(kind: StoreKind) {
  const [hash, setHash] = useState(() => window.location.hash);
  useEffect(() => {
    const onHash = () => setHash(window.location.hash);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return routeFromHash(hash, kind);
}

/**
 * The header, its navigation and the notices: kept at the top of the window however long the
 * page, in the flow so a notice covers nothing. Its height is told to the page, so whatever is
 * scrolled to or focused lands below it, never under it.
 */
function TopBar({ children }: { children: ReactNode }) {
  const bar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = bar.current;
    if (!el) return;
    const tell = () => document.documentElement.style.setProperty('--top-bar-height', `${el.offsetHeight}px`);
    tell();
    const watcher = new ResizeObserver(tell);
    watcher.observe(el);
    return () => watcher.disconnect();
  }, []);
  return (
    <div className="top-bar no-print" ref={bar}>
      {children}
    </div>
  );
}

/** Screens whose address may name one of their sections (#/setup/branches-editor): the links of the getting-started checklist. */
const SECTIONED = new Set(['setup', 'members', 'settings']);

/** Brings the section an address names into view, once it is on the page (some load their data first). */
function useSectionInView(route: string, param: string | null) {
  useEffect(() => {
    if (!param || !SECTIONED.has(route)) return;
    let tries = 0;
    let timer = 0;
    const find = () => {
      const el = document.getElementById(param);
      if (el) el.scrollIntoView({ block: 'start' });
      else if (++tries < 40) timer = window.setTimeout(find, 50);
    };
    find();
    return () => window.clearTimeout(timer);
  }, [route, param]);
}

export function App() {
  const { state, access, loadError, load, change } = useAppStore();
  // Whether this store is a regional office: it then has its own screens, and never the secretary's.
  const office = useApiQuery('getRegionOffice', state ? {} : null);
  const kind: StoreKind = office.data?.regional ? 'region' : 'secretary';
  const { info: route, param } = useRoute(kind);
  const leaving = useApiTask();
  useEffect(() => {
    void load();
  }, [load]);
  // A regional office opened without an address starts where its work starts: trusting a key, importing, or the overview.
  const start = kind === 'region' ? office.data?.start : undefined;
  useEffect(() => {
    if (!start || routeFromHash(window.location.hash, 'region').named) return;
    window.location.replace(hrefOf(start === 'trust-key' ? 'keys' : start === 'import-reports' ? 'received' : 'overview'));
  }, [start]);
  useSectionInView(route.route, param);
  const where = kind === 'region' ? (office.data?.name ?? 'Regional office') : state?.clp?.name;
  useEffect(() => {
    document.title = where ? `${route.label} — ${where} — Teller` : 'Teller';
  }, [route, where]);

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
        <Welcome access={access} onSetUp={() => (window.location.hash = hrefOf('setup'))} />
      </main>
    );
  }
  if (!state || (office.data === undefined && !office.error)) return <main className="app loading">Opening Teller…</main>;

  if (kind === 'secretary' && !state.clp && !route.withoutClp) {
    return (
      <main className="app">
        <Welcome access={access} onSetUp={() => (window.location.hash = hrefOf('setup'))} />
      </main>
    );
  }

  // Before a secretary's CLP is set up, only the screens that work without one: never a tab that leads back to the welcome page.
  const nav = navFor(kind).filter((n) => state.clp || n.withoutClp);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <TopBar>
        <header className="app-header">
          <div className="brand">
            <span className="logo" aria-hidden="true">
              T
            </span>
            <div>
              <div className="app-name">Teller</div>
              <div className="clp-name">{kind === 'region' ? where : state.clp ? `${state.clp.name} CLP · MP: ${state.clp.mpName}` : 'New CLP'}</div>
            </div>
          </div>
          <nav aria-label="Main">
            <ul>
              {nav.map((n) => (
                <li key={n.route}>
                  <a href={hrefOf(n.route)} aria-current={route === n ? 'page' : undefined}>
                    {n.label}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
        </header>
        <NoticeBar />
      </TopBar>
      {state.store.demo ? (
        <div className="demo-banner no-print" role="note">
          <span>
            <strong>Demo CLP.</strong> Invented names and results, kept apart from your own data, and not encrypted.
          </span>
          <button
            type="button"
            onClick={() =>
              // Back to the secretary's own dashboard (or, with no CLP yet, the welcome page; locked, the unlock screen).
              void leaving.run(() => change('leaveDemo', {})).then((left) => {
                if (left) window.location.hash = hrefOf('dashboard');
              })
            }
          >
            Leave the demo
          </button>
          <ApiErrorNote error={leaving.error} />
        </div>
      ) : null}
      <main id="main" className="app" tabIndex={-1}>
        <ApiErrorNote error={office.error} />
        <route.Screen state={state} param={param} />
      </main>
    </>
  );
}
