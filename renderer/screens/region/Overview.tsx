import { useMemo, useState } from 'react';
import type { RegionRow } from '../../../shared/api';
import { formatUkDate } from '../../../shared/dates';
import { formatPercent, parseRatio, toDrawingNumber } from '../../../shared/rational';
import { regionCsv } from '../../../shared/report/region-csv';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { Field } from '../../components/Field';
import { download } from '../../download';
import { hrefOf, type ScreenProps } from '../../route-link';
import { useApiQuery } from '../../use-api';
import { clpParam, marksOf, reportedWords, type Mark } from './overview-marks';
import './region.css';

type Show = 'all' | 'final' | 'undecided' | 'interim' | 'complaints' | 'revoked' | 'triggered';
type SortKey = 'clp' | 'status' | 'share' | 'complaints';

const SHOW_WORDS: Record<Show, string> = {
  all: 'All CLPs',
  final: 'Final reports',
  interim: 'Interim reports',
  undecided: 'Interim and undecided',
  complaints: 'With open complaints',
  revoked: 'From a revoked key',
  triggered: 'Triggered',
};

function shows(row: RegionRow, marks: readonly Mark[], show: Show): boolean {
  if (show === 'all') return true;
  if (show === 'triggered') return row.triggered;
  return marks.some((m) => m.kind === show || (show === 'interim' && m.kind === 'undecided'));
}

/** One mark, as a word with its colour; the words carry the meaning, the colour only helps the eye. */
export function MarkBadge({ mark }: { mark: Mark }) {
  return <span className={`mark mark-${mark.kind}`}>{mark.word}</span>;
}

function Tally({ rows }: { rows: readonly RegionRow[] }) {
  const all = rows.map(marksOf);
  const count = (kind: Mark['kind']) => all.filter((m) => m.some((x) => x.kind === kind)).length;
  const items: [string, number, Mark['kind']][] = [
    ['final', count('final'), 'final'],
    ['interim, certain', count('interim'), 'interim'],
    ['undecided', count('undecided'), 'undecided'],
    ['open complaints', count('complaints'), 'complaints'],
    ['revoked key', count('revoked'), 'revoked'],
  ];
  return (
    <dl className="region-tally" aria-label="At a glance">
      <div>
        <dt>CLPs</dt>
        <dd>{rows.length}</dd>
      </div>
      <div>
        <dt>triggered</dt>
        <dd>{rows.filter((r) => r.triggered).length}</dd>
      </div>
      {items.map(([label, n, kind]) => (
        <div key={kind} className={n > 0 ? `tally-${kind}` : undefined}>
          <dt>{label}</dt>
          <dd>{n}</dd>
        </div>
      ))}
    </dl>
  );
}

function ShareCell({ row }: { row: RegionRow }) {
  const share = row.share ? parseRatio(row.share) : null;
  const threshold = parseRatio(row.threshold);
  if (!share || !threshold) return <>each class on its own</>;
  return (
    <>
      <svg width="120" height="18" role="img" aria-label={`${formatPercent(share)} against a threshold of ${formatPercent(threshold)}`}>
        <rect x="0" y="3" width="120" height="12" className="bar-track" />
        <rect x="0" y="3" width={120 * toDrawingNumber(share)} height="12" className={row.triggered ? 'seg-selection' : 'seg-reselect'} />
        <line x1={120 * toDrawingNumber(threshold)} x2={120 * toDrawingNumber(threshold)} y1="0" y2="18" className="threshold-line" />
      </svg>{' '}
      {formatPercent(share)}
    </>
  );
}

