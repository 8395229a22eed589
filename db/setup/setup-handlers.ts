import { setupApi } from '../../shared/api/setup';
import { defineHandlers } from '../service-context';
import { ballotChangeImpact, saveBallot, saveBallotSettings } from './ballot';
import { saveClp } from './clp';
import { tellerState } from './state';
import { addAffiliate, addBranch, deleteAffiliate, deleteBranch, recordAffiliateDecision, recordResult, renameBranch, updateAffiliate, withdrawUnit } from './units';

export const setupHandlers = defineHandlers(setupApi, (ctx) => {
  const state = () => tellerState(ctx.store(), ctx.isDemo());
  const then = <I>(change: (store: ReturnType<typeof ctx.store>, input: I) => void) => (input: I) => {
    change(ctx.store(), input);
    return state();
  };
  return {
    getState: state,
    openDemo: () => {
      ctx.switchStore(true);
      return state();
    },
    leaveDemo: () => {
      ctx.switchStore(false);
      return state();
    },
    saveClp: then(saveClp),
    addBranch: then(addBranch),
    renameBranch: then(renameBranch),
    deleteBranch: then(deleteBranch),
    addAffiliate: then(addAffiliate),
    updateAffiliate: then(updateAffiliate),
    deleteAffiliate: then(deleteAffiliate),
    withdrawUnit: then(withdrawUnit),
    saveBallot: then(saveBallot),
    saveBallotSettings: then((store, input: { settings: Parameters<typeof saveBallotSettings>[1] }) => saveBallotSettings(store, input.settings)),
    previewBallotChange: (input) => ballotChangeImpact(ctx.store(), input),
    recordResult: then(recordResult),
    recordAffiliateDecision: then(recordAffiliateDecision),
  };
});
