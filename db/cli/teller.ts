import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { AuditVerdict, ImportPreview, Job, ListKind, MatchSummary, Region, RegionOffice, RegisterMatchExportRow, ReportHeadCheck, ReportImportRow, Snapshot, TellerState, TrustedKeyRow, TrustKeyCheck } from '../../shared/api';
import { ballotStatus, statusHeadline, verdictSoFar } from '../../shared/ballot-status';
import { formatUkDate, parseUkDate } from '../../shared/dates';
import { headerKey, MEMBER_FIELD_LABEL } from '../../shared/lists/member-fields';
import { REGISTER_FIELD_LABEL } from '../../shared/lists/electoral-register-fields';
import { branchKey, statusKey, unmappedMessage } from '../../shared/lists/member-vocabulary';
import { TellerError, type ApiResult } from '../../shared/errors';
import { formatPercent } from '../../shared/rational';
import { ukToday } from '../../shared/time';
import { MAX_REPORT_BYTES, tooLargeCheck, verifyReport, type Recomputed, type TrustEntry, type VerifyProblem } from '../signing/verify-report';
import { readTrustFile } from '../signing/trust-file';
import { fingerprint } from '../../shared/report/fingerprint';
import { regionCsv } from '../../shared/report/region-csv';
import { startBrowserHost } from '../hosts/browser-host';
import type { HostedService } from '../hosts/hosted-service';
import { inProcessService, startServiceWorker } from '../hosts/service-client';
import { refuseUnknownBranches, rememberedAt } from '../members/list-vocabulary';
import { TellerService } from '../service';
import { prestartImportWriter } from '../members/import-worker';
import { BoundedReadError, readBoundedText } from '../files/read-bounded';
import { uploadFolderFor } from '../files/staged-files';
import { currentActor, defaultStorePath, demoStorePath } from '../store/location';
import { checkStore } from '../store/store-check';
import { storeKeySealedBy, unsealStoreKey } from '../store/store-key';

const HELP = `Teller: trigger-ballot records and signed result reports.

Usage:
  teller serve [--db FILE] [--port N]     Serve the app to a browser on this computer only
  teller status [--db FILE] [--json]      Show the CLP and the ballot's outcome so far
  teller audit verify [--db FILE] [--json]
                                          Re-check the audit trail's hash chain and the
                                          heads of the reports issued from it, and rebuild
                                          the results, meetings, check-ins and complaints
                                          from its entries to compare with the tables
  teller audit verify --report FILE [--db DB] [--json]
                                          Check that the store's record still extends what
                                          an exported report was issued from
  teller cross-match --db FILE [--json]  Cross-match the ballot's membership list with the
                                          electoral register, as the app does, and print each
                                          member's result (docs/formats/cross-match.md)
  teller register import --db FILE --file CSV [--json] [--dry-run] [--as-at DATE]
          [--map FIELD=COLUMN]... [--status VALUE=good|not-good]... [--branch NAME=BRANCH]...
                                          Import a membership list (docs/formats/membership-csv.md):
                                          --map reads a column as a field (e.g. joinDate="Member
                                          Since"); --status says whether a status Teller has no
                                          rule for is good standing; --branch reads a branch name
                                          as one of the CLP's branches (nothing after = refuses
                                          its rows); --as-at is the day the list was exported
                                          (default: today)
  teller electoral-register import --db FILE --file CSV [--json] [--dry-run] [--map FIELD=COLUMN]...
                                          Import the council's electoral register (tab, comma
                                          or semicolon separated; docs/formats/membership-csv.md)
  teller store check [--db FILE] [--json]
                                          Check a store without changing it: SQLite's
                                          integrity check, its format version, its audit
                                          trail, and how many records of each kind it holds
  teller verify [--json] [--trust TRUST.json] FILE...
                                          Check signed reports, version 1 or 2
                                          (docs/formats/report-v2.md)

The regional office (its own store; the first of these makes a new store a regional office):
  teller region trust --db DB --clp NAME --key FINGERPRINT|PUBLIC-KEY [--json]
                                          Trust a CLP's key, read out by its secretary; a
                                          fingerprint one group off a listed key is warned of
  teller region revoke --db DB --key FINGERPRINT [--clp NAME] [--json]
                                          Revoke a key (for every CLP it is trusted for,
                                          unless --clp names one); what it signed before
                                          stays, marked
  teller region import --db DB [--json] FILE...
                                          Check and import signed reports as the app does
                                          (docs/formats/report-v2.md, checks 1 to 10): each
                                          accepted, flagged, a duplicate or refused, with
                                          its reasons; exit 0 when none is refused, else 1
  teller region overview --db DB [--json | --csv]
                                          Each CLP's ballot with the revision that stands
  teller --version                        Print the version
  teller --help                           Print this help

The store is --db FILE, or TELLER_DB, or the desktop app's own store:
  ${defaultStorePath()}

The store is encrypted. Its passphrase is read from --passphrase-file FILE (its first line),
or TELLER_PASSPHRASE, or else asked for when the command runs in a terminal. A new store
(register import into a file that is not there yet) is made with that passphrase. "teller
serve" uses the passphrase if one is given that way; otherwise the browser page asks for it.

Exit codes: 0 done, 1 a check failed or the command could not be carried out, 2 usage error.`;

class UsageError extends Error {}

function version(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8')) as { version: string };
  return pkg.version;
}

const ctx = { actor: currentActor(), now: () => new Date() };

/** Asks for a passphrase on the terminal, echoing nothing. */
function askHidden(question: string): Promise<string> {
  const input = process.stdin;
  return new Promise((resolve, reject) => {
    process.stderr.write(question);
    let typed = '';
    const done = (error?: Error) => {
      input.setRawMode(false);
      input.pause();
      input.removeListener('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        if (ch === '\u0003' || ch === '\u0004') return done(new TellerError('wrong-passphrase', 'No passphrase was given, so nothing was done.'));
        if (ch === '\u007f' || ch === '\b') typed = typed.slice(0, -1);
        else typed += ch;
      }
    };
    input.setRawMode(true);
    input.resume();
    input.on('data', onData);
  });
}

