import { electoralRegisterApi } from '../../shared/api/electoral-register';
import { defineHandlers } from '../service-context';
import { allRegisterMatches, matchSummary, registerMatches, runCrossMatch } from './cross-match';

export const electoralRegisterHandlers = defineHandlers(electoralRegisterApi, (ctx) => ({
  crossMatchRegister: () => {
    const summary = runCrossMatch(ctx.store(), ctx.store().stamp());
    ctx.forgetMemberIndex();
    return summary;
  },
  getMatchSummary: () => matchSummary(ctx.store()),
  listRegisterMatches: ({ status, limit }) => registerMatches(ctx.store(), status, limit),
  exportRegisterMatches: () => allRegisterMatches(ctx.store()),
}));
