import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprint } from '../../shared/report/fingerprint';
import { TEST_PASSPHRASE } from '../test-store';
import { newKey, payload, signed } from '../unit/region/hostile-reports';

/* `teller region …` through real processes: the regional office for officers who script it. */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-region-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const env = { ...process.env, TELLER_PASSPHRASE: TEST_PASSPHRASE };

function teller(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/teller.cjs', ...args], { encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function throughPipe(...args: string[]): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/teller.cjs', ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
    const out: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => {
      out.push(chunk);
      child.stdout.pause();
      setTimeout(() => child.stdout.resume(), 3);
    });
    child.on('close', (code) => resolve({ code, out: Buffer.concat(out).toString('utf8') }));
  });
}

let n = 0;
function file(name: string, text: string): string {
  const f = path.join(dir, `${n++}-${name}`);
  fs.writeFileSync(f, text);
  return f;
}

describe('teller region', () => {
  it('trusts, imports with the app’s verdicts and codes, revokes, and shows the overview', () => {
    const db = path.join(dir, 'office.sqlite');
    const key = newKey();
    const nfc = 'Ynys Môn';
    const p = payload({ clp: { name: nfc, code: null }, issuedAt: '2026-06-01T09:00:00Z' });
    const r1 = file('r1.json', signed(p, key));
    const copy = file('r1-copy.json', JSON.stringify(JSON.parse(signed(p, key))));

    // Not trusted yet: refused, exit 1, the reason given.
    const first = teller('region', 'import', '--db', db, r1);
    expect(first.code).toBe(1);
    expect(first.out).toBe(`refused  ${r1} — ${nfc}, revision 1\n          trust: Key ${fingerprint(key.keyId)} is not trusted for ${nfc}.\n`);

    // Trusted under the NFD spelling, by fingerprint as read out.
    const trusted = teller('region', 'trust', '--db', db, '--clp', 'Ynys Mo\u0302n', '--key', fingerprint(key.keyId));
    expect(trusted).toMatchObject({ code: 0, out: `Key ${fingerprint(key.keyId)} is now trusted for ${nfc}.\n` });

    // The refused file again is checked afresh; a re-encoded copy is a duplicate. Exit 0.
    const again = teller('region', 'import', '--db', db, '--json', r1, copy);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out)).toMatchObject([
      { file: r1, verdict: 'accepted', clp: nfc, revision: 1, ballotId: p.ballotId, problems: [] },
      { file: copy, verdict: 'duplicate', clp: nfc, revision: 1, problems: [] },
    ]);

    // A name that cannot be read is a usage error, and nothing is imported.
    const r2 = file('r2.json', signed({ ...p, revision: 2 }, key));
    const missing = teller('region', 'import', '--db', db, r2, path.join(dir, 'no-such.json'));
    expect(missing.code).toBe(2);
    expect(missing.err).toContain(`cannot read ${path.join(dir, 'no-such.json')}: there is no such file.`);

    const overview = teller('region', 'overview', '--db', db, '--json');
    expect(overview.code).toBe(0);
    expect(JSON.parse(overview.out)).toMatchObject([{ clp: nfc, revision: 1, standing: 'undecided', branchesReporting: 2, branchesPending: 0, revokedKey: false }]);

    // A fingerprint one group off the trusted key gets a warning.
    const near = `${key.keyId.slice(0, 4)}${key.keyId[4] === '0' ? '1' : '0'}${key.keyId.slice(5)}`;
    const warned = teller('region', 'trust', '--db', db, '--clp', 'Westhaven', '--key', near);
    expect(warned.code).toBe(0);
    expect(warned.out).toContain(`Warning: This fingerprint differs in only one group (group 2: ${near.slice(4, 8)} here, ${key.keyId.slice(4, 8)} there) from the key trusted for ${nfc}`);

    // Revoked by fingerprint alone: r5 issued afterwards is refused; what came before stays, marked.
    const revoked = teller('region', 'revoke', '--db', db, '--key', key.keyId);
    expect(revoked).toMatchObject({ code: 0, out: `Key ${fingerprint(key.keyId)} is revoked for ${nfc}; the report it signed before stays, marked.\n` });
    const r5 = file('r5.json', signed({ ...p, clp: { name: 'Ynys Mo\u0302n', code: null }, revision: 5, issuedAt: '2099-01-01T00:00:00Z' }, key));
    const late = teller('region', 'import', '--db', db, '--json', r5);
    expect(late.code).toBe(1);
    expect(JSON.parse(late.out)).toMatchObject([{ verdict: 'refused', problems: [{ code: 'revoked' }] }]);
    const csv = teller('region', 'overview', '--db', db, '--csv');
    expect(csv.out.split('\r\n')[1]).toMatch(/^Ynys Môn,interim,1,1 June 2026,no,50%,.*,undecided,0,1,yes$/);
    expect(teller('region', 'overview', '--db', db).out).toContain('SIGNED BY A KEY REVOKED SINCE');
  }, 120_000);

  it('exits 2 on a usage error, changing nothing', () => {
    const db = path.join(dir, 'usage.sqlite');
    expect(teller('region', 'trust', '--db', db, '--clp', 'Westhaven').code).toBe(2);
    expect(teller('region', 'import', '--db', db).code).toBe(2);
    expect(teller('region', 'overview', '--db', db, '--json', '--csv').code).toBe(2);
    expect(teller('region', 'sing', '--db', db).code).toBe(2);
    expect(teller('region', 'overview').code).toBe(2);
    expect(fs.existsSync(db)).toBe(false);
    expect(teller('--help').out).toContain('teller region import --db DB [--json] FILE...');
  });

  it('writes the whole overview through a slow pipe', async () => {
    const db = path.join(dir, 'many.sqlite');
    const key = newKey();
    const p = payload();
    expect(teller('region', 'trust', '--db', db, '--clp', p.clp.name, '--key', key.publicKey).code).toBe(0);
    // 400 copies of one report, each spaced differently: one accepted, the rest duplicates, every one in the history.
    const text = signed(p, key);
    const files = Array.from({ length: 400 }, (_, i) => file(`copy-${i}.json`, JSON.stringify(JSON.parse(text), null, i % 7)));
    const imported = teller('region', 'import', '--db', db, '--json', ...files);
    expect(imported.code).toBe(0);
    expect((JSON.parse(imported.out) as { verdict: string }[]).filter((r) => r.verdict === 'duplicate')).toHaveLength(399);
    const json = await throughPipe('region', 'overview', '--db', db, '--json');
    expect(json.code).toBe(0);
    expect(json.out.length).toBeGreaterThan(65536);
    expect((JSON.parse(json.out) as { history: unknown[] }[])[0]!.history).toHaveLength(400);
  }, 180_000);
});