/**
 * The store's passphrase: from --passphrase-file (its first line), or TELLER_PASSPHRASE, or
 * asked for on the terminal. `when`: "existing" only for a store that has a key (a store from
 * before encryption is read as it is); "always" for a command that writes (a new store is made
 * with it, asked for twice); "given" only if given by file or variable (serve: the page asks).
 */
async function passphraseFor(db: string, file: string | undefined, when: 'existing' | 'always' | 'given'): Promise<string | undefined> {
  if (file !== undefined) {
    let text: string;
    try {
      if (fs.statSync(file).size > 4096) throw new Error('too large');
      text = fs.readFileSync(file, 'utf8');
    } catch {
      throw new UsageError(`The passphrase file ${file} cannot be read (it must be a small text file).`);
    }
    return text.split(/\r?\n/)[0] ?? '';
  }
  const fromEnv = process.env.TELLER_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  if (when === 'given') return undefined;
  const sealed = storeKeySealedBy(db);
  if (when === 'existing' && sealed === null) return undefined;
  if (sealed === 'safe-storage') return undefined; // the service says the key is the desktop app's
  if (!process.stdin.isTTY) {
    throw new TellerError('wrong-passphrase', `The store at ${db} is encrypted: give its passphrase with --passphrase-file FILE or TELLER_PASSPHRASE, or run the command in a terminal to be asked for it. Nothing has been changed.`);
  }
  if (sealed === null) {
    const first = await askHidden(`Choose a passphrase for the new store ${db} (at least 8 characters): `);
    const again = await askHidden('Type it again: ');
    if (first !== again) throw new TellerError('wrong-passphrase', 'The two passphrases differ, so nothing was done.');
    return first;
  }
  return askHidden(`Passphrase for ${db}: `);
}

async function serve(db: string, port: number, passphrase: string | undefined): Promise<number> {
  // Listening for the stop signals before anything else means one that comes at any moment
  // (even as the address is printed) stops Teller tidily. Ctrl+C in a terminal signals
  // `npm start` and this process at once: the handlers stay, so a second signal while
  // stopping cannot cut the tidying-up short.
  const stopped = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => resolve());
  });
  const service = await startServiceWorker({
    workerFile: path.join(__dirname, 'service-worker.cjs'),
    actor: ctx.actor,
    storePath: db,
    demoPath: demoStorePath(db),
    importWorker: path.join(__dirname, 'import-worker.cjs'),
    ...(passphrase !== undefined ? { passphrase } : {}),
    onInternalError: (e) => console.error(`Teller met an unexpected problem: ${e instanceof Error ? e.message : String(e)}`),
  });
  // However this process ends, uploads go with it (a kill leaves them to the next start).
  process.once('exit', () => fs.rmSync(uploadFolderFor(db), { recursive: true, force: true }));
  let host;
  try {
    host = await startBrowserHost({
      service,
      staticDir: path.join(__dirname, 'renderer'),
      port,
      onInternalError: (e) => console.error(`Teller met an unexpected problem and carried on: ${e instanceof Error ? e.message : String(e)}`),
    });
  } catch (e) {
    await service.close();
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new TellerError('invalid-input', `Port ${port} is already in use on this computer. Choose another with --port, or leave it out to use any free port.`);
    if (code === 'EACCES') throw new TellerError('invalid-input', `Teller is not allowed to listen on port ${port}. Choose a port above 1023 with --port, or leave it out.`);
    throw e;
  }
  console.log(`Teller is running at ${host.url}`);
  console.log(`Store: ${db}`);
  console.log('Open that address in a browser on this computer. Press Ctrl+C to stop.');
  await stopped;
  await host.close();
  await service.close();
  return 0;
}

/** The Api's answer, or its plain-English refusal as an error. */
function answer<T>(r: ApiResult<unknown>): T {
  if (!r.ok) throw new TellerError(r.error.code, r.error.message, r.error.field);
  return r.value as T;
}

/**
 * The service on this thread, for the short commands, which only read: the same dispatcher
 * and Api table as the app, on a read-only connection (no migration, no lock file written,
 * no log merged); a store the app has open is still refused in plain words.
 */
function shortService(db: string, passphrase: string | undefined): HostedService {
  if (!fs.existsSync(db)) throw new TellerError('not-found', `There is no Teller store at ${db}.`);
  return inProcessService(new TellerService({ ...ctx, storePath: db, demoPath: demoStorePath(db), readOnly: true, ...(passphrase !== undefined ? { passphrase } : {}) }));
}

/** teller store check: the store checked read-only, with its key. */
function storeCheck(db: string, passphrase: string | undefined, json: boolean): number {
  if (!fs.existsSync(db)) throw new TellerError('not-found', `There is no Teller store at ${db}.`);
  const sealed = storeKeySealedBy(db);
  if (sealed && passphrase === undefined) throw new TellerError('wrong-passphrase', `The store at ${db} is encrypted: give its passphrase to check it. Nothing has been changed.`);
  const key = sealed && passphrase !== undefined ? unsealStoreKey(db, { passphrase }) : null;
  let check;
  try {
    check = checkStore(db, key);
  } catch (e) {
    throw new TellerError('store-unreadable', `Teller cannot read ${db} as a store${key ? ' with its key' : ''}: ${(e as Error).message}. Nothing has been changed.`);
  }
  if (json) {
    console.log(JSON.stringify(check, null, 2));
    return check.ok ? 0 : 1;
  }
  console.log(`Store: ${db} (${check.encrypted ? 'encrypted' : 'not encrypted'})`);
  console.log(`SQLite's integrity check: ${check.integrity.join('; ')}`);
  console.log(`Format version: ${check.schemaVersion} (this Teller writes ${check.latestVersion})`);
  if (check.audit) console.log(check.audit.ok ? `Audit trail: intact, ${check.audit.entries} entries, head ${check.audit.head}` : `Audit trail: broken: ${check.audit.problems[0]?.message ?? ''}`);
  else console.log('Audit trail: not checked');
  const labels: Record<string, string> = { listSnapshots: 'List snapshots', members: 'Members', registerEntries: 'Register entries', meetings: 'Meetings', checkIns: 'Check-ins', complaints: 'Complaints', reports: 'Reports issued', regionReports: 'Reports imported (regional office)' };
  for (const [kind, n] of Object.entries(check.counts)) console.log(`${labels[kind] ?? kind}: ${n ?? 'not in this format'}`);
  console.log(check.ok ? 'The store is sound.' : 'The store has problems (see above).');
  return check.ok ? 0 : 1;
}

