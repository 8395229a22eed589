import type { ApiParsedInput } from '../../shared/api';
import { TellerError } from '../../shared/errors';
import { branchKey, statusKey, type ListVocabulary, type StatusChoice } from '../../shared/lists/member-vocabulary';
import type { ClpStore } from '../store/clp-store';

/* The statuses and branch names the user has said how to read, remembered per store for the next import. */

type Choices = Pick<ApiParsedInput<'startImport'>, 'statuses' | 'branches'>;

/** The store's vocabulary: its branches (not withdrawn), with the remembered choices and then this request's on top. */
export function listVocabulary(store: ClpStore, choices: Choices): ListVocabulary {
  const branches = (store.db.prepare('SELECT name FROM branch WHERE withdrawn_at IS NULL ORDER BY name_key').all() as { name: string }[]).map((b) => b.name);
  const statuses: Record<string, StatusChoice> = {};
  const branchMap: Record<string, string | null> = {};
  const remembered = store.db.prepare('SELECT kind, value_key, target FROM list_value_map').all() as { kind: 'status' | 'branch'; value_key: string; target: string | null }[];
  for (const r of remembered) {
    if (r.kind === 'status' && (r.target === 'good' || r.target === 'not-good')) statuses[r.value_key] = r.target;
    if (r.kind === 'branch') branchMap[r.value_key] = r.target;
  }
  for (const s of choices.statuses ?? []) statuses[statusKey(s.value)] = s.standing;
  for (const b of choices.branches ?? []) branchMap[branchKey(b.value)] = b.branch;
  return { branches, statuses, branchMap };
}

/** A branch name may be read only as one of the CLP's branches: never imported silently into one that does not exist. */
export function refuseUnknownBranches(store: ClpStore, choices: readonly { value: string; branch: string | null }[]): void {
  const known = listVocabulary(store, {}).branches;
  for (const c of choices) {
    if (c.branch !== null && !known.some((b) => branchKey(b) === branchKey(c.branch ?? ''))) {
      throw new TellerError('invalid-input', `"${c.branch}" is not one of the CLP’s branches, so "${c.value}" cannot be read as it. Choose one of its branches, or refuse the name.`, 'branches');
    }
  }
}

/** Remembers this import's choices (with an audit entry naming how many), replacing earlier ones for the same values. */
export function rememberChoices(store: ClpStore, choices: Choices): void {
  const statuses = choices.statuses ?? [];
  const branches = choices.branches ?? [];
  if (statuses.length === 0 && branches.length === 0) return;
  store.change('members.list-words', 'list_value_map', () => {
    const put = store.db.prepare('INSERT OR REPLACE INTO list_value_map (kind, value_key, value, target) VALUES (?, ?, ?, ?)');
    for (const s of statuses) put.run('status', statusKey(s.value), s.value, s.standing);
    for (const b of branches) put.run('branch', branchKey(b.value), b.value, b.branch);
    return {
      entityId: 'list-words',
      before: null,
      after: { statuses: statuses.map((s) => ({ value: s.value, standing: s.standing })), branches: branches.map((b) => ({ value: b.value, branch: b.branch })) },
    };
  });
}

/**
 * When each remembered choice was made: the instant of the import that last remembered it, by
 * `status|<statusKey>` or `branch|<branchKey>` (from the audit trail, which records each).
 */
export function rememberedAt(store: ClpStore): Map<string, string> {
  const rows = store.db.prepare("SELECT at, after FROM audit_entry WHERE action = 'members.list-words' ORDER BY seq").all() as { at: string; after: string | null }[];
  const at = new Map<string, string>();
  for (const r of rows) {
    const after = (r.after === null ? {} : JSON.parse(r.after)) as { statuses?: { value: string }[]; branches?: { value: string }[] };
    for (const s of after.statuses ?? []) at.set(`status|${statusKey(s.value)}`, r.at);
    for (const b of after.branches ?? []) at.set(`branch|${branchKey(b.value)}`, r.at);
  }
  return at;
}
