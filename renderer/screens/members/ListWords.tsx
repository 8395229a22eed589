import type { ImportPreview } from '../../../shared/api';
import { statusWords } from '../../../shared/lists/eligibility';

/** The user's choices for a membership list's statuses and branch names, by the text the list writes. */
export interface WordChoices {
  statuses: Record<string, 'good' | 'not-good'>;
  /** A branch's name, or null: refused (its rows are not imported). */
  branches: Record<string, string | null>;
}

const REFUSE = '\u0000refuse';

function rows(n: number): string {
  return `${n.toLocaleString('en-GB')} row${n === 1 ? '' : 's'}`;
}

/**
 * The statuses and branch names of a membership list that need the user: statuses no rule
 * reads, and branch names that match none of the CLP's branches, each with its count and a
 * choice. What rules and names settle is listed too, so the user sees how every row is read.
 */
export function ListWords({ preview, choices, branches, onChange }: { preview: ImportPreview; choices: WordChoices; branches: string[]; onChange: (next: WordChoices) => void }) {
  const statusesToChoose = preview.statuses.filter((s) => s.by !== 'rule' || choices.statuses[s.value] !== undefined);
  const statusesByRule = preview.statuses.filter((s) => s.by === 'rule' && choices.statuses[s.value] === undefined);
  const branchesToChoose = preview.branches.filter((b) => b.by === null || b.by === 'choice' || Object.prototype.hasOwnProperty.call(choices.branches, b.value));
  const asIs = preview.branches.filter((b) => b.by === 'as-is');
  return (
    <>
      {statusesToChoose.length > 0 ? (
        <table className="mapping-table words-table">
          <caption>Statuses Teller has no rule for: say whether each counts as good standing.</caption>
          <thead>
            <tr>
              <th scope="col">Status in the list</th>
              <th scope="col">Rows</th>
              <th scope="col">Read as</th>
            </tr>
          </thead>
          <tbody>
            {statusesToChoose.map((s) => {
              const chosen = choices.statuses[s.value] ?? '';
              return (
                <tr key={`status-${s.value}`} className={chosen === '' ? 'needs-choice' : undefined}>
                  <td>{s.value === '' ? <em>(blank)</em> : s.value}</td>
                  <td>{s.count.toLocaleString('en-GB')}</td>
                  <td>
                    <select
                      aria-label={`Status "${s.value}"`}
                      value={chosen}
                      onChange={(e) => {
                        const next = { ...choices.statuses };
                        if (e.target.value === '') delete next[s.value];
                        else next[s.value] = e.target.value as 'good' | 'not-good';
                        onChange({ ...choices, statuses: next });
                      }}
                    >
                      <option value="">Choose…</option>
                      <option value="good">Good standing</option>
                      <option value="not-good">Not in good standing</option>
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {branchesToChoose.length > 0 ? (
        <table className="mapping-table words-table">
          <caption>Branch names that match none of the CLP’s branches: choose the branch each means, or refuse its rows.</caption>
          <thead>
            <tr>
              <th scope="col">Branch in the list</th>
              <th scope="col">Rows</th>
              <th scope="col">Import into</th>
            </tr>
          </thead>
          <tbody>
            {branchesToChoose.map((b) => {
              const has = Object.prototype.hasOwnProperty.call(choices.branches, b.value);
              const chosen = has ? (choices.branches[b.value] ?? REFUSE) : b.refused ? REFUSE : (b.branch ?? '');
              return (
                <tr key={`branch-${b.value}`} className={chosen === '' ? 'needs-choice' : undefined}>
                  <td>{b.value}</td>
                  <td>{b.count.toLocaleString('en-GB')}</td>
                  <td>
                    <select
                      aria-label={`Branch "${b.value}"`}
                      value={chosen}
                      onChange={(e) => {
                        const next = { ...choices.branches };
                        if (e.target.value === '') delete next[b.value];
                        else next[b.value] = e.target.value === REFUSE ? null : e.target.value;
                        onChange({ ...choices, branches: next });
                      }}
                    >
                      <option value="">Choose…</option>
                      {branches.map((name) => (
                        <option key={name} value={name}>
                          {name}
                          {name === b.suggestion ? ' (suggested)' : ''}
                        </option>
                      ))}
                      <option value={REFUSE}>Refuse: do not import these rows</option>
                    </select>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}
      {statusesByRule.length > 0 ? (
        <details className="words-known">
          <summary>How the other statuses are read</summary>
          <ul>
            {statusesByRule.map((s) => (
              <li key={`rule-${s.value}`}>
                {s.value === '' ? '(blank)' : `“${s.value}”`}: {s.status ? statusWords(s.status) : ''} ({rows(s.count)})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {asIs.length > 0 ? (
        <details className="words-known" open>
          <summary>The list’s branches ({asIs.length}), taken as they are</summary>
          <ul>
            {asIs.map((b) => (
              <li key={`as-is-${b.value}`}>
                {b.value} ({rows(b.count)})
              </li>
            ))}
          </ul>
        </details>
      ) : null}
    </>
  );
}

/** The choices a first preview suggests: each unmatched branch name read as the branch it most likely means. */
export function suggestedChoices(preview: ImportPreview, earlier: WordChoices): WordChoices {
  const branches = { ...earlier.branches };
  for (const b of preview.branches) {
    if (b.by === null && b.suggestion !== null && !Object.prototype.hasOwnProperty.call(branches, b.value)) branches[b.value] = b.suggestion;
  }
  return { statuses: earlier.statuses, branches };
}

/** How many statuses and branch names still wait on the user. */
export function unchosen(preview: ImportPreview, choices: WordChoices): number {
  const statuses = preview.statuses.filter((s) => s.status === null && choices.statuses[s.value] === undefined).length;
  const branches = preview.branches.filter((b) => b.branch === null && !b.refused && !Object.prototype.hasOwnProperty.call(choices.branches, b.value)).length;
  return statuses + branches;
}