async function status(db: string, json: boolean, passphrase: string | undefined): Promise<number> {
  const service = shortService(db, passphrase);
  try {
    const state = answer<TellerState>(await service.call('getState', {}));
    const s = ballotStatus(state);
    if (json) {
      console.log(
        JSON.stringify(
          {
            clp: state.clp,
            ballot: state.ballot,
            outcome: s && {
              headline: statusHeadline(s),
              decided: s.certain !== null,
              triggered: s.soFar.triggered,
              share: s.soFar.share && `${s.soFar.share.n}/${s.soFar.share.d}`,
              pending: s.pending,
              certain: s.certain,
              late: s.late,
            },
            audit: state.audit,
          },
          null,
          2,
        ),
      );
      return 0;
    }
    if (!state.clp) {
      console.log('No CLP has been set up in this store yet.');
      return 0;
    }
    console.log(`${state.clp.name}${state.clp.code ? ` (${state.clp.code})` : ''} — MP: ${state.clp.mpName}`);
    console.log(`${state.branches.length} branches, ${state.affiliates.length} affiliates`);
    if (state.ballot && s) {
      console.log(`Freeze date ${formatUkDate(state.ballot.freezeDate)}; rules ${state.ballot.rules.id}`);
      console.log(`Reported: ${s.units.branches - s.pending.branches}/${s.units.branches} branches, ${s.units.affiliates - s.pending.affiliates}/${s.units.affiliates} affiliates`);
      console.log(`Outcome: ${statusHeadline(s)}`);
      console.log(`So far: ${s.soFar.triggered ? 'selection triggered' : 'not triggered'}${s.soFar.share ? ` (combined share ${formatPercent(s.soFar.share)})` : ''}. ${verdictSoFar(s)}`);
      if (s.late.affiliates > 0) console.log(`Late affiliate decisions: ${s.late.affiliates}, ${s.late.counted ? 'counted' : 'left out (counted as no vote)'}`);
    }
    console.log(`Audit trail: ${state.audit.entries} entries, head ${state.audit.head}`);
    return 0;
  } finally {
    await service.close();
  }
}

async function auditVerify(db: string, json: boolean, passphrase: string | undefined): Promise<number> {
  const service = shortService(db, passphrase);
  try {
    const verdict = answer<AuditVerdict>(await service.call('verifyAudit', {}));
    if (json) console.log(JSON.stringify(verdict, null, 2));
    else {
      const differences = verdict.differences ?? [];
      if (verdict.ok) console.log(`The audit trail is intact: ${verdict.entries} entries, head ${verdict.head}, and the tables match what its entries record.`);
      if (verdict.problems.length > 0) console.log('The audit trail fails its checks (altered, or taken back by a restore):');
      for (const p of verdict.problems) console.log(`  - ${p.message}`);
      if (differences.length > 0) {
        console.log(verdict.problems.length > 0 ? 'The tables no longer match what its entries record:' : `The audit trail's ${verdict.entries} entries are intact, but the tables no longer match what they record:`);
      }
      for (const d of differences) console.log(`  - ${d.message}`);
      for (const u of verdict.unverifiable ?? []) console.log(`Not checked: ${u}`);
    }
    return verdict.ok ? 0 : 1;
  } finally {
    await service.close();
  }
}

/** One exported report against the store: does the record still extend what it was issued from? */
async function auditVerifyReport(db: string, file: string, json: boolean, passphrase: string | undefined): Promise<number> {
  const read = readReportFile(file);
  if (!read.ok) throw new UsageError(read.message);
  const { envelope } = verifyReport(read.text);
  if (!envelope) {
    const message = `${file} is not a Teller report that can be checked against the store (run "teller verify ${file}" to see why).`;
    if (json) console.log(JSON.stringify({ file, ok: false, entries: null, matchedAt: null, message }, null, 2));
    else console.error(message);
    return 1;
  }
  const service = shortService(db, passphrase);
  try {
    const p = envelope.payload;
    // Version 2 gives the head of its history; version 1 its auditHead: the same chain's head.
    const head = 'history' in p ? p.history.head : p.auditHead;
    const check = answer<ReportHeadCheck>(await service.call('checkReportHead', { auditHead: head, ballotId: p.ballotId, revision: p.revision }));
    if (json) console.log(JSON.stringify({ file, revision: p.revision, ...check }, null, 2));
    else console.log(`${check.ok ? 'OK  ' : 'FAIL'} ${file}, revision ${p.revision}: ${check.message}`);
    return check.ok ? 0 : 1;
  } finally {
    await service.close();
  }
}

/** Follows the service's job events, so a job started by a call can be waited for. */
function jobEvents(service: HostedService) {
  const ended = new Map<string, Job>();
  const waiting = new Map<string, (job: Job) => void>();
  const stop = service.onEvent((event) => {
    if (event.kind !== 'job' || event.job.state === 'running') return;
    ended.set(event.job.id, event.job);
    waiting.get(event.job.id)?.(event.job);
  });
  return {
    /** The job once it has ended (done or failed). */
    ended(job: Job): Promise<Job> {
      if (job.state !== 'running') return Promise.resolve(job);
      const known = ended.get(job.id);
      return known ? Promise.resolve(known) : new Promise((resolve) => waiting.set(job.id, resolve));
    },
    stop,
  };
}

