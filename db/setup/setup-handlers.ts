import { setupApi } from '../../shared/api/setup';
import { formatUkDate } from '../../shared/dates';
import { TellerError } from '../../shared/errors';
import { ukToday } from '../../shared/time';
import { defineHandlers } from '../service-context';
import { ballotChangeImpact, saveBallot, saveBallotSettings } from './ballot';
import { saveClp } from './clp';
import { startChecklist } from './start-checklist';
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
    getStartChecklist: () => startChecklist(ctx.store()),
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
    recordAffiliateDecision: (input) => {
      // A decision cannot have arrived after today (the UK's today, as everywhere in Teller).
      const today = ukToday(ctx.now());
      if (input.receivedOn > today) {
        throw new TellerError('invalid-input', `The date received cannot be in the future: today is ${formatUkDate(today)}.`, 'receivedOn');
      }
      recordAffiliateDecision(ctx.store(), input);
      return state();
    },
  };
});
