import { useState } from 'react';
import type { AuditVerdict, TellerState } from '../../shared/api';
import { formatUkTimestamp } from '../../shared/time';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { useApiAction, useApiQuery } from '../use-api';

function summary(value: unknown): string {
  if (value === null || value === undefined) return '—';
  return JSON.stringify(value);
}

export function AuditTrail({ state }: { state: TellerState }) {
  const log = useApiQuery('getAuditLog', { limit: 200 });
  const entries = log.data ?? [];
  const verifying = useApiAction('verifyAudit');
  // A check holds for the chain as it was: once another entry lands, it no longer shows.
  const [checked, setChecked] = useState<{ head: string; verdict: AuditVerdict } | null>(null);
  const verdict = checked?.head === state.audit.head ? checked.verdict : null;
  const check = async () => {
    const head = state.audit.head;
    const result = await verifying.run({});
    if (result) setChecked({ head, verdict: result });
  };
  const fingerprint = state.audit.head.match(/.{1,4}/g)?.slice(0, 8).join(' ') ?? '';
  return (
    <div className="audit">
      <section className="panel" aria-labelledby="audit-check">
        <h2 id="audit-check">Audit trail</h2>
        <p>
          {state.audit.entries} entries. Head of the chain: <code>{fingerprint}…</code>
        </p>
        <button type="button" onClick={() => void check()}>
          Check the chain
        </button>
        {verdict ? (
          <div role="status" className={verdict.ok ? 'verdict-inline ok' : 'verdict-inline bad'}>
            {verdict.ok ? `Intact: all ${verdict.entries} entries check out. The results, meetings, check-ins and complaints match what they record.` : null}
            {verdict.problems.length > 0 ? <p>The audit trail has been altered:</p> : null}
            {verdict.problems.length > 0 ? (
              <ul>
                {verdict.problems.map((p) => (
                  <li key={`${p.seq ?? 'end'}-${p.message}`}>{p.message}</li>
                ))}
              </ul>
            ) : null}
            {(verdict.differences ?? []).length > 0 ? (
              <p>
                {verdict.problems.length > 0 ? 'The tables no longer match what the entries record' : `All ${verdict.entries} entries check out, but the tables no longer match what they record`}: these were changed outside
                Teller, and no report can be exported until they are put right (restore a backup from before the change).
              </p>
            ) : null}
            {(verdict.differences ?? []).length > 0 ? (
              <ul>
                {(verdict.differences ?? []).map((d) => (
                  <li key={`${d.row}-${d.field ?? 'row'}`}>{d.message}</li>
                ))}
              </ul>
            ) : null}
            {(verdict.unverifiable ?? []).map((u) => (
              <p key={u} className="note">
                Not checked: {u}
              </p>
            ))}
          </div>
        ) : null}
        <ApiErrorNote error={verifying.error ?? log.error} />
      </section>
      <section className="panel" aria-labelledby="audit-entries">
        <h2 id="audit-entries">Latest changes</h2>
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">What</th>
              <th scope="col">Before</th>
              <th scope="col">After</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((e) => (
              <tr key={e.seq}>
                <td>{e.seq}</td>
                <td>{formatUkTimestamp(e.at)}</td>
                <td>{e.actor}</td>
                <td>{e.action}</td>
                <td className="json">{summary(e.before)}</td>
                <td className="json">{summary(e.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