/** What the user said on the command line about reading a list. */
interface ImportFlags {
  map: string[];
  status: string[];
  branch: string[];
  asAt: string | undefined;
}

/** `NAME=VALUE` split at its last `=` (a column or branch name may hold one), or a usage error. */
function pair(flag: string, text: string): [string, string] {
  const at = text.lastIndexOf('=');
  if (at <= 0) throw new UsageError(`${flag} takes NAME=VALUE, for example ${flag} "${flag === '--map' ? 'joinDate=Member Since' : flag === '--status' ? 'Pending=not-good' : 'Castle Hythe Ward=Castle Hythe'}".`);
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}

/** The choices of the flags, in the Api's words; a value that cannot be right is a usage error. */
function importChoices(flags: ImportFlags) {
  const statuses = flags.status.map((text) => {
    const [value, standing] = pair('--status', text);
    if (standing !== 'good' && standing !== 'not-good') throw new UsageError(`--status "${text}": say good or not-good after the =.`);
    return { value, standing };
  });
  const branches = flags.branch.map((text) => {
    const [value, branch] = pair('--branch', text);
    return { value, branch: branch === '' ? null : branch };
  });
  let asAt: string | undefined;
  if (flags.asAt !== undefined) {
    const read = parseUkDate(flags.asAt);
    if (!read) throw new UsageError(`--as-at "${flags.asAt}" is not a date: write it like 2026-05-01 or 01/05/2026.`);
    asAt = read;
  }
  return { ...(statuses.length ? { statuses } : {}), ...(branches.length ? { branches } : {}), ...(asAt ? { asAt } : {}) };
}

/** The mapping the flags ask for: the one guessed from the headers, with each --map FIELD=COLUMN on top. */
function mappingOf(flags: string[], headers: string[], guessed: (string | null)[], labels: Record<string, string>): (string | null)[] {
  const mapping = [...guessed];
  const fieldOf = new Map<string, string>();
  for (const [field, label] of Object.entries(labels)) {
    fieldOf.set(headerKey(field), field);
    fieldOf.set(headerKey(label), field);
  }
  for (const text of flags) {
    const [fieldText, column] = pair('--map', text);
    const field = fieldOf.get(headerKey(fieldText));
    if (field === undefined) throw new UsageError(`--map "${text}": "${fieldText}" is not a field Teller knows. The fields are: ${Object.keys(labels).join(', ')}.`);
    const at = headers.findIndex((h) => h === column);
    const loose = at >= 0 ? at : headers.findIndex((h) => headerKey(h) === headerKey(column));
    if (loose < 0) throw new UsageError(`--map "${text}": the file has no column "${column}". Its columns are: ${headers.join(', ')}.`);
    // A field other than an address line has one column: the one named takes it from any other.
    if (field !== 'address') for (let i = 0; i < mapping.length; i++) if (mapping[i] === field) mapping[i] = null;
    mapping[loose] = field;
  }
  return mapping;
}

/** The flags that would read each unmapped status and branch name, for the refusal. */
function unmappedFlags(unmapped: NonNullable<Job['unmapped']>, command: string): string {
  const lines = [...unmapped.statuses.map((s) => `  --status "${s.value}=good"   (or =not-good; ${s.count} row${s.count === 1 ? '' : 's'})`), ...unmapped.branches.map((b) => `  --branch "${b.value}=${b.suggestion ?? 'BRANCH'}"   (${b.suggestion ? 'suggested; ' : ''}nothing after = refuses its ${b.count} row${b.count === 1 ? '' : 's'})`)];
  return `Run "${command}" again with, for each:\n${lines.join('\n')}`;
}

/** The choices remembered from earlier imports that read a list's statuses and branch names, and the days they were made. */
interface Remembered {
  on: string[];
  statuses: { value: string; standing: 'good' | 'not-good' }[];
  branches: { value: string; branch: string | null }[];
}

/** Of the statuses and branch names a preview read by a choice, those the flags did not give: the remembered ones (null: none). */
function rememberedUsed(preview: ImportPreview, choices: ReturnType<typeof importChoices>, at: Map<string, string>): Remembered | null {
  const flagged = new Set([...(choices.statuses ?? []).map((s) => `status|${statusKey(s.value)}`), ...(choices.branches ?? []).map((b) => `branch|${branchKey(b.value)}`)]);
  const days = new Set<string>();
  const remembered = (key: string) => {
    const when = flagged.has(key) ? undefined : at.get(key);
    if (when !== undefined) days.add(ukToday(new Date(when)));
    return when !== undefined;
  };
  const statuses = preview.statuses.filter((s) => s.by === 'choice' && remembered(`status|${statusKey(s.value)}`)).map((s) => ({ value: s.value, standing: s.status === 'good-standing' ? ('good' as const) : ('not-good' as const) }));
  const branches = preview.branches.filter((b) => b.by === 'choice' && remembered(`branch|${branchKey(b.value)}`)).map((b) => ({ value: b.value, branch: b.branch }));
  return statuses.length + branches.length === 0 ? null : { on: [...days].sort(), statuses, branches };
}

/** "Using the choices remembered on 14 June 2026: 1 status and 5 branch names." */
function rememberedWords(r: Remembered): string {
  const counted = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
  const what = [r.statuses.length > 0 ? counted(r.statuses.length, 'status', 'statuses') : '', r.branches.length > 0 ? counted(r.branches.length, 'branch name', 'branch names') : ''].filter((w) => w !== '');
  const days = r.on.map(formatUkDate);
  return `Using the choices remembered on ${days.length > 1 ? `${days.slice(0, -1).join(', ')} and ${days.at(-1) ?? ''}` : (days[0] ?? '')}: ${what.join(' and ')}.`;
}

/**
 * Imports a list exactly as the app does: the file is staged, previewed where the flags need
 * its headers, then imported by the import job (a backup first; the first membership list a
 * ballot gets is used at once), through the service on this thread. A dry run stops after
 * the preview: on the store named, opened only to read, so that the CLP's branches and the
 * choices remembered from earlier imports read the list exactly as the import would (it says
 * which it used, and from when); on a throwaway store where there is no store yet. A
 * membership list whose statuses or branch names are not all read is refused, naming them
 * and the flags to add.
 */
