import { create } from 'zustand';
import type { ApiInput, ApiOutput, MethodName, TellerState } from '../shared/api';
import { ApiError, call } from './api-client';

export type Route = 'dashboard' | 'results' | 'meetings' | 'desk' | 'complaints' | 'members' | 'setup' | 'audit' | 'region' | 'settings';
const ROUTES: readonly Route[] = ['dashboard', 'results', 'meetings', 'desk', 'complaints', 'members', 'setup', 'audit', 'region', 'settings'];

export function routeFromHash(hash: string): Route {
  const r = hash.replace(/^#\/?/, '') as Route;
  return ROUTES.includes(r) ? r : 'dashboard';
}

export interface Notice {
  id: number;
  text: string;
  undo?: () => Promise<void>;
}

type StateMethod = { [K in MethodName]: ApiOutput<K> extends TellerState ? K : never }[MethodName];

interface AppStore {
  state: TellerState | null;
  loadError: string | null;
  notice: Notice | null;
  load: () => Promise<void>;
  /** Runs a method that returns the new state; throws ApiError for the form to show. */
  change: <K extends StateMethod>(method: K, input: ApiInput<K>) => Promise<TellerState>;
  notify: (text: string, undo?: () => Promise<void>) => void;
  dismissNotice: () => void;
}

let noticeId = 0;

export const useAppStore = create<AppStore>((set, get) => ({
  state: null,
  loadError: null,
  notice: null,
  async load() {
    try {
      set({ state: await call('getState', {}), loadError: null });
    } catch (e) {
      set({ loadError: e instanceof ApiError ? e.message : String(e) });
    }
  },
  async change(method, input) {
    const next = (await call(method, input)) as TellerState;
    set({ state: next });
    return next;
  },
  notify(text, undo) {
    noticeId += 1;
    const id = noticeId;
    set({ notice: undo ? { id, text, undo } : { id, text } });
    window.setTimeout(() => {
      if (get().notice?.id === id) set({ notice: null });
    }, 8000);
  },
  dismissNotice() {
    set({ notice: null });
  },
}));
