import { useState } from 'react';
import type { Snapshot } from '../../../shared/api';
import { formatUkDate } from '../../../shared/dates';
import { formatUkTimestamp } from '../../../shared/time';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { Field } from '../../components/Field';
import { WordsSelect } from '../../components/WordsSelect';
import { useApiQuery } from '../../use-api';

const PAGE = 50;
const WHO_WORDS = { yes: 'May vote', no: 'May not vote' } as const;

function count(n: number): string {
  return n.toLocaleString('en-GB');
}

/**
 * The list the ballot uses: who may vote and, for anyone who may not, why; counts per branch
 * and in all, before any meeting is held. Searched by name, number or postcode.
 */
export function MemberList() {
  const [search, setSearch] = useState('');
  const [branch, setBranch] = useState('');
  const [who, setWho] = useState<keyof typeof WHO_WORDS | ''>('');
  const [limit, setLimit] = useState(PAGE);
  const listing = useApiQuery('listMembers', { search, branch: branch || null, eligible: who === '' ? null : who === 'yes', offset: 0, limit });
  const data = listing.data;
  if (data && data.snapshotId === null) return null;
  const branchWords = Object.fromEntries((data?.byBranch ?? []).map((b) => [b.branch, b.branch])) as Record<string, string>;
  return (
    <section className="panel" aria-labelledby="member-list">
      <h2 id="member-list">Members on the list the ballot uses</h2>
      <ApiErrorNote error={listing.error} />
      {data ? (
        <>
          <p className="big-figure">
            {count(data.eligible)} of {count(data.total)} may vote
          </p>
          <table className="audit-table" aria-label="Members and who may vote, by branch">
            <thead>
              <tr>
                <th scope="col">Branch</th>
                <th scope="col">Members</th>
                <th scope="col">May vote</th>
              </tr>
            </thead>
            <tbody>
              {data.byBranch.map((b) => (
                <tr key={b.branch}>
                  <th scope="row">{b.branch}</th>
                  <td>{count(b.members)}</td>
                  <td>{count(b.eligible)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
      <div className="form-row">
        <Field label="Find a member">
          {(p) => (
            <input
              {...p}
              type="search"
              placeholder="Name, membership number or postcode"
              value={search}
              onChange={(e) => {
                setSearch(e.target.value);
                setLimit(PAGE);
              }}
            />
          )}
        </Field>
        <WordsSelect label="Branch" value={branch} words={branchWords} onChange={(b) => (setBranch(b), setLimit(PAGE))} any />
        <WordsSelect label="Who" value={who} words={WHO_WORDS} onChange={(w) => (setWho(w), setLimit(PAGE))} any />
      </div>
      {data ? (
        <p role="status">
          {data.matched === data.total ? `All ${count(data.total)} members.` : `${count(data.matched)} of ${count(data.total)} members match.`}
          {data.members.length < data.matched ? ` Showing the first ${count(data.members.length)}.` : ''}
        </p>
      ) : null}
      {data && data.members.length > 0 ? (
        <table className="audit-table" aria-label="Members">
          <thead>
            <tr>
              <th scope="col">Number</th>
              <th scope="col">Name</th>
              <th scope="col">Branch</th>
              <th scope="col">Joined</th>
              <th scope="col">May vote?</th>
            </tr>
          </thead>
          <tbody>
            {data.members.map((m) => (
              <tr key={m.id}>
                <td>{m.number}</td>
                <td>{m.name}</td>
                <td>{m.branch}</td>
                <td>{formatUkDate(m.joinDate)}</td>
                <td>{m.eligible ? 'Yes' : `No: ${m.reasons.join('; ')}`}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data && data.members.length < data.matched ? (
        <button type="button" onClick={() => setLimit(Math.min(500, limit + PAGE))} disabled={limit >= 500}>
          {limit >= 500 ? 'Search to narrow the list' : `Show ${Math.min(PAGE, data.matched - data.members.length)} more`}
        </button>
      ) : null}
    </section>
  );
}

/** The rows the last import of a membership list rejected, kept with the list and shown again. */
export function RejectedRows({ snapshots }: { snapshots: Snapshot[] }) {
  const last = snapshots.reduce<Snapshot | null>((a, s) => (a === null || s.id > a.id ? s : a), null);
  if (!last || last.rejected.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="rejected-rows">
      <h2 id="rejected-rows">
        Rows the last import left out ({count(last.rejected.length)} of {count(last.rows)})
      </h2>
      <p>
        {last.fileName}, imported {formatUkTimestamp(last.importedAt)}. Put these right in the party's system and import the list again if they matter.
      </p>
      <ul>
        {last.rejected.slice(0, 500).map((r) => (
          <li key={r.line}>
            Line {r.line}: {r.reason}
          </li>
        ))}
      </ul>
      {last.rejected.length > 500 ? <p>…and {count(last.rejected.length - 500)} more.</p> : null}
    </section>
  );
}