async function listImport(kind: ListKind, db: string, file: string, json: boolean, dryRun: boolean, flags: ImportFlags, passphrase: string | undefined): Promise<number> {
  const report = {
    file,
    sha256: null as string | null,
    encoding: null as string | null,
    rows: 0,
    imported: 0,
    rejected: [] as { line: number; reason: string }[],
    ignoredColumns: [] as string[],
    snapshotId: null as string | null,
    ...(kind === 'members' ? { asAt: null as string | null, warnings: [] as string[], unmapped: null as Job['unmapped'] | null } : {}),
  };
  const command = kind === 'members' ? 'teller register import' : 'teller electoral-register import';
  const choices = kind === 'members' ? importChoices(flags) : {};
  let code = 0;
  let more = 0; // rejected rows the preview counts but does not list
  let valid = 0;
  let remembered: Remembered | null = null; // a dry run's, of a membership list
  // A dry run reads the store named (only to read) when there is one, else a throwaway store.
  const readOnly = dryRun && fs.existsSync(db);
  const scratch = dryRun && !readOnly ? fs.mkdtempSync(path.join(os.tmpdir(), 'teller-dry-run-')) : null;
  let service: HostedService | null = null;
  try {
    const storePath = scratch ? path.join(scratch, 'dry-run.sqlite') : db;
    // The membership import's writer thread starts while the store's key is unsealed.
    if (kind === 'members' && !scratch) prestartImportWriter(path.join(__dirname, 'import-worker.cjs'));
    // The service on this thread, which has nothing else to do: the same Api, lock, backup and
    // import job as the app's, the file read and checked here while a worker writes it.
    const teller = new TellerService({
      ...ctx,
      storePath,
      demoPath: demoStorePath(storePath),
      importWorker: path.join(__dirname, 'import-worker.cjs'),
      jobsHere: true,
      ...(readOnly
        ? { readOnly: true, ...(passphrase === undefined ? {} : { passphrase }) }
        : // A dry run's throwaway store is sealed with a throwaway passphrase.
          { passphrase: scratch ? randomBytes(16).toString('hex') : (passphrase ?? '') }),
    });
    service = inProcessService(teller);
    const jobs = jobEvents(service);
    const fileId = await service.stageFile(path.resolve(file));
    const preview = async (mapping?: (string | null)[]) => {
      const previewed = await jobs.ended(answer<Job>(await service!.call('previewImport', { kind, fileId, ...(mapping ? { mapping } : {}), ...choices })));
      if (previewed.state === 'failed' || !previewed.preview) throw new TellerError('invalid-file', previewed.message ?? 'Teller could not read the file.');
      return previewed.preview;
    };
    // --map needs the file's headers, which a first preview reads.
    let mapping: (string | null)[] | undefined;
    if (flags.map.length > 0) {
      const first = await preview();
      mapping = mappingOf(flags.map, first.headers, first.mapping, kind === 'members' ? MEMBER_FIELD_LABEL : REGISTER_FIELD_LABEL);
    }
    if (dryRun) {
      // A --branch naming no branch of the CLP is refused, as the import refuses it.
      if (readOnly && kind === 'members') refuseUnknownBranches(teller.store, choices.branches ?? []);
      const read = await preview(mapping);
      valid = read.valid;
      more = read.rows - read.valid - read.held - read.rejected.length;
      Object.assign(report, { sha256: read.sha256, encoding: read.encoding, rows: read.rows, rejected: read.rejected, ignoredColumns: read.ignoredColumns });
      if (kind === 'members') {
        const statuses = read.statuses.filter((s) => s.status === null).map(({ value, count }) => ({ value, count }));
        const branches = read.branches.filter((b) => b.branch === null && !b.refused).map(({ value, count, suggestion }) => ({ value, count, suggestion }));
        // The throwaway store has no branches: the list's names are read as they are, and that is no news.
        const warnings = scratch ? read.warnings.filter((w) => !w.startsWith('The CLP has no branches yet')) : read.warnings;
        remembered = readOnly ? rememberedUsed(read, choices, rememberedAt(teller.store)) : null;
        Object.assign(report, { asAt: read.asAt, warnings, unmapped: statuses.length + branches.length > 0 ? { statuses, branches } : null, remembered });
        if (!json) for (const w of warnings) console.error(`Warning: ${w}`);
        if (statuses.length + branches.length > 0) throw new TellerError('invalid-file', `${unmappedMessage({ statuses, branches })}\n${unmappedFlags({ statuses, branches }, command)}`);
      }
      if (read.problems.length > 0) throw new TellerError('invalid-file', read.problems.join(' '));
      code = read.rows > read.valid || read.valid === 0 ? 1 : 0;
    } else {
      // The import job reads, checks and writes in one pass, with the mapping a preview would
      // show (guessed from the headers) unless --map said otherwise; a file with no good row writes nothing and says so.
      const imported = await jobs.ended(answer<Job>(await service.call('startImport', { kind, fileId, ...(mapping ? { mapping } : {}), ...choices })));
      if (imported.unmapped) {
        Object.assign(report, { unmapped: imported.unmapped });
        throw new TellerError('invalid-file', `${imported.message ?? ''}\n${unmappedFlags(imported.unmapped, command)}`);
      }
      if (imported.state === 'failed' || imported.snapshotId === null) throw new TellerError('invalid-file', imported.message ?? 'The import failed and nothing was written.');
      const snapshot = answer<Snapshot[]>(await service.call('listSnapshots', { kind })).find((s) => s.id === imported.snapshotId);
      if (!snapshot) throw new TellerError('internal', 'The import finished but its snapshot cannot be found.');
      // The snapshot keeps every rejected row.
      Object.assign(report, { sha256: snapshot.sha256, encoding: snapshot.encoding, rows: snapshot.rows, imported: snapshot.imported, rejected: snapshot.rejected, ignoredColumns: snapshot.ignoredColumns, snapshotId: String(snapshot.id) });
      if (kind === 'members') {
        const freeze = answer<TellerState>(await service.call('getState', {})).ballot?.freezeDate ?? null;
        const warnings =
          snapshot.asAt !== null && freeze !== null && snapshot.asAt > freeze
            ? [`The list is as at ${formatUkDate(snapshot.asAt)}, after the ballot’s freeze date ${formatUkDate(freeze)}: members who joined, moved or lapsed since the freeze date may be in the wrong branch or standing.${flags.asAt === undefined ? ' Say the day it was exported with --as-at.' : ''}`]
            : [];
        Object.assign(report, { asAt: snapshot.asAt, warnings });
        if (!json) for (const w of warnings) console.error(`Warning: ${w}`);
      }
      more = 0;
    }
    jobs.stop();
  } catch (e) {
    if (!(e instanceof TellerError)) throw e;
    console.error(e.message);
    code = 1;
  } finally {
    await service?.close();
    if (scratch) fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (json) console.log(JSON.stringify(report, null, 2));
  else if (report.sha256) {
    console.log(`${report.rows} rows read (${report.encoding}); ${dryRun ? 'would import' : 'imported'} ${dryRun ? valid : report.imported}${report.snapshotId ? ` as snapshot ${report.snapshotId}` : ''}.`);
    if (remembered) console.log(rememberedWords(remembered));
    for (const r of report.rejected) console.log(`  line ${r.line}: ${r.reason}`);
    if (more > 0) console.log(`  and ${more} more rejected row${more === 1 ? '' : 's'}`);
    if (report.ignoredColumns.length) console.log(`Columns not imported: ${report.ignoredColumns.join(', ')}`);
  }
  return code;
}

/** The statuses as `teller cross-match --json` names them (docs/formats/cross-match.md). */
const CROSS_MATCH_STATUS = { matched: 'matched', 'matched-elsewhere': 'elsewhere', ambiguous: 'ambiguous', 'not-found': 'not-found' } as const;

/**
 * Runs the cross-match exactly as the app's button does, through the service on this thread
 * (its lock, its audit entry), then prints every member's result.
 */
async function crossMatchCommand(db: string, json: boolean, passphrase: string | undefined): Promise<number> {
  if (!fs.existsSync(db)) throw new TellerError('not-found', `There is no Teller store at ${db}.`);
  const service = inProcessService(new TellerService({ ...ctx, storePath: db, demoPath: demoStorePath(db), ...(passphrase !== undefined ? { passphrase } : {}) }));
  try {
    const summary = answer<MatchSummary>(await service.call('crossMatchRegister', {}));
    const rows = answer<RegisterMatchExportRow[]>(await service.call('exportRegisterMatches', {}));
    const counts = { matched: summary.matched, elsewhere: summary.matchedElsewhere, notFound: summary.notFound, ambiguous: summary.ambiguous };
    if (json) {
      const out = { counts, rows: rows.map((r) => ({ membershipNumber: r.membershipNumber, status: CROSS_MATCH_STATUS[r.status], evidence: r.evidence })) };
      console.log(JSON.stringify(out, null, 2));
      return 0;
    }
    console.log(`${counts.matched} matched at their address, ${counts.elsewhere} at another address, ${counts.ambiguous} ambiguous (check by hand), ${counts.notFound} not found.`);
    for (const r of rows) if (r.status !== 'matched') console.log(`  ${r.membershipNumber}  ${CROSS_MATCH_STATUS[r.status]}: ${r.evidence}`);
    return 0;
  } finally {
    await service.close();
  }
}

/** A trust file is a list of keys: a few kilobytes, a megabyte at the very most. */
const MAX_TRUST_BYTES = 1024 * 1024;

/**
 * A report file's text, read with a bound (a regular file only, never more than one byte past
 * the largest report), so neither /dev/zero nor a huge file can exhaust memory. A file too
 * large is refused by its size, unread; one that cannot be read says why.
 */
function readReportFile(file: string): { ok: true; text: string } | { ok: false; tooLarge: number | null; message: string } {
  try {
    return { ok: true, text: readBoundedText(file, { limit: MAX_REPORT_BYTES + 1, name: file }) };
  } catch (e) {
    if (!(e instanceof BoundedReadError)) throw e;
    if (e.problem === 'too-large') return { ok: false, tooLarge: e.size ?? MAX_REPORT_BYTES + 1, message: e.message };
    return { ok: false, tooLarge: null, message: `cannot read ${file}: ${cannotReadReason(e)}` };
  }
}

/** Why a report file cannot be read, in a few words. */
function cannotReadReason(e: BoundedReadError): string {
  if (e.problem === 'missing') return 'there is no such file';
  if (e.problem === 'not-a-file') return /folder/.test(e.message) ? 'it is a folder, not a file' : 'it is not an ordinary file (it is a device, a pipe or a socket), so Teller does not read it';
  const why = /\(([^)]*)\)\.?$/.exec(e.message)?.[1];
  return why === 'EACCES' || why === 'EPERM' ? 'permission denied' : why ? `the system says ${why}` : e.message;
}

