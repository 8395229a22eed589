// node scripts/measure-preview.mjs: writes large CSV files to a temporary folder and previews
// each in a fresh process, printing the time and peak memory (issue 12: a 31-million-row file
// once previewed in 4.4 GB and 31 s; any file must now preview in under 300 MB).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bundleBench } from './bundle-bench.mjs';

await bundleBench('bench/preview-memory.ts', 'dist/preview-memory.mjs');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'teller-preview-measure-'));
/** Writes a header and `rows` lines made by `line(i)`, a block at a time. */
function write(name, header, rows, line) {
  const file = path.join(dir, name);
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, `${header}\n`);
  let block = [];
  for (let i = 0; i < rows; i++) {
    block.push(line(i));
    if (block.length === 100_000) {
      fs.writeSync(fd, `${block.join('\n')}\n`);
      block = [];
    }
  }
  if (block.length) fs.writeSync(fd, `${block.join('\n')}\n`);
  fs.closeSync(fd);
  return file;
}

const cases = [
  ['31 million one-character rows', 'members', () => write('tiny-rows.csv', 'n', 31_000_000, () => 'x')],
  ['1.5 million distinct good members', 'members', () => write('members.csv', 'Membership Number,First Name,Last Name,Postcode,Branch,Join Date,Status', 1_500_000, (i) => `${i},A,B,SW1A 1AA,W,2020-01-01,active`)],
  ['1.5 million members all with one number', 'members', () => write('same.csv', 'Membership Number,First Name,Last Name,Postcode,Branch,Join Date,Status', 1_500_000, () => '7,A,B,SW1A 1AA,W,2020-01-01,active')],
  ['1.3 million members with names outside Latin-1', 'members', () => write('wide-chars.csv', 'Membership Number,First Name,Last Name,Postcode,Branch,Join Date,Status', 1_300_000, (i) => `${i},Zoë,Łukasz,SW1A 1AA,W,2020-01-01,active`)],
  ['one line of 30 million fields', 'members', () => write('wide.csv', 'n', 1, () => 'x,'.repeat(30_000_000))],
  ['2 million register entries', 'register', () => write('register.csv', 'Elector number,Surname,Forenames,Postcode', 2_000_000, (i) => `${i},S,F,SW1A 1AA`)],
];
try {
  for (const [label, kind, make] of cases) {
    const file = make();
    const size = Math.round(fs.statSync(file).size / 1024 / 1024);
    const r = spawnSync(process.execPath, ['dist/preview-memory.mjs', kind, file], { encoding: 'utf8' });
    console.log(`${label} (${size} MB): ${r.stdout.trim() || r.stderr.trim()}`);
    fs.rmSync(file);
  }
} finally {
  fs.rmSync(dir, { recursive: true, force: true });
}
