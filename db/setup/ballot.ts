import { randomUUID } from 'node:crypto';
import type { ApiParsedInput, Ballot, Eligibility } from '../../shared/api';
import type { QuorumRule } from '../../shared/meetings';
import { ballotProblems } from '../../shared/ballot-rules';
import { TellerError } from '../../shared/errors';
import type { RuleSet } from '../../shared/rules';
import type { ClpStore } from '../store/clp-store';
import { requireClp } from './clp';

/* The trigger ballot: its timetable, rules and settings. */

interface BallotRow { id: string; freeze_date: string; opens_on: string; closes_on: string; rules: string; snapshot_id: number | null; eligibility: string; quorum: string }

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
        eligibility: JSON.parse(row.eligibility) as Eligibility,
        quorum: JSON.parse(row.quorum) as QuorumRule,
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
  store.change(existing ? 'ballot.update' : 'ballot.create', 'ballot', () => {
    store.db
      .prepare(
        `INSERT INTO ballot (id, freeze_date, opens_on, closes_on, rules) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET freeze_date = excluded.freeze_date, opens_on = excluded.opens_on,
           closes_on = excluded.closes_on, rules = excluded.rules`,
      )
      .run(id, draft.freezeDate, draft.opensOn, draft.closesOn, JSON.stringify(rules));
    return { entityId: id, before: existing && { id, freezeDate: existing.freezeDate, opensOn: existing.opensOn, closesOn: existing.closesOn, rules: existing.rules }, after: { id, ...draft } };
  });
}
