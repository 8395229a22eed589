#!/usr/bin/env node
'use strict';
// The `teller` command: runs the built CLI (npm run build makes dist/cli.cjs).
const path = require('node:path');
const fs = require('node:fs');
const cli = path.join(__dirname, '..', 'dist', 'cli.cjs');
if (!fs.existsSync(cli)) {
  console.error('Teller has not been built yet. Run "npm run build" in ' + path.join(__dirname, '..') + ' first.');
  process.exit(1);
}

// Ends only once everything written to stdout and stderr has gone out, to a terminal, a file
// or a pipe: exiting at once would cut output to a pipe short.
function finish(code) {
  process.exitCode = code;
  let waiting = 2;
  const done = () => {
    waiting -= 1;
    if (waiting === 0) process.exit(code);
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

// No stack trace reaches a user: one sentence, and the details only when asked for.
function unexpected(e) {
  const message = e instanceof Error ? e.message : String(e);
  console.error(`Teller stopped because of an unexpected problem: ${message}`);
  if (process.env.TELLER_DEBUG) console.error(e);
  finish(1);
}

process.on('uncaughtException', unexpected);
// A reader that goes away early (`teller verify --json | head`) is not an error of ours.
process.stdout.on('error', (e) => (e.code === 'EPIPE' ? process.exit(process.exitCode ?? 0) : unexpected(e)));
require(cli).main(process.argv.slice(2)).then(finish, unexpected);