interface VerifyLine {
  file: string;
  ok: boolean;
  keyId: string | null;
  clp: string | null;
  revision: number | null;
  recomputed: Recomputed | null;
  problems: VerifyProblem[];
}

function verifyCommand(files: string[], json: boolean, trustFile: string | undefined): number {
  if (files.length === 0) {
    console.error('Name at least one report file.\nRun "teller --help" for usage.');
    return 2;
  }
  let trust: TrustEntry[] | undefined;
  if (trustFile !== undefined) {
    try {
      trust = readTrustFile(readBoundedText(trustFile, { limit: MAX_TRUST_BYTES, name: trustFile }));
    } catch (e) {
      console.error(e instanceof BoundedReadError ? e.message : `The trust file ${trustFile} cannot be used: ${(e as Error).message}`);
      return 2;
    }
  }
  const unread = new Set<string>(); // the files that could not be read: said as such, not as a format problem
  const results = files.map((file): VerifyLine => {
    const read = readReportFile(file);
    if (!read.ok) {
      if (read.tooLarge !== null) {
        const { ok, keyId, clp, revision, recomputed, problems } = tooLargeCheck(read.tooLarge);
        return { file, ok, keyId, clp, revision, recomputed, problems };
      }
      unread.add(file);
      return { file, ok: false, keyId: null, clp: null, revision: null, recomputed: null, problems: [{ code: 'format', message: read.message }] };
    }
    const { ok, keyId, clp, revision, recomputed, problems } = verifyReport(read.text, trust);
    return { file, ok, keyId, clp, revision, recomputed, problems };
  });
  if (json) console.log(JSON.stringify(results, null, 2));
  else {
    for (const r of results) {
      if (unread.has(r.file)) {
        console.log(`FAIL ${r.file}: ${r.problems[0]?.message ?? ''}`);
        continue;
      }
      // Without a trust list, a good signature says only that the file is as its key signed it, not whose key it is.
      const caveat = r.ok && !trust ? ': signature valid; no trust list given' : '';
      console.log(`${r.ok ? 'OK  ' : 'FAIL'} ${r.file}${r.clp ? ` — ${r.clp}, revision ${r.revision ?? '?'}` : ''}${r.keyId ? `, key ${fingerprint(r.keyId)}` : ''}${caveat}`);
      for (const p of r.problems) console.log(`     ${p.code}: ${p.message}`);
    }
  }
  return results.every((r) => r.ok) ? 0 : 1;
}


