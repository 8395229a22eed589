import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { CHROMIUM, expectAccessible, SCREENSHOTS } from './harness';

// A new user: an empty home folder, no data folder, no store and no TELLER_DB. Nothing here
// makes a folder for Teller first; the commands must.
const made: string[] = [];
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

function emptyHome(): string {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-fresh-home-'));
  made.push(home);
  return home;
}

/** The environment of a new user: this one's PATH and the like, but nothing of Teller's and no config folder. */
function freshEnv(home: string): NodeJS.ProcessEnv {
  // Where Electron cannot start (as on the machines here, said by this variable), npm start
  // serves the browser host: set it so the test means the same wherever it runs.
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' };
  for (const key of ['TELLER_DB', 'TELLER_PORT', 'XDG_CONFIG_HOME', 'APPDATA', 'TELLER_PASSPHRASE']) delete env[key];
  return env;
}

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
}

/** Starts a real command in its own process group and waits for the address it prints. */
function startCommand(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(command, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (out += c.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`No address after 45 s:\n${out}`)), 45_000);
    const check = () => {
      const m = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[0], output: () => out });
      }
    };
    child.stdout.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`Stopped with ${code} before serving:\n${out}`));
    });
  });
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Signals the whole process group (as Ctrl+C in a terminal does) and waits until every process in it has gone. */
async function stop(s: Started, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  const pid = s.child.pid!;
  s.child.removeAllListeners('exit');
  if (groupAlive(pid)) process.kill(-pid, signal);
  for (let i = 0; i < 200 && groupAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  expect(groupAlive(pid)).toBe(false);
}

/**
 * The first screen loads; then "Set up my CLP" asks for the passphrase that will seal the new
 * store's key (typed twice), and only then is the store made, encrypted.
 */
async function firstScreenLoads(url: string, shot: string, storePath: string): Promise<void> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(url);
    await page.getByRole('heading', { name: 'Welcome to Teller' }).waitFor();
    await page.getByRole('button', { name: /Set up my CLP/ }).waitFor();
    // The same page through "localhost" makes calls that are answered, not refused as another site.
    await page.goto(url.replace('127.0.0.1', 'localhost'));
    await page.getByRole('heading', { name: 'Welcome to Teller' }).waitFor();
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    await page.screenshot({ path: path.join(SCREENSHOTS, `${shot}.png`) });
    await expectAccessible(page, shot);

    // The set-passphrase step: nothing is made until a passphrase is set.
    await page.getByRole('button', { name: /Set up my CLP/ }).click();
    await page.getByRole('heading', { name: 'Choose a passphrase' }).waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill('short');
    await page.getByLabel('The same passphrase again').fill('short');
    await page.getByRole('button', { name: 'Set the passphrase' }).click();
    await page.getByText('The passphrase must be at least 8 characters.').waitFor();
    await page.getByLabel('Passphrase', { exact: true }).fill('juniper ledger otter');
    await page.getByLabel('The same passphrase again').fill('juniper ledger oter');
    await page.getByRole('button', { name: 'Set the passphrase' }).click();
    await page.getByText('The two passphrases differ. Type the same passphrase twice.').waitFor();
    expect(fs.existsSync(storePath)).toBe(false);
    await page.getByText('If the passphrase is forgotten').click();
    await page.getByText(/Reports already sent to the regional office are not affected/).waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, `${shot}-set-passphrase.png`), fullPage: true });
    await expectAccessible(page, `${shot}-set-passphrase`);
    await page.getByLabel('The same passphrase again').fill('juniper ledger otter');
    await page.getByRole('button', { name: 'Set the passphrase' }).click();
    await page.getByLabel('Constituency Labour Party name').waitFor();
    expect(fs.existsSync(storePath)).toBe(true);
    expect(fs.existsSync(`${storePath}.key`)).toBe(true);
    expect(fs.readFileSync(storePath).subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    expect(errors).toEqual([]);
  } finally {
    await browser.close();
  }
}

const dataFolder = (home: string) => path.join(home, '.config', 'Teller');

describe('a first run from an empty home folder', () => {
  for (const [name, command, args] of [
    ['npm start', 'npm', ['start']],
    ['npm run preview', 'npm', ['run', 'preview']],
    ['teller serve', process.execPath, ['bin/teller.cjs', 'serve']],
  ] as const) {
    it(`${name} creates the data folder, serves the first screen, makes the store once a passphrase is set, and tidies up when stopped`, async () => {
      const home = emptyHome();
      expect(fs.readdirSync(home)).toEqual([]);
      const s = await startCommand(command, [...args], freshEnv(home));
      try {
        expect(s.output()).not.toMatch(/\n\s+at /); // no stack trace
        expect(fs.existsSync(dataFolder(home))).toBe(true);
        await firstScreenLoads(s.url, `first-run-${name.replace(/\W+/g, '-')}`, path.join(dataFolder(home), 'teller.sqlite'));
      } finally {
        await stop(s);
      }
      expect(fs.readdirSync(dataFolder(home)).sort()).toEqual(['teller.sqlite', 'teller.sqlite.key']);
    });
  }

  it('makes a TELLER_DB folder that does not exist yet, and says in one sentence when it cannot', async () => {
    const home = emptyHome();
    const db = path.join(home, 'new', 'deeper', 'ballot.sqlite');
    const s = await startCommand(process.execPath, ['bin/teller.cjs', 'serve'], { ...freshEnv(home), TELLER_DB: db });
    await stop(s);
    expect(fs.statSync(path.dirname(db)).isDirectory()).toBe(true); // the store itself is made once its passphrase is set

    fs.writeFileSync(path.join(home, 'a-file'), 'not a folder');
    for (const env of [{ TELLER_DB: path.join(home, 'a-file', 'sub', 'teller.sqlite') }, { HOME: path.join(home, 'a-file') }]) {
      const r = spawnSync(process.execPath, ['bin/teller.cjs', 'serve'], { env: { ...freshEnv(home), ...env }, encoding: 'utf8', timeout: 20_000 });
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^Teller cannot create the folder .* because a file of that name is in the way\. Choose another place with --db or TELLER_DB\.\n$/);
    }
  });

  it('deletes an upload left by a host that was killed, at the next start', async () => {
    const home = emptyHome();
    const first = await startCommand(process.execPath, ['bin/teller.cjs', 'serve'], freshEnv(home));
    const token = new URL(first.url).searchParams.get('token')!;
    const r = await fetch(new URL('/upload?name=members.csv', first.url), { method: 'POST', headers: { 'X-Teller-Token': token }, body: 'Membership number,First name\r\nA1,Invented\r\n' });
    expect(r.status).toBe(200);
    const uploads = path.join(dataFolder(home), 'teller.sqlite.uploads');
    expect(fs.readdirSync(uploads)).toHaveLength(1);
    await stop(first, 'SIGKILL');
    expect(fs.readdirSync(uploads)).toHaveLength(1); // a kill leaves it behind…
    const second = await startCommand(process.execPath, ['bin/teller.cjs', 'serve'], freshEnv(home));
    expect(fs.existsSync(uploads)).toBe(false); // …and the next start clears it
    await stop(second);
    expect(fs.readdirSync(dataFolder(home)).sort(), second.output()).toEqual([]);
  });
});
