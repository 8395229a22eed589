import { useMemo, useState, type DragEvent, type FormEvent } from 'react';
import type { Region as RegionData, ReportImportRow, TrustedKeyRow } from '../../shared/api';
import { formatUkDate } from '../../shared/dates';
import { formatUkTimestamp } from '../../shared/time';
import { formatPercent, parseRatio, toDrawingNumber } from '../../shared/rational';
import { fingerprint } from '../../shared/report/fingerprint';
import { regionCsv } from '../../shared/report/region-csv';
import { call, chooseFiles, uploadFiles, type ChosenFile } from '../api-client';
import { useAppStore } from '../app-store';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { Field } from '../components/Field';
import { download } from '../download';
import { followJob, useApiAction, useApiQuery, useApiTask } from '../use-api';
import { useFormErrors } from '../use-form-errors';

const VERDICT_WORDS: Record<ReportImportRow['verdict'], string> = {
  accepted: 'Accepted',
  refused: 'Refused',
  duplicate: 'Already imported: nothing changed',
  flagged: 'Accepted, but signed by a key revoked since',
};

const NO_REPORTS: RegionData = { rows: [], refused: [] };

function TrustList({ keys }: { keys: TrustedKeyRow[] }) {
  const notify = useAppStore((s) => s.notify);
  const [clp, setClp] = useState('');
  const [key, setKey] = useState('');
  const form = useFormErrors();
  const revoking = useApiAction('revokeKey');
  const add = async (e: FormEvent) => {
    e.preventDefault();
    await form.run(async () => {
      await call('trustKey', { clp, key });
      notify(`Key trusted for ${clp.trim()}.`);
      setClp('');
      setKey('');
    });
  };
  return (
    <section className="panel" aria-labelledby="trust-title">
      <h2 id="trust-title">Trusted keys</h2>
      <p>Add a CLP's key only after its secretary has read the fingerprint to you by phone or shown it to you in person.</p>
      <form className="form-row" onSubmit={(e) => void add(e)} noValidate>
        <Field label="CLP (as its reports name it)" error={form.errors.clp}>
          {(p) => <input {...p} value={clp} onChange={(e) => setClp(e.target.value)} />}
        </Field>
        <Field label="Fingerprint or public key" error={form.errors.key ?? form.formError?.message} hint="e.g. 3f2a 9c01 …, 8 groups of 4">
          {(p) => <input {...p} value={key} onChange={(e) => setKey(e.target.value)} className="wide" />}
        </Field>
        <button type="submit" className="primary">
          Trust this key
        </button>
      </form>
      <ApiErrorNote error={revoking.error} />
      <table className="audit-table">
        <thead>
          <tr>
            <th scope="col">CLP</th>
            <th scope="col">Fingerprint</th>
            <th scope="col">Reports signed</th>
            <th scope="col">State</th>
            <th scope="col">
              <span className="visually-hidden">Revoke</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={`${k.clp}/${k.keyId}`}>
              <td>{k.clp}</td>
              <td>
                <code>{fingerprint(k.keyId)}</code>
              </td>
              <td>{k.reports.length === 0 ? 'none yet' : k.reports.map((r) => `${r.clp} r${r.revision} (${r.status})`).join(', ')}</td>
              <td>{k.revokedAt ? `revoked ${formatUkTimestamp(k.revokedAt)}` : `trusted since ${formatUkTimestamp(k.addedAt)}`}</td>
              <td>
                {k.revokedAt ? null : (
                  <button type="button" className="danger" onClick={() => void revoking.run({ clp: k.clp, keyId: k.keyId })} aria-label={`Revoke ${k.clp} key ${fingerprint(k.keyId)}`}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function ImportReports() {
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [results, setResults] = useState<ReportImportRow[]>([]);
  const importing = useApiTask();
  const [over, setOver] = useState(false);
  const run = async (get: () => Promise<ChosenFile[]>) => {
    await importing.run(async () => {
      const files = await get();
      if (files.length === 0) return;
      setProgress({ done: 0, total: files.length });
      const started = await call('importReports', { fileIds: files.map((f) => f.fileId) });
      const finished = await followJob(started, (job) => setProgress({ done: job.done, total: job.total }));
      setResults(finished.reports ?? []);
    });
    setProgress(null);
  };
  const onProgress = (done: number, total: number) => setProgress({ done, total });
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const files = [...e.dataTransfer.files];
    void run(() => uploadFiles(files, onProgress));
  };
  return (
    <section className="panel" aria-labelledby="import-reports">
      <h2 id="import-reports">Import reports</h2>
      <div
        className={`drop-zone${over ? ' over' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>Drop report files here, or</p>
        <div className="actions-row">
          <button type="button" className="primary" onClick={() => void run(() => chooseFiles(false, onProgress))}>
            Choose report files…
          </button>
          <button type="button" onClick={() => void run(() => chooseFiles(true, onProgress))}>
            Choose a folder…
          </button>
        </div>
      </div>
      {progress ? (
        <div className="progress-block">
          <label htmlFor="report-progress">
            Checking {progress.done} of {progress.total}…
          </label>
          <progress id="report-progress" max={progress.total} value={progress.done} />
        </div>
      ) : null}
      <ApiErrorNote error={importing.error} />
      {results.length > 0 ? (
        <ul className="import-results">
          {results.map((r, i) => (
            <li key={`${r.fileName}-${i}`} className={r.verdict === 'refused' ? 'bad' : 'ok'}>
              <strong>{VERDICT_WORDS[r.verdict]}</strong>: {r.fileName}
              {r.clp ? ` (${r.clp}, revision ${r.revision ?? '?'})` : ''}
              {r.problems.length > 0 ? (
                <ul>
                  {r.problems.map((p) => (
                    <li key={p.message}>
                      {p.code}: {p.message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}

type SortKey = 'clp' | 'status' | 'share' | 'complaints';

function Overview({ region }: { region: RegionData }) {
  const [filter, setFilter] = useState('');
  const [only, setOnly] = useState<'all' | 'triggered' | 'final' | 'interim'>('all');
  const [sort, setSort] = useState<SortKey>('clp');
  const rows = useMemo(() => {
    const shareOf = (s: string | null) => (s ? toDrawingNumber(parseRatio(s) ?? { n: 0n, d: 1n }) : -1);
    return region.rows
      .filter((r) => r.clp.toLowerCase().includes(filter.toLowerCase()))
      .filter((r) => only === 'all' || (only === 'triggered' ? r.triggered : r.status === only))
      .sort((a, b) =>
        sort === 'share' ? shareOf(b.share) - shareOf(a.share) : sort === 'complaints' ? b.complaints - a.complaints : sort === 'status' ? a.status.localeCompare(b.status) : a.clp.localeCompare(b.clp),
      );
  }, [region.rows, filter, only, sort]);
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort === key ? (key === 'clp' || key === 'status' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="link" onClick={() => setSort(key)}>
        {label}
      </button>
    </th>
  );
  return (
    <section className="panel" aria-labelledby="overview-title">
      <h2 id="overview-title">
        The region: {region.rows.length} CLPs, {region.rows.filter((r) => r.triggered).length} triggered
      </h2>
      <div className="form-row">
        <Field label="Find a CLP">{(p) => <input {...p} value={filter} onChange={(e) => setFilter(e.target.value)} />}</Field>
        <Field label="Show">
          {(p) => (
            <select {...p} value={only} onChange={(e) => setOnly(e.target.value as typeof only)}>
              <option value="all">All</option>
              <option value="triggered">Triggered only</option>
              <option value="final">Final reports only</option>
              <option value="interim">Interim reports only</option>
            </select>
          )}
        </Field>
      </div>
      <table className="audit-table region-table">
        <thead>
          <tr>
            {header('clp', 'CLP')}
            {header('status', 'Report')}
            <th scope="col">Triggered</th>
            {header('share', 'Share against threshold')}
            <th scope="col">Branches</th>
            <th scope="col">Affiliates</th>
            {header('complaints', 'Complaints')}
            <th scope="col">Verified</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const share = r.share ? parseRatio(r.share) : null;
            const threshold = parseRatio(r.threshold);
            return (
              <tr key={r.ballotId}>
                <td>{r.clp}</td>
                <td>
                  {r.status} r{r.revision}
                  <span className="unit-note">{formatUkDate(r.issuedAt.slice(0, 10))}</span>
                  {r.history.length > 1 ? (
                    <details className="history-details">
                      <summary>{r.history.length} files received</summary>
                      <ul>
                        {r.history.map((h, i) => (
                          <li key={i}>
                            r{h.revision ?? '?'} {h.status ?? ''} — {h.accepted ? 'accepted' : 'refused'}, {formatUkTimestamp(h.importedAt)}
                          </li>
                        ))}
                      </ul>
                    </details>
                  ) : null}
                </td>
                <td>{r.triggered ? <strong className="triggered-word">Yes</strong> : 'No'}</td>
                <td>
                  {share && threshold ? (
                    <svg width="180" height="18" role="img" aria-label={`${formatPercent(share)} against a threshold of ${formatPercent(threshold)}`}>
                      <rect x="0" y="3" width="180" height="12" className="bar-track" />
                      <rect x="0" y="3" width={180 * toDrawingNumber(share)} height="12" className={r.triggered ? 'seg-selection' : 'seg-reselect'} />
                      <line x1={180 * toDrawingNumber(threshold)} x2={180 * toDrawingNumber(threshold)} y1="0" y2="18" className="threshold-line" />
                    </svg>
                  ) : (
                    'each class on its own'
                  )}{' '}
                  {share ? formatPercent(share) : ''}
                </td>
                <td>
                  {r.branchesReporting} of {r.branches}
                </td>
                <td>
                  {r.affiliatesReporting} of {r.affiliates}
                </td>
                <td>
                  {r.complaints} ({r.openComplaints} open)
                </td>
                <td title={`Key ${fingerprint(r.keyId)}`}>Signature and figures checked</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="actions-row">
        <button type="button" onClick={() => download('region-summary.csv', regionCsv(rows), 'text/csv')}>
          Export CSV
        </button>
        <button
          type="button"
          onClick={() =>
            void import('../../shared/report/region-summary') // the PDF library loads only when needed
              .then(({ regionPdf }) => regionPdf('Regional summary', rows, new Date().toISOString()))
              .then((b) => download('region-summary.pdf', b, 'application/pdf'))
          }
        >
          Export PDF
        </button>
      </div>
    </section>
  );
}

export function Region() {
  const keys = useApiQuery('listTrustedKeys', {});
  const found = useApiQuery('getRegion', {});
  const region = found.data ?? NO_REPORTS;
  return (
    <div className="region">
      <ApiErrorNote error={found.error ?? keys.error} />
      <Overview region={region} />
      <ImportReports />
      {region.refused.length > 0 ? (
        <section className="panel" aria-labelledby="refused-title">
          <h2 id="refused-title">Reports kept out of the totals ({region.refused.length})</h2>
          <ul>
            {region.refused.map((r, i) => (
              <li key={`${r.fileName}-${i}`}>
                <strong>{r.fileName}</strong> {r.clp ? `(${r.clp}, revision ${r.revision ?? '?'})` : ''}: {r.problems.map((p) => `${p.code}: ${p.message}`).join(' ')}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <TrustList keys={keys.data ?? []} />
    </div>
  );
}