/** The region at a glance: every CLP's latest accepted report, marked final, interim (decided or not), with open complaints, from a revoked key. */
export function RegionOverview(_: ScreenProps) {
  const found = useApiQuery('getRegion', {});
  const office = useApiQuery('getRegionOffice', {});
  const [filter, setFilter] = useState('');
  const [show, setShow] = useState<Show>('all');
  const [sort, setSort] = useState<SortKey>('clp');
  const region = found.data;
  const rows = useMemo(() => {
    if (!region) return [];
    const shareOf = (s: string | null) => (s ? toDrawingNumber(parseRatio(s) ?? { n: 0n, d: 1n }) : -1);
    const wanted = filter.trim().toLowerCase();
    return region.rows
      .filter((r) => r.clp.toLowerCase().includes(wanted))
      .filter((r) => shows(r, marksOf(r), show))
      .sort((a, b) =>
        sort === 'share'
          ? shareOf(b.share) - shareOf(a.share)
          : sort === 'complaints'
            ? b.openComplaints - a.openComplaints || b.complaints - a.complaints
            : sort === 'status'
              ? a.status.localeCompare(b.status)
              : a.clp.localeCompare(b.clp),
      );
  }, [region, filter, show, sort]);
  if (!region) return <ApiErrorNote error={found.error} />;
  const header = (key: SortKey, label: string) => (
    <th scope="col" aria-sort={sort === key ? (key === 'clp' || key === 'status' ? 'ascending' : 'descending') : 'none'}>
      <button type="button" className="link" onClick={() => setSort(key)}>
        {label}
      </button>
    </th>
  );
  return (
    <div className="region">
      <ApiErrorNote error={found.error} />
      <section className="panel" aria-labelledby="overview-title">
        <h2 id="overview-title">
          The region: {region.rows.length} {region.rows.length === 1 ? 'CLP' : 'CLPs'}, {region.rows.filter((r) => r.triggered).length} triggered
        </h2>
        <Tally rows={region.rows} />
        {region.rows.length === 0 ? (
          <p>
            No report has been accepted yet. <a href={hrefOf('received')}>Import reports</a> once their CLPs' keys are on your <a href={hrefOf('keys')}>trust list</a>.
          </p>
        ) : (
          <>
            <div className="form-row">
              <Field label="Find a CLP">{(p) => <input {...p} value={filter} onChange={(e) => setFilter(e.target.value)} />}</Field>
              <Field label="Show">
                {(p) => (
                  <select {...p} value={show} onChange={(e) => setShow(e.target.value as Show)}>
                    {(Object.keys(SHOW_WORDS) as Show[]).map((s) => (
                      <option key={s} value={s}>
                        {SHOW_WORDS[s]}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
            <div className="table-scroll">
              <table className="audit-table region-table">
                <thead>
                  <tr>
                    {header('clp', 'CLP')}
                    {header('status', 'Report')}
                    <th scope="col">Triggered</th>
                    {header('share', 'Share')}
                    <th scope="col">Branches</th>
                    <th scope="col">Affiliates</th>
                    {header('complaints', 'Complaints')}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.ballotId}>
                      <th scope="row">
                        <a href={hrefOf('clp', clpParam(r))}>{r.clp}</a>
                      </th>
                      <td>
                        <div className="marks">
                          {marksOf(r)
                            .filter((m) => m.kind !== 'complaints')
                            .map((m) => (
                              <MarkBadge key={m.kind} mark={m} />
                            ))}
                        </div>
                        <span className="unit-note">
                          r{r.revision}, {formatUkDate(r.issuedAt.slice(0, 10))}
                        </span>
                      </td>
                      <td>{r.triggered ? <strong className="triggered-word">Yes</strong> : 'No'}</td>
                      <td>
                        <ShareCell row={r} />
                      </td>
                      <td>{reportedWords(r, 'branches')}</td>
                      <td>{reportedWords(r, 'affiliates')}</td>
                      <td>
                        {r.openComplaints > 0 ? (
                          <>
                            <MarkBadge mark={{ kind: 'complaints', word: `${r.openComplaints} open` }} /> of {r.complaints}
                          </>
                        ) : (
                          `${r.complaints} in all, none open`
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {rows.length === 0 ? <p>No CLP matches.</p> : null}
            <div className="actions-row">
              <button type="button" onClick={() => download('region-summary.csv', regionCsv(rows), 'text/csv')}>
                Export CSV
              </button>
              <button
                type="button"
                onClick={() =>
                  void import('../../../shared/report/region-summary') // the PDF library loads only when needed
                    .then(({ regionPdf }) => regionPdf(office.data?.name ?? 'Regional summary', rows, new Date().toISOString()))
                    .then((b) => download('region-summary.pdf', b, 'application/pdf'))
                }
              >
                Export PDF
              </button>
            </div>
          </>
        )}
      </section>
    </div>
  );
}