/** The service on this thread with the store open to write, the import worker beside it: the app's Api, lock and jobs. */
function writingService(db: string, passphrase: string | undefined): HostedService {
  return inProcessService(
    new TellerService({ ...ctx, storePath: db, demoPath: demoStorePath(db), importWorker: path.join(__dirname, 'import-worker.cjs'), jobsHere: true, passphrase: passphrase ?? '' }),
  );
}

/** Makes the store a regional office if it is not one yet (refused, in words, for a CLP's own store). */
async function asRegionalOffice(service: HostedService): Promise<void> {
  const office = answer<RegionOffice>(await service.call('getRegionOffice', {}));
  if (!office.regional) answer<RegionOffice>(await service.call('setRegionOffice', { name: null }));
}

/** Why a file named on the command line cannot be read, in a few words. */
function unreadable(file: string): string | null {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) return 'it is a folder, not a file';
    fs.accessSync(file, fs.constants.R_OK);
    return null;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'there is no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
  }
}

const VERDICT_WORDS: Record<ReportImportRow['verdict'], string> = { accepted: 'accepted', flagged: 'flagged ', duplicate: 'duplicate', refused: 'refused ' };

async function regionCommand(sub: string, files: string[], db: string, values: { clp?: string; key?: string; json: boolean; csv: boolean; secret?: string }): Promise<number> {
  if (!['trust', 'revoke', 'import', 'overview'].includes(sub)) throw new UsageError(sub === '' ? 'Say what the regional office should do: trust, revoke, import or overview.' : `Unknown command "region ${sub}".`);
  if (sub !== 'import' && files.length > 0) throw new UsageError(`region ${sub} takes no file names.`);
  if (sub === 'trust' && (values.clp === undefined || values.key === undefined)) throw new UsageError('region trust needs --db DB, --clp NAME and --key FINGERPRINT (or the public key).');
  if (sub === 'revoke' && values.key === undefined) throw new UsageError('region revoke needs --db DB and --key FINGERPRINT.');
  if (sub === 'import' && files.length === 0) throw new UsageError('Name at least one report file to import.');
  if (sub === 'overview' && values.json && values.csv) throw new UsageError('Choose one of --json and --csv.');
  if (sub === 'import') {
    // Every file is looked at before anything is imported: a name that cannot be read changes nothing.
    for (const f of files) {
      const why = unreadable(f);
      if (why) throw new UsageError(`cannot read ${f}: ${why}.`);
    }
  }
  if (sub === 'overview') return regionOverviewCommand(db, values.json, values.csv, await passphraseFor(db, values.secret, 'existing'));
  const service = writingService(db, await passphraseFor(db, values.secret, 'always'));
  try {
    await asRegionalOffice(service);
    if (sub === 'trust') {
      const r = answer<TrustKeyCheck & { keys: TrustedKeyRow[] }>(await service.call('trustKey', { clp: values.clp!, key: values.key! }));
      const { keys: _keys, ...trusted } = r;
      if (values.json) console.log(JSON.stringify(trusted, null, 2));
      else {
        console.log(r.already === 'trusted' ? `Key ${r.fingerprint} was already trusted for ${r.clp}: nothing changed.` : `Key ${r.fingerprint} is now trusted for ${r.clp}.`);
        for (const w of r.warnings) console.log(`Warning: ${w.message}`);
      }
      return 0;
    }
    if (sub === 'revoke') {
      const before = answer<TrustedKeyRow[]>(await service.call('listTrustedKeys', {}));
      const after = answer<TrustedKeyRow[]>(await service.call('revokeKey', { keyId: values.key!, ...(values.clp === undefined ? {} : { clp: values.clp }) }));
      const revoked = after.filter((k) => k.revokedAt !== null && before.some((b) => b.clp === k.clp && b.keyId === k.keyId && b.revokedAt === null));
      if (values.json) console.log(JSON.stringify(revoked.map((k) => ({ clp: k.clp, keyId: k.keyId, fingerprint: k.fingerprint, revokedAt: k.revokedAt })), null, 2));
      else for (const k of revoked) console.log(`Key ${k.fingerprint} is revoked for ${k.clp}${k.reports.length > 0 ? `; ${k.reports.length === 1 ? 'the report it signed before stays' : `the ${k.reports.length} reports it signed before stay`}, marked` : ''}.`);
      return 0;
    }
    const jobs = jobEvents(service);
    const fileIds: string[] = [];
    for (const f of files) fileIds.push(await service.stageFile(path.resolve(f)));
    const job = await jobs.ended(answer<Job>(await service.call('importReports', { fileIds })));
    jobs.stop();
    if (job.state === 'failed' || !job.reports) throw new TellerError('invalid-file', job.message ?? 'The import failed and nothing was written.');
    const rows = job.reports.map((r, i) => ({ file: files[i]!, ...r }));
    if (values.json) console.log(JSON.stringify(rows, null, 2));
    else {
      for (const r of rows) {
        console.log(`${VERDICT_WORDS[r.verdict]} ${r.file}${r.clp ? ` — ${r.clp}, revision ${r.revision ?? '?'}` : ''}`);
        for (const p of r.problems) console.log(`          ${p.code}: ${p.message}`);
      }
    }
    return rows.some((r) => r.verdict === 'refused') ? 1 : 0;
  } finally {
    await service.close();
  }
}

