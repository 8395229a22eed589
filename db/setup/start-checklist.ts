import type { StartChecklist } from '../../shared/api';
import { currentKey } from '../signing/key-ring';
import type { ClpStore } from '../store/clp-store';
import { readBallot } from './ballot';
import { readClp } from './clp';

/** Which of a new CLP's first steps are done, read from the store as it stands. */
export function startChecklist(store: ClpStore): StartChecklist {
  const ballot = readBallot(store);
  const count = (table: string) => (store.db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  // Who may vote is done once this ballot's eligibility settings were saved: the audit trail keeps each save.
  const eligibilitySaved =
    ballot !== null && store.db.prepare("SELECT 1 FROM audit_entry WHERE action = 'ballot.eligibility' AND entity_id = ? LIMIT 1").get(ballot.id) !== undefined;
  return {
    clp: readClp(store) !== null,
    branches: count('branch') > 0,
    affiliates: count('affiliate') > 0,
    ballot: ballot !== null,
    membersList: ballot?.snapshotId != null,
    whoMayVote: eligibilitySaved,
    signingKey: currentKey(store) !== null,
  };
}
