import { storeAccessApi } from '../../shared/api/store-access';
import { defineHandlers } from '../service-context';
import { tellerState } from '../setup/state';

/** Opening the secretary's own encrypted store: its state, unlocking it, setting its passphrase. */
export const storeAccessHandlers = defineHandlers(storeAccessApi, (ctx) => ({
  getStoreAccess: () => ctx.access.state(),
  unlockStore: ({ passphrase }) => {
    ctx.access.unlock(passphrase);
    return tellerState(ctx.store(), ctx.isDemo());
  },
  setStorePassphrase: ({ passphrase }) => {
    ctx.access.setPassphrase(passphrase);
    return tellerState(ctx.store(), ctx.isDemo());
  },
}));
