import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { presetById } from '../../shared/rules';
import { syntheticXpressFixture } from '../../db/electoral-register/synthetic-register';
import { TellerService } from '../../db/service';
import { demoStorePath } from '../../db/store/location';
import { rawStore, TEST_PASSPHRASE } from '../test-store';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-cli-xmatch-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, TELLER_PASSPHRASE: TEST_PASSPHRASE };

// The register in the council's Xpress layout and a list with one-line addresses in the other order.
// Movers told apart by every kind of evidence the generator makes: roll numbers, middle names, postcodes.
const SIZES = { atHome: 2550, movers: 160, notOnRegister: 391, withNamesake: 93 };
const fixture = syntheticXpressFixture(SIZES);

/** A store with a CLP, a ballot, the list and (unless told) the register, imported through the service. */
function store(name: string, withRegister = true): string {
  const storePath = path.join(dir, `${name}.sqlite`);
  const svc = new TellerService({ actor: 'cli-test', now: () => new Date('2026-06-14T20:00:00Z'), storePath, demoPath: demoStorePath(storePath), passphrase: TEST_PASSPHRASE });
  const h = svc.handlers;
  h.saveClp({ name: 'Ashbrook and Larkhill', code: null, mpName: 'Imogen Carrow' });
  h.addBranch({ name: 'Ashbrook West' });
  h.saveBallot({ freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: presetById('labour-2021')!.rules });
  for (const [kind, text] of [['members', fixture.membersCsv], ['register', fixture.registerCsv]] as const) {
    if (kind === 'register' && !withRegister) continue;
    const file = path.join(dir, `${name}-${kind}.csv`);
    fs.writeFileSync(file, text);
    const fileId = svc.staged.add(file);
    const preview = (h.previewImport({ kind, fileId })).preview!;
    const job = h.startImport({ kind, fileId, mapping: preview.mapping });
    if (job.state !== 'done') throw new Error(`import ${job.state}: ${job.message ?? ''}`);
  }
  svc.close();
  return storePath;
}

/** The command with its output through a pipe to a slow reader, as `teller … | slow-program`. */
function throughPipe(...args: string[]): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/teller.cjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 3);
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('close', (code) => resolve({ code, out: Buffer.concat(out).toString('utf8'), err }));
  });
}

describe('teller cross-match', () => {
  it('prints every member’s result whole through a pipe, in the documented shape, with the expected counts', async () => {
    const db = store('json');
    const r = await throughPipe('cross-match', '--db', db, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { counts: Record<string, number>; rows: { membershipNumber: string; status: string; evidence: string }[] };
    expect(Object.keys(out)).toEqual(['counts', 'rows']);
    expect(out.counts).toEqual({ matched: 2550, elsewhere: 160, notFound: 298, ambiguous: 93 });
    expect(out.rows).toHaveLength(fixture.expected.size);
    const word = { matched: 'matched', 'matched-elsewhere': 'elsewhere', ambiguous: 'ambiguous', 'not-found': 'not-found' } as const;
    for (const row of out.rows) {
      expect(Object.keys(row)).toEqual(['membershipNumber', 'status', 'evidence']);
      expect([row.membershipNumber, row.status]).toEqual([row.membershipNumber, word[fixture.expected.get(row.membershipNumber)!]]);
      expect(row.evidence.length).toBeGreaterThan(10);
    }
  }, 120_000);

  it('prints the counts and the rows to check in words, and records the run as the app does', () => {
    const db = store('words');
    const r = spawnSync(process.execPath, ['bin/teller.cjs', 'cross-match', '--db', db], { encoding: 'utf8', env });
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('2550 matched at their address, 160 at another address, 93 ambiguous (check by hand), 298 not found.');
    expect(r.stdout).toMatch(/ambiguous: Not confirmed: only the name agrees with someone at another address/);
    expect(r.stdout.trim().split('\n')).toHaveLength(1 + 160 + 93 + 298);
    const raw = rawStore(db);
    const last = raw.prepare('SELECT action, after FROM audit_entry ORDER BY seq DESC LIMIT 1').get() as { action: string; after: string };
    const stored = raw.prepare('SELECT COUNT(*) AS n FROM register_match').get() as { n: number };
    raw.close();
    expect(last.action).toBe('register.cross-match');
    expect(JSON.parse(last.after)).toMatchObject({ matched: 2550, matchedElsewhere: 160, ambiguous: 93, notFound: 298 });
    expect(stored.n).toBe(fixture.expected.size);
    const verify = spawnSync(process.execPath, ['bin/teller.cjs', 'audit', 'verify', '--db', db, '--json'], { encoding: 'utf8', env });
    expect(verify.status).toBe(0);
  }, 120_000);

  it('gives the same figures when the council’s register is tab-separated, imported with teller electoral-register import', () => {
    const db = store('tab', false);
    const tab = syntheticXpressFixture({ ...SIZES, separator: '\t' });
    expect(tab.registerCsv.split('\r\n')[0]!.split('\t')).toHaveLength(14);
    const file = path.join(dir, 'register.tsv');
    fs.writeFileSync(file, tab.registerCsv);
    const imported = spawnSync(process.execPath, ['bin/teller.cjs', 'electoral-register', 'import', '--db', db, '--file', file, '--json'], { encoding: 'utf8', env });
    expect(imported.stderr).toBe('');
    expect(JSON.parse(imported.stdout)).toMatchObject({ rejected: [] });
    const r = spawnSync(process.execPath, ['bin/teller.cjs', 'cross-match', '--db', db, '--json'], { encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 });
    expect([r.status, r.stderr]).toEqual([0, '']);
    const out = JSON.parse(r.stdout) as { counts: Record<string, number>; rows: { membershipNumber: string; status: string }[] };
    expect(out.counts).toEqual({ matched: 2550, elsewhere: 160, notFound: 298, ambiguous: 93 });
    const word = { matched: 'matched', 'matched-elsewhere': 'elsewhere', ambiguous: 'ambiguous', 'not-found': 'not-found' } as const;
    expect(out.rows.filter((row) => row.status !== word[tab.expected.get(row.membershipNumber)!])).toEqual([]);
  }, 120_000);

  it('says plainly what is missing, and exits 2 without --db', () => {
    const db = store('no-register', false);
    const r = spawnSync(process.execPath, ['bin/teller.cjs', 'cross-match', '--db', db, '--json'], { encoding: 'utf8', env });
    expect([r.status, r.stdout, r.stderr.trim()]).toEqual([1, '', 'Import the council’s electoral register before cross-matching.']);
    const usage = spawnSync(process.execPath, ['bin/teller.cjs', 'cross-match'], { encoding: 'utf8', env });
    expect(usage.status).toBe(2);
  }, 120_000);
});
