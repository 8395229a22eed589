import { useState } from 'react';
import type { AuditKind, AuditVerdict, TellerState } from '../../shared/api';
import { formatUkDate, parseUkDate } from '../../shared/dates';
import { AUDIT_KIND_WORDS, auditTrailCsv } from '../../shared/report/audit-trail-export';
import { formatUkTimestamp, ukToday, utcInstant } from '../../shared/time';
import { call } from '../api-client';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { Field } from '../components/Field';
import { UkDateField } from '../components/UkDateField';
import { WordsSelect } from '../components/WordsSelect';
import { download } from '../download';
import { useApiAction, useApiQuery, useApiTask } from '../use-api';

const PAGE = 200;

interface Filters {
  kind: AuditKind | '';
  from: string;
  to: string;
  search: string;
}

/**
 * The trail in words, newest first: filters (kind, dates, words), and the entries as filtered
 * exported to CSV or PDF. With a meeting, only that meeting's entries (its history).
 */
export function AuditEntries({ meetingId = null, clp, title, headingId }: { meetingId?: number | null; clp: string; title: string; headingId: string }) {
  const [f, setF] = useState<Filters>({ kind: '', from: '', to: '', search: '' });
  const [limit, setLimit] = useState(PAGE);
  const exporting = useApiTask();
  const from = f.from.trim() ? parseUkDate(f.from) : null;
  const to = f.to.trim() ? parseUkDate(f.to) : null;
  const dateError = (v: string, iso: string | null) => (v.trim() && !iso ? `"${v}" is not a date Teller can read: type it as DD/MM/YYYY.` : undefined);
  const input = { kind: f.kind || null, meetingId, from, to, search: f.search, limit };
  const trail = useApiQuery('getAuditTrail', dateError(f.from, from) || dateError(f.to, to) ? null : input);
  const data = trail.data;
  const set = (next: Partial<Filters>) => {
    setF({ ...f, ...next });
    setLimit(PAGE);
  };
  const described = [f.kind ? AUDIT_KIND_WORDS[f.kind] : null, from ? `from ${formatUkDate(from)}` : null, to ? `to ${formatUkDate(to)}` : null, f.search.trim() ? `containing "${f.search.trim()}"` : null]
    .filter(Boolean)
    .join(', ');
  const exportAs = (format: 'csv' | 'pdf') =>
    exporting.run(async () => {
      const all = await call('getAuditTrail', { ...input, limit: 100_000 });
      const name = `audit-trail${meetingId !== null ? `-meeting-${meetingId}` : ''}-${ukToday()}`;
      if (format === 'csv') return download(`${name}.csv`, auditTrailCsv(all.lines), 'text/csv');
      // The PDF library loads only when needed.
      const { auditTrailPdf } = await import('../../shared/report/audit-trail-pdf');
      download(`${name}.pdf`, await auditTrailPdf(clp, `${title}${described ? `; ${described}` : '; every entry'}`, all.lines, all.total, utcInstant(new Date())), 'application/pdf');
    });
  return (
    <section className="panel" aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      <div className="form-row">
        {meetingId === null ? <WordsSelect label="Kind" value={f.kind} words={AUDIT_KIND_WORDS} onChange={(kind) => set({ kind })} any /> : null}
        {meetingId === null ? <UkDateField label="From" value={f.from} onChange={(v) => set({ from: v })} error={dateError(f.from, from)} /> : null}
        {meetingId === null ? <UkDateField label="To" value={f.to} onChange={(v) => set({ to: v })} error={dateError(f.to, to)} /> : null}
        <Field label="Search the entries">
          {(p) => <input {...p} type="search" value={f.search} placeholder="A name, a branch, a reference…" onChange={(e) => set({ search: e.target.value })} />}
        </Field>
      </div>
      <div className="form-row">
        <button type="button" onClick={() => void exportAs('csv')} disabled={exporting.pending}>
          Export to CSV
        </button>
        <button type="button" onClick={() => void exportAs('pdf')} disabled={exporting.pending}>
          Export to PDF
        </button>
      </div>
      <ApiErrorNote error={exporting.error ?? trail.error} />
      <p role="status">{!data
          ? 'Reading the trail…'
          : meetingId !== null && !f.search.trim()
            ? `${plural(data.matched, 'entry', 'entries')} about this meeting.`
            : data.matched === data.total
              ? `${plural(data.total, 'entry', 'entries')}.`
              : `${data.matched} of ${plural(data.total, 'entry', 'entries')} match.`}</p>
      {data && data.lines.length > 0 ? (
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">When</th>
              <th scope="col">What happened</th>
            </tr>
          </thead>
          <tbody>
            {data.lines.map((l) => (
              <tr key={l.seq}>
                <td>{l.seq}</td>
                <td>{formatUkTimestamp(l.at)}</td>
                <td>{l.words}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {data && data.matched > data.lines.length ? (
        <button type="button" onClick={() => setLimit(limit + PAGE)}>
          Show {Math.min(PAGE, data.matched - data.lines.length)} more of {data.matched - data.lines.length}
        </button>
      ) : null}
    </section>
  );
}

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
}

export function AuditTrail({ state }: { state: TellerState }) {
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
        <ApiErrorNote error={verifying.error} />
      </section>
      <AuditEntries clp={state.clp?.name ?? "Teller"} title="What happened" headingId="audit-entries" />
    </div>
  );
}
