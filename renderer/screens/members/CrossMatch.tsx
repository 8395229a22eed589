import { useState } from 'react';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { useApiAction, useApiQuery } from '../../use-api';

const STATUS_WORDS = { matched: 'Matched', 'matched-elsewhere': 'Found at another address', ambiguous: 'Ambiguous: check by hand', 'not-found': 'Not found' } as const;
type Filter = keyof typeof STATUS_WORDS | 'problems';

/** Runs the cross-match and shows each member's status with the evidence. */
export function CrossMatch() {
  const [filter, setFilter] = useState<Filter>('problems');
  // Both read again by themselves when a new import or cross-match lands.
  const summaryQuery = useApiQuery('getMatchSummary', {});
  const matches = useApiQuery('listRegisterMatches', { status: filter === 'problems' ? null : filter, limit: 200 });
  const matching = useApiAction('crossMatchRegister');
  const summary = summaryQuery.data;
  const found = matches.data ?? [];
  const rows = filter === 'problems' ? found.filter((r) => r.status !== 'matched') : found;
  const run = () => void matching.run({});
  return (
    <section className="panel" aria-labelledby="cross-match">
      <h2 id="cross-match">Cross-match with the electoral register</h2>
      <button type="button" className="primary" onClick={run}>
        {summary?.registerSnapshotId ? 'Run the cross-match again' : 'Run the cross-match'}
      </button>
      <ApiErrorNote error={matching.error ?? summaryQuery.error ?? matches.error} />
      {summary?.registerSnapshotId ? (
        <>
          <p className="big-figure">
            {summary.matched} matched · {summary.matchedElsewhere} at another address · {summary.ambiguous} ambiguous · {summary.notFound} not found
          </p>
          {summary.ambiguous > 0 ? (
            <p className="muted">
              Ambiguous: someone of the same name is on the register at another address, but nothing else (roll number, date of birth, middle name, postcode) shows it is
              this member. Check these by hand.
            </p>
          ) : null}
          <label>
            Show{' '}
            <select
              value={filter}
              onChange={(e) => setFilter(e.target.value as Filter)}
            >
              <option value="problems">members not matched at their address</option>
              <option value="ambiguous">ambiguous: check by hand</option>
              <option value="matched-elsewhere">found at another address</option>
              <option value="not-found">not found</option>
              <option value="matched">matched</option>
            </select>
          </label>
          <p className="muted">Up to 200 members are listed; choose a narrower list to see others.</p>
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">Member</th>
                <th scope="col">Number</th>
                <th scope="col">Postcode</th>
                <th scope="col">Result</th>
                <th scope="col">Evidence</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.memberId}>
                  <td>{r.name}</td>
                  <td>{r.number}</td>
                  <td>{r.postcode}</td>
                  <td>{STATUS_WORDS[r.status]}</td>
                  <td>{r.evidence}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </section>
  );
}
