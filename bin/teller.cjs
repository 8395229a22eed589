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
require(cli)
  .main(process.argv.slice(2))
  .then(
    (code) => process.exit(code),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
