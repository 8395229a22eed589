import { create } from 'zustand';
import type { ApiInput, ApiOutput, MethodName, StoreAccess, TellerState } from '../shared/api';
import { call, onApiEvent } from './api-client';
import { noteSuccess } from './successes';
import { asApiError } from './use-api';

interface Notice {
  id: number;
  text: string;
  undo?: () => Promise<void>;
}

type StateMethod = { [K in MethodName]: ApiOutput<K> extends TellerState ? K : never }[MethodName];

interface AppStore {
  state: TellerState | null;
  /** Whether the secretary's store is open, locked (passphrase), new or still in plain text. */
  access: StoreAccess | null;
  loadError: string | null;
  notice: Notice | null;
  load: () => Promise<void>;
  /** Runs a method that returns the new state; throws ApiError for the form to show. */
  change: <K extends StateMethod>(method: K, input: ApiInput<K>) => Promise<TellerState>;
  notify: (text: string, undo?: () => Promise<void>) => void;
  dismissNotice: () => void;
}

let noticeId = 0;
let loadTicket = 0;

export const useAppStore = create<AppStore>((set, get) => ({
  state: null,
  access: null,
  loadError: null,
  notice: null,
  async load() {
    // Loads can overlap (several changes in a row): only the last one started may set the state.
    const ticket = ++loadTicket;
    try {
      const access = await call('getStoreAccess', {});
      // Locked, or not made yet: the unlock or welcome screen, and no state to show.
      if (access.state !== 'open' && !access.demo) {
        if (ticket === loadTicket) set({ access, state: null, loadError: null });
        return;
      }
      const state = await call('getState', {});
      if (ticket === loadTicket) set({ access, state, loadError: null });
    } catch (e) {
      if (ticket === loadTicket) set({ loadError: asApiError(e).message });
    }
  },
  async change(method, input) {
    // The call announces the change like any other (and so reloads the state); the answer is used at once meanwhile.
    try {
      const next = (await call(method, input)) as TellerState;
      set({ state: next });
      noteSuccess();
      if (method === 'unlockStore' || method === 'setStorePassphrase' || method === 'openDemo') void get().load();
      return next;
    } catch (e) {
      // The store closed under this screen (the demo was left before the store was unlocked).
      if (asApiError(e).info.code === 'store-closed') void get().load();
      throw e;
    }
  },
  notify(text, undo) {
    noteSuccess();
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

// The app-wide state follows every change to the data, whoever made it.
onApiEvent((e) => {
  if (e.kind === 'changed') void useAppStore.getState().load();
});
