import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { messyMembershipList } from '../../db/members/real-layouts';
import { syntheticMembers } from '../../db/members/synthetic-members';
import { TellerService } from '../../db/service';
import { backupDir } from '../../db/store/backups';
import { formatUkDate } from '../../shared/dates';
import { ukToday } from '../../shared/time';
import { rawStore, TEST_PASSPHRASE } from '../test-store';

/*
 * `teller register import --dry-run` on a store that has imported before: it reads the file
 * with the CLP's branches and the statuses and branch names remembered from earlier imports,
 * exactly as the real import would, says which remembered choices it used and from when, and
 * changes nothing.
 */

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-cli-dry-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const env = { ...process.env, TELLER_PASSPHRASE: TEST_PASSPHRASE };

function teller(...args: string[]) {
  const r = spawnSync(process.execPath, ['bin/teller.cjs', ...args], { encoding: 'utf8', env });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const members = syntheticMembers(60, ['Ashbrook West', 'Fernley South'], 3);

/** A store with a CLP, its two branches and a ballot frozen on 1 May 2026. */
function clpStore(name: string): string {
  const db = path.join(dir, name, 'store.sqlite');
  const svc = new TellerService({ actor: 'cli-test', now: () => new Date('2026-06-14T20:00:00Z'), storePath: db, demoPath: `${db}.demo`, passphrase: TEST_PASSPHRASE });
  svc.handlers.saveClp({ name: 'Brambleford and Oakmere', code: null, mpName: 'Owain Lomax' });
  svc.handlers.addBranch({ name: 'Ashbrook West' });
  svc.handlers.addBranch({ name: 'Fernley South' });
  svc.handlers.saveBallot({ freezeDate: '2026-05-01', opensOn: '2026-06-01', closesOn: '2026-07-17', rules: { id: 'labour-2018', method: 'either', threshold: '1/3', strict: false, base: 'voting', tie: 'no-vote' } });
  svc.close();
  return db;
}

/** What the store holds that an import would change: audit entries, snapshots, members, remembered choices, backups. */
function footprint(db: string) {
  const raw = rawStore(db, { readonly: true });
  const n = (sql: string) => (raw.prepare(sql).get() as { n: number }).n;
  const counts = {
    audit: n('SELECT COUNT(*) AS n FROM audit_entry'),
    snapshots: n('SELECT COUNT(*) AS n FROM member_snapshot'),
    members: n('SELECT COUNT(*) AS n FROM member'),
    remembered: n('SELECT COUNT(*) AS n FROM list_value_map'),
  };
  raw.close();
  const backups = fs.existsSync(backupDir(db)) ? fs.readdirSync(backupDir(db)).length : 0;
  return { ...counts, backups };
}

const CHOICES = [
  ['--status', 'Pending=not-good'],
  ['--branch', 'Ashbrook West Ward=Ashbrook West'],
  ['--branch', 'Ashbrook West Branch=Ashbrook West'],
  ['--branch', 'Fernley South Ward=Fernley South'],
  ['--branch', 'Fernley South Branch=Fernley South'],
  ['--branch', 'Old Market Ward='],
].flat();

interface Report {
  rows: number;
  imported: number;
  rejected: { line: number; reason: string }[];
  snapshotId: string | null;
  unmapped: unknown;
  remembered: { on: string[]; statuses: { value: string; standing: string }[]; branches: { value: string; branch: string | null }[] } | null;
}

describe('teller register import --dry-run on a store that has imported before', () => {
  it('refuses what the real import refuses before anything is remembered, with the CLP’s branches', () => {
    const db = clpStore('first');
    const file = path.join(dir, 'first.csv');
    fs.writeFileSync(file, messyMembershipList(members, { separator: ';' }));
    const before = footprint(db);
    const dry = teller('register', 'import', '--db', db, '--file', file, '--dry-run', '--as-at', '20/05/2026');
    expect(footprint(db)).toEqual(before);
    const real = teller('register', 'import', '--db', db, '--file', file, '--as-at', '20/05/2026');
    expect(real.code).toBe(1);
    expect(dry.code).toBe(1);
    // The same refusal, naming the same statuses and branch names with the flags to add.
    expect(dry.err).toContain('--branch "Ashbrook West Ward=Ashbrook West"   (suggested; nothing after = refuses its');
    expect(dry.err).toContain('--branch "Old Market Ward=BRANCH"');
    expect(dry.err).toMatch(/^(Warning: .*\n)*Nothing was imported: Teller does not know how to read the status "Pending"/);
    expect(dry.err.slice(dry.err.indexOf('Nothing was imported'))).toBe(real.err.slice(real.err.indexOf('Nothing was imported')));
  });

  it('applies the choices remembered by an earlier import exactly as the real import does, says when they were made, and changes nothing', () => {
    const db = clpStore('remembered');
    const file = path.join(dir, 'remembered.csv');
    fs.writeFileSync(file, messyMembershipList(members, { separator: ';' }));
    const first = teller('register', 'import', '--db', db, '--file', file, '--json', '--as-at', '20/05/2026', ...CHOICES);
    expect([first.code, first.err]).toEqual([0, '']);
    const today = ukToday();
    const before = footprint(db);
    expect(before.remembered).toBe(6);

    // No flags: the remembered choices read every status and branch name.
    const dry = teller('register', 'import', '--db', db, '--file', file, '--json', '--dry-run', '--as-at', '20/05/2026');
    expect(dry.err).toBe('');
    const preview = JSON.parse(dry.out) as Report;
    expect(preview.unmapped).toBeNull();
    expect(preview.remembered?.on).toEqual([today]);
    expect(preview.remembered?.statuses).toEqual([{ value: 'Pending', standing: 'not-good' }]);
    expect(new Set(preview.remembered?.branches.map((b) => `${b.value}=${b.branch ?? ''}`))).toEqual(new Set(CHOICES.filter((c) => c.includes('=') && !c.startsWith('Pending'))));
    // The refused branch's rows are rejected, as the real import rejects them: a dry run with a rejected row exits 1.
    expect(dry.code).toBe(1);
    expect(preview.rejected.length).toBeGreaterThan(0);
    expect(preview.rejected.every((r) => r.reason.includes('"Old Market Ward"'))).toBe(true);
    expect(preview).toMatchObject({ rows: 60, imported: 0, snapshotId: null });
    expect(footprint(db)).toEqual(before);

    // In words: the remembered choices are named with their date, and "would import" is what the import then imports.
    const words = teller('register', 'import', '--db', db, '--file', file, '--dry-run', '--as-at', '20/05/2026');
    expect(words.code).toBe(1);
    expect(words.err).not.toMatch(/Nothing was imported/);
    expect(words.out).toContain(`Using the choices remembered on ${formatUkDate(today)}: 1 status and 5 branch names.`);
    const wouldImport = Number(/would import (\d+)/.exec(words.out)?.[1]);
    expect(footprint(db)).toEqual(before);
    const again = JSON.parse(teller('register', 'import', '--db', db, '--file', file, '--json', '--as-at', '20/05/2026').out) as Report;
    expect(again).toMatchObject({ imported: wouldImport, snapshotId: '2', unmapped: null });
    expect(again.rejected).toEqual(preview.rejected);
    expect(again.imported).toBe(60 - preview.rejected.length);

    // A flag given now reads its value instead of the remembered choice: that one is not "remembered".
    const flagged = JSON.parse(teller('register', 'import', '--db', db, '--file', file, '--json', '--dry-run', '--as-at', '20/05/2026', '--status', 'Pending=good').out) as Report;
    expect(flagged.remembered?.statuses).toEqual([]);
    expect(flagged.remembered?.branches).toHaveLength(5);
    // A --branch naming no branch of the CLP: refused in the same words as the import refuses it.
    const nowhere = ['--branch', 'Old Market Ward=Nowhere'];
    const dryNowhere = teller('register', 'import', '--db', db, '--file', file, '--dry-run', ...nowhere);
    const realNowhere = teller('register', 'import', '--db', db, '--file', file, ...nowhere);
    expect([dryNowhere.code, dryNowhere.err]).toEqual([1, '"Nowhere" is not one of the CLP’s branches, so "Old Market Ward" cannot be read as it. Choose one of its branches, or refuse the name.\n']);
    expect([realNowhere.code, realNowhere.err]).toEqual([dryNowhere.code, dryNowhere.err]);
    expect(teller('audit', 'verify', '--db', db).code).toBe(0);
  });

  it('says nothing of remembered choices, and creates no store, where there is none', () => {
    const db = path.join(dir, 'none', 'store.sqlite');
    const file = path.join(dir, 'plain.csv');
    fs.writeFileSync(file, 'Membership Number,First Name,Last Name,Postcode,Branch,Join Date,Status\nL1,Ann,Ash,AB1 2CD,North,01/01/2019,Active\n');
    const r = teller('register', 'import', '--db', db, '--file', file, '--dry-run', '--json');
    expect([r.code, r.err]).toEqual([0, '']);
    expect(JSON.parse(r.out)).toMatchObject({ imported: 0, snapshotId: null, remembered: null });
    expect(fs.existsSync(db)).toBe(false);
  });
});
