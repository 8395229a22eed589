import { useEffect, useState } from 'react';
import type { MatchSummary, RegisterMatchRow, Snapshot } from '../../../shared/api';
import { ApiError, call } from '../../api-client';

const STATUS_WORDS = { matched: 'Matched', 'matched-elsewhere': 'Found at another address', 'not-found': 'Not found' } as const;
type Filter = keyof typeof STATUS_WORDS | 'problems';

/** Runs the cross-match and shows each member's status with the evidence. */
export function CrossMatch({ registers, refreshKey }: { registers: Snapshot[]; refreshKey: string }) {
  const [summary, setSummary] = useState<MatchSummary | null>(null);
  const [rows, setRows] = useState<RegisterMatchRow[]>([]);
  const [filter, setFilter] = useState<Filter>('problems');
  const [error, setError] = useState<string | null>(null);

  const load = async (f: Filter) => {
    const status = f === 'problems' ? null : f;
    const found = await call('listRegisterMatches', { status, limit: 200 });
    setRows(f === 'problems' ? found.filter((r) => r.status !== 'matched') : found);
  };
  useEffect(() => {
    void call('getMatchSummary', {}).then(setSummary);
    void load(filter);
  }, [refreshKey]); // the list changes when a new import or cross-match lands

  if (registers.length === 0) return null;
  const run = async () => {
    setError(null);
    try {
      setSummary(await call('crossMatchRegister', {}));
      await load(filter);
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    }
  };
  return (
    <section className="panel" aria-labelledby="cross-match">
      <h2 id="cross-match">Cross-match with the electoral register</h2>
      <button type="button" className="primary" onClick={() => void run()}>
        {summary?.registerSnapshotId ? 'Run the cross-match again' : 'Run the cross-match'}
      </button>
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
      {summary?.registerSnapshotId ? (
        <>
          <p className="big-figure">
            {summary.matched} matched · {summary.matchedElsewhere} at another address · {summary.notFound} not found
          </p>
          <label>
            Show{' '}
            <select
              value={filter}
              onChange={(e) => {
                const f = e.target.value as Filter;
                setFilter(f);
                void load(f);
              }}
            >
              <option value="problems">members not matched at their address</option>
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
