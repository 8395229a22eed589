// `npm start`: builds, then opens Teller in Electron. Where Electron's runtime cannot be
// had (no download possible), says so in one line and serves the same app to a browser.
import { spawn, spawnSync } from 'node:child_process';

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

function run(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

const electron = electronBinary();
if (electron) {
  run(electron, ['.']);
} else {
  if (!browserOnly) {
    console.log("Electron's runtime is not available on this machine (it could not be downloaded), so Teller is serving the same app to your browser instead.");
  }
  const args = ['bin/teller.cjs', 'serve'];
  if (process.env.TELLER_PORT) args.push('--port', process.env.TELLER_PORT);
  run(process.execPath, args);
}
