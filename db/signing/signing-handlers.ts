import type { Signing } from '../../shared/api';
import { signingApi } from '../../shared/api/signing';
import { TellerError } from '../../shared/errors';
import { defineHandlers, type ServiceContext } from '../service-context';
import { createKey, currentKey, openKey, signingKeys } from './key-ring';
import { passphraseSealer } from './keys';
import { checkExport, exportReport, reportChecklist } from './report-export';

function signing(ctx: ServiceContext): Signing {
  const keys = signingKeys(ctx.store());
  return {
    current: keys.find((k) => k.retiredAt === null) ?? null,
    retired: keys.filter((k) => k.retiredAt !== null),
    sealer: ctx.signing.kind,
    unlocked: ctx.signing.sealer !== null,
  };
}

export const signingHandlers = defineHandlers(signingApi, (ctx) => ({
  getSigning: () => signing(ctx),
  unlockSigningKey: ({ passphrase }) => {
    const sealer = passphraseSealer(passphrase);
    if (currentKey(ctx.store())) openKey(ctx.store(), sealer); // throws if the passphrase is wrong
    else createKey(ctx.store(), sealer);
    ctx.signing.sealer = sealer;
    return signing(ctx);
  },
  rotateSigningKey: () => {
    if (!ctx.signing.sealer) throw new TellerError('key-locked', 'Unlock the signing key before replacing it.');
    createKey(ctx.store(), ctx.signing.sealer);
    return signing(ctx);
  },
  getReportChecklist: () => reportChecklist(ctx.store()),
  exportReport: (input) => {
    checkExport(ctx.store(), input);
    const { info, privateKey } = openKey(ctx.store(), ctx.signing.sealer);
    return exportReport(ctx.store(), input, { keyId: info.keyId, publicKey: info.publicKey, privateKey });
  },
}));