async function regionOverviewCommand(db: string, json: boolean, csv: boolean, passphrase: string | undefined): Promise<number> {
  const service = shortService(db, passphrase);
  try {
    const region = answer<Region>(await service.call('getRegion', {}));
    if (json) console.log(JSON.stringify(region.rows, null, 2));
    else if (csv) process.stdout.write(regionCsv(region.rows));
    else {
      if (region.rows.length === 0) console.log('No report has been accepted yet.');
      for (const r of region.rows) {
        const share = r.share ? ` (share ${r.share})` : '';
        console.log(`${r.clp}: ${r.standing}, revision ${r.revision} issued ${formatUkDate(r.issuedAt.slice(0, 10))}; ${r.triggered ? 'selection triggered' : 'not triggered'}${share}${r.revokedKey ? '; SIGNED BY A KEY REVOKED SINCE' : ''}`);
        console.log(`  Branches: ${r.branchesReporting} of ${r.branches} reported, ${r.branchesPending} pending. Affiliates: ${r.affiliatesReporting} of ${r.affiliates} reported, ${r.affiliatesPending} pending. Complaints: ${r.complaints} (${r.openComplaints} open).`);
      }
      const refused = region.refused.length;
      if (refused > 0) console.log(`${refused} ${refused === 1 ? 'file was' : 'files were'} refused (see the app's files received, or import again with --json).`);
    }
    return 0;
  } finally {
    await service.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        db: { type: 'string' },
        port: { type: 'string' },
        json: { type: 'boolean', default: false },
        file: { type: 'string' },
        trust: { type: 'string' },
        report: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        map: { type: 'string', multiple: true, default: [] },
        status: { type: 'string', multiple: true, default: [] },
        branch: { type: 'string', multiple: true, default: [] },
        'as-at': { type: 'string' },
        clp: { type: 'string' },
        key: { type: 'string' },
        csv: { type: 'boolean', default: false },
        'passphrase-file': { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (e) {
    console.error(`${(e as Error).message}\nRun "teller --help" for usage.`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (values.version) {
    console.log(version());
    return 0;
  }
  const db = path.resolve(values.db ?? defaultStorePath());
  const command = positionals.join(' ');
  if (positionals[0] === 'verify') return verifyCommand(positionals.slice(1), values.json, values.trust);
  try {
    if (command === 'serve') {
      const port = values.port === undefined ? 0 : Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be a whole number from 0 to 65535.');
      return await serve(db, port, await passphraseFor(db, values['passphrase-file'], 'given'));
    }
    const secret = values['passphrase-file'];
    if (command === 'status') return await status(db, values.json, await passphraseFor(db, secret, 'existing'));
    if (command === 'audit verify') {
      const passphrase = await passphraseFor(db, secret, 'existing');
      return values.report === undefined ? await auditVerify(db, values.json, passphrase) : await auditVerifyReport(db, values.report, values.json, passphrase);
    }
    if (positionals[0] === 'region') {
      if (!values.db) throw new UsageError(`region ${positionals[1] ?? ''} needs --db DB, the regional office's store.`.replace('region  ', 'region '));
      return await regionCommand(positionals[1] ?? '', positionals.slice(2), db, { ...(values.clp === undefined ? {} : { clp: values.clp }), ...(values.key === undefined ? {} : { key: values.key }), json: values.json, csv: values.csv, ...(secret === undefined ? {} : { secret }) });
    }
    if (command === 'cross-match') {
      if (!values.db) throw new UsageError('cross-match needs --db FILE.');
      return await crossMatchCommand(db, values.json, await passphraseFor(db, secret, 'existing'));
    }
    if (command === 'store check') return storeCheck(db, await passphraseFor(db, secret, 'existing'), values.json);
    if (command === 'register import' || command === 'electoral-register import') {
      if (!values.db || !values.file) throw new UsageError(`${command} needs --db FILE and --file CSV.`);
      const kind = command === 'register import' ? 'members' : 'register';
      if (kind === 'register' && (values.status.length > 0 || values.branch.length > 0 || values['as-at'] !== undefined)) {
        throw new UsageError('--status, --branch and --as-at are for a membership list (teller register import).');
      }
      const flags = { map: values.map, status: values.status, branch: values.branch, asAt: values['as-at'] };
      // Flags that cannot be right are refused before the passphrase is asked for.
      if (kind === 'members') importChoices(flags);
      // A dry run reads a store there is (with its passphrase), and creates none.
      const passphrase = values['dry-run'] ? (fs.existsSync(db) ? await passphraseFor(db, secret, 'existing') : undefined) : await passphraseFor(db, secret, 'always');
      return await listImport(kind, db, values.file, values.json, values['dry-run'], flags, passphrase);
    }
    throw new UsageError(command === '' ? 'Say what to do.' : `Unknown command "${command}".`);
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`${e.message}\nRun "teller --help" for usage.`);
      return 2;
    }
    if (e instanceof TellerError) {
      console.error(e.message);
      return 1;
    }
    throw e;
  }
}
