import fs from 'node:fs';
import { regionApi } from '../../shared/api/region';
import { defineHandlers } from '../service-context';
import { MAX_REPORT_BYTES } from '../signing/verify-report';
import { importReport, refusedReports, regionOverview, revokeKey, trustedKeys, trustKey } from './regional-office';

export const regionHandlers = defineHandlers(regionApi, (ctx) => ({
  listTrustedKeys: () => trustedKeys(ctx.store()),
  trustKey: ({ clp, key }) => {
    trustKey(ctx.store(), clp, key);
    return trustedKeys(ctx.store());
  },
  revokeKey: ({ clp, keyId }) => {
    revokeKey(ctx.store(), clp, keyId);
    return trustedKeys(ctx.store());
  },
  importReports: ({ fileIds }) =>
    fileIds.map((fileId) => {
      const file = ctx.staged.get(fileId);
      try {
        const size = fs.statSync(file.path).size;
        const text = size > MAX_REPORT_BYTES ? 'x'.repeat(MAX_REPORT_BYTES + 1) : fs.readFileSync(file.path, 'utf8');
        return importReport(ctx.store(), file.name, text);
      } finally {
        ctx.staged.discard(fileId);
      }
    }),
  getRegion: () => ({ rows: regionOverview(ctx.store()), refused: refusedReports(ctx.store()) }),
}));
