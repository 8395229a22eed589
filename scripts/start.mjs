// `npm start`: builds, then opens Teller in Electron. Where Electron's runtime cannot be
// had (no download possible), says so in one line and serves the same app to a browser.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const browserOnly = process.argv.includes('--browser');

const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
if (built.status !== 0) process.exit(built.status ?? 1);

function electronBinary() {
  if (browserOnly || process.env.ELECTRON_SKIP_BINARY_DOWNLOAD === '1') return null;
  // Requiring "electron" downloads its runtime on first use; do it in a child so a failed
  // or slow download cannot hang this script.
  const probe = spawnSync(process.execPath, ['-e', 'process.stdout.write(require("electron"))'], {
    encoding: 'utf8',
    timeout: 180_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return probe.status === 0 && probe.stdout ? probe.stdout : null;
}

// better-sqlite3-multiple-ciphers in node_modules is built for Node (the tests and the teller command use it).
// Electron needs a build for its own ABI: make one once per Electron version, in dist/.
async function electronSqliteBinding() {
  const electronVersion = JSON.parse(fs.readFileSync('node_modules/electron/package.json', 'utf8')).version;
  const dir = path.resolve('dist/electron-native');
  const binding = path.join(dir, 'node_modules/better-sqlite3-multiple-ciphers/build/Release/better_sqlite3.node');
  const stamp = path.join(dir, 'electron-version');
  if (fs.existsSync(binding) && fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === electronVersion) return binding;
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.cpSync('node_modules/better-sqlite3-multiple-ciphers', path.join(dir, 'node_modules/better-sqlite3-multiple-ciphers'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'teller-electron-native', private: true, dependencies: { 'better-sqlite3-multiple-ciphers': '*' } }));
  console.log(`Building the SQLite driver for Electron ${electronVersion} (once)…`);
  const { rebuild } = await import('@electron/rebuild');
  await rebuild({ buildPath: dir, electronVersion, onlyModules: ['better-sqlite3-multiple-ciphers'], force: true });
  fs.writeFileSync(stamp, electronVersion);
  return binding;
}

function run(command, args, env = process.env) {
  const child = spawn(command, args, { stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

function serveInBrowser(reason) {
  if (reason) console.log(reason);
  const args = ['bin/teller.cjs', 'serve'];
  if (process.env.TELLER_PORT) args.push('--port', process.env.TELLER_PORT);
  run(process.execPath, args);
}

const electron = electronBinary();
if (!electron) {
  serveInBrowser(browserOnly ? null : "Electron's runtime is not available on this machine (it could not be downloaded), so Teller is serving the same app to your browser instead.");
} else {
  try {
    const binding = await electronSqliteBinding();
    run(electron, ['.'], { ...process.env, TELLER_NATIVE_BINDING: binding });
  } catch (e) {
    serveInBrowser(`Electron is available but Teller could not build its SQLite driver for it (${e instanceof Error ? e.message : String(e)}), so Teller is serving the same app to your browser instead.`);
  }
}
