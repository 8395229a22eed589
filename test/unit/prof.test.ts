import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'vitest';
import { syntheticRegionReports } from '../../db/region/synthetic-reports';
import { runReportImport } from '../../db/region/report-import';
import { trustKey } from '../../db/region/regional-office';
import { ClpStore } from '../../db/store/clp-store';
it('prof', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prof-'));
  const { texts, trust } = syntheticRegionReports(650, 1);
  const store = new ClpStore(path.join(dir, 's.sqlite'), { actor: 'p', now: () => new Date() }, { key: null });
  for (const t of trust) trustKey(store, t.clp, t.keyId);
  const files = texts.map((t, i) => { const f = path.join(dir, `${i}.json`); fs.writeFileSync(f, t); return { path: f, name: `${i}.json` }; });
  const t0 = performance.now();
  let n = 0;
  runReportImport(store, files, (m) => { n++; if (m.type === 'failed') console.log(m.message); });
  console.log('import ms', performance.now() - t0, 'messages', n);
});
