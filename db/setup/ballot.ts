import { randomUUID } from 'node:crypto';
import type { ApiParsedInput, Ballot, Eligibility } from '../../shared/api';
import { NO_QUORUM, type QuorumRule } from '../../shared/meetings';
import { ballotProblems, NEW_BALLOT_SETTINGS, storedBallotSettings, type BallotSettings } from '../../shared/ballot-rules';
import { canonicalJson } from '../../shared/canonical-json';
import { TellerError } from '../../shared/errors';
import type { RuleSet } from '../../shared/rules';
import type { ClpStore } from '../store/clp-store';
import { requireClp } from './clp';

/* The trigger ballot: its timetable, rules and settings. */

interface BallotRow { id: string; freeze_date: string; opens_on: string; closes_on: string; rules: string; snapshot_id: number | null; eligibility: string; quorum: string; settings: string }

/** Eligibility settings as stored: those saved before a setting existed have its default. */
function storedEligibility(json: string): Eligibility {
  return { unknownStatus: 'not-good-standing', arrearsSettledAtDoor: false, residentNotRegistrable: false, ...(JSON.parse(json) as Partial<Eligibility>) } as Eligibility;
}

export function readBallot(store: ClpStore): Ballot | null {
  const row = store.stmt('SELECT * FROM ballot ORDER BY rowid LIMIT 1').get() as BallotRow | undefined;
  return row
    ? {
        id: row.id,
        freezeDate: row.freeze_date,
        opensOn: row.opens_on,
        closesOn: row.closes_on,
        rules: JSON.parse(row.rules) as RuleSet,
        snapshotId: row.snapshot_id,
        eligibility: storedEligibility(row.eligibility),
        quorum: JSON.parse(row.quorum) as QuorumRule,
        settings: storedBallotSettings(row.settings),
      }
    : null;
}

/** The ballot, or a refusal in the given words when there is none yet. */
export function requireBallot(store: ClpStore, message = 'Set up the trigger ballot first.'): Ballot {
  const ballot = readBallot(store);
  if (!ballot) throw new TellerError('no-ballot', message);
  return ballot;
}

export function saveBallot(store: ClpStore, input: ApiParsedInput<'saveBallot'>): void {
  requireClp(store);
  const rules: RuleSet = { ...input.rules };
  if (rules.method !== 'college') {
    delete rules.weights;
    delete rules.emptyClass;
  }
  const draft = { freezeDate: input.freezeDate, opensOn: input.opensOn, closesOn: input.closesOn, rules };
  const problem = ballotProblems(draft)[0];
  if (problem) {
    throw new TellerError(problem.field.startsWith('rules') ? 'invalid-rules' : 'invalid-dates', problem.message, problem.field);
  }
  const existing = readBallot(store);
  const id = existing?.id ?? randomUUID();
  const impact = existing ? ballotChangeImpact(store, draft) : null;
  const changed =
    existing !== null &&
    (existing.freezeDate !== draft.freezeDate || existing.opensOn !== draft.opensOn || existing.closesOn !== draft.closesOn || canonicalJson(existing.rules) !== canonicalJson(rules));
  const reason = input.reason?.trim() ?? '';
  if (impact && changed && impact.finalRevision !== null && !input.startsCorrectedFinal) {
    throw new TellerError(
      'report-final',
      `The final report (revision ${impact.finalRevision}) has been issued under this timetable and these rules. To change them, start a corrected final revision and say why.`,
      'startsCorrectedFinal',
    );
  }
  if (impact && changed && (impact.resultsRecorded || impact.finalRevision !== null) && reason === '') {
    throw new TellerError('invalid-input', 'Results have been recorded under this timetable and these rules: say why they change.', 'reason');
  }
  store.change(existing ? 'ballot.update' : 'ballot.create', 'ballot', () => {
    store.db
      .prepare(
        `INSERT INTO ballot (id, freeze_date, opens_on, closes_on, rules) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET freeze_date = excluded.freeze_date, opens_on = excluded.opens_on,
           closes_on = excluded.closes_on, rules = excluded.rules`,
      )
      .run(id, draft.freezeDate, draft.opensOn, draft.closesOn, JSON.stringify(rules));
    // A new ballot: no quorum and the 2019 tie procedure (docs: SPEC "Quorum", "Ties").
    const fresh = existing ? {} : { quorum: NO_QUORUM, settings: NEW_BALLOT_SETTINGS };
    if (!existing) store.db.prepare('UPDATE ballot SET quorum = ?, settings = ? WHERE id = ?').run(JSON.stringify(NO_QUORUM), JSON.stringify(NEW_BALLOT_SETTINGS), id);
    // Whether each affiliate decision is late follows the closing date.
    store.db.prepare('UPDATE affiliate_decision SET late = (received_on > ?) WHERE ballot_id = ?').run(draft.closesOn, id);
    const why = reason === '' ? {} : { reason };
    const correction = impact?.finalRevision != null && changed ? { startsCorrectedFinal: true, corrects: impact.finalRevision } : {};
    const outside = impact && changed && impact.meetingsOutside.length > 0 ? { meetingsOutside: impact.meetingsOutside } : {};
    return {
      entityId: id,
      before: existing && { id, freezeDate: existing.freezeDate, opensOn: existing.opensOn, closesOn: existing.closesOn, rules: existing.rules },
      after: { id, ...draft, ...fresh, ...why, ...correction, ...outside },
    };
  });
}

/** What a change of timetable or rules touches: whether results stand under the old ones, a final report, meetings left outside. */
export function ballotChangeImpact(store: ClpStore, draft: { opensOn: string; closesOn: string }) {
  const ballot = readBallot(store);
  if (!ballot) return { resultsRecorded: false, finalRevision: null, meetingsOutside: [] };
  const results = store.db
    .prepare(`SELECT (EXISTS (SELECT 1 FROM unit_result WHERE ballot_id = ?) OR EXISTS (SELECT 1 FROM meeting WHERE ballot_id = ? AND state <> 'open' AND withdrawn_at IS NULL)) AS any`)
    .get(ballot.id, ballot.id) as { any: number };
  const final = store.db.prepare(`SELECT MAX(revision) AS r FROM report_export WHERE ballot_id = ? AND status = 'final'`).get(ballot.id) as { r: number | null };
  const meetingsOutside = store.db
    .prepare(`SELECT b.name AS branch, m.date FROM meeting m JOIN branch b ON b.id = m.branch_id WHERE m.ballot_id = ? AND m.withdrawn_at IS NULL AND (m.date < ? OR m.date > ?) ORDER BY m.date, m.id`)
    .all(ballot.id, draft.opensOn, draft.closesOn) as { branch: string; date: string }[];
  return { resultsRecorded: results.any === 1, finalRevision: final.r, meetingsOutside };
}

/** How ties are settled and whether late affiliate decisions count (audited; a change after results are recorded says what it was). */
export function saveBallotSettings(store: ClpStore, settings: BallotSettings): void {
  const ballot = requireBallot(store);
  if (canonicalJson(ballot.settings) === canonicalJson(settings)) return;
  store.change('ballot.settings', 'ballot', () => {
    store.db.prepare('UPDATE ballot SET settings = ? WHERE id = ?').run(JSON.stringify(settings), ballot.id);
    return { entityId: ballot.id, before: ballot.settings, after: settings };
  });
}
