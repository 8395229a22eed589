import { useMemo, useState, type DragEvent } from 'react';
import type { ReceivedFile, ReportImportRow } from '../../../shared/api';
import { formatUkTimestamp } from '../../../shared/time';
import { call, chooseFiles, uploadFiles, type ChosenFile } from '../../api-client';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { Field } from '../../components/Field';
import { hrefOf, type ScreenProps } from '../../route-link';
import { followJob, useApiQuery, useApiTask } from '../../use-api';
import { Problems } from './Problems';
import { useRecheck } from './use-recheck';
import { CHECK_CODES, CHECK_WORDS, verdictWords } from './words';
import './region.css';

function VerdictBadge({ verdict }: { verdict: string }) {
  const w = verdictWords(verdict);
  return <span className={`mark verdict-${w.tone}`}>{w.word}</span>;
}

function ImportPanel() {
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
  const tally = (v: string) => results.filter((r) => r.verdict === v).length;
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
        <p>Drop report files (…teller.json) here, or</p>
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
        <div role="status" className="import-summary">
          <p>
            <strong>
              {results.length} {results.length === 1 ? 'file' : 'files'} checked:
            </strong>{' '}
            {['accepted', 'flagged', 'refused', 'duplicate']
              .filter((v) => tally(v) > 0)
              .map((v) => `${tally(v)} ${verdictWords(v).word.toLowerCase()}`)
              .join(', ')}
            .
          </p>
          <ul className="import-results">
            {results.map((r, i) => (
              <li key={`${r.fileName}-${i}`}>
                <VerdictBadge verdict={r.verdict} /> <strong>{r.fileName}</strong>
                {r.clp ? ` — ${r.clp}, revision ${r.revision ?? '?'}` : ''}
                <Problems problems={r.problems} />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}

type Show = 'all' | 'refused' | 'counted';

function FileList({ files }: { files: readonly ReceivedFile[] }) {
  const checking = useRecheck();
  const [show, setShow] = useState<Show>('all');
  const refused = files.filter((f) => f.verdict === 'refused' && f.canRecheck);
  const shown = useMemo(
    () => files.filter((f) => show === 'all' || (show === 'refused' ? f.verdict === 'refused' : f.verdict === 'accepted' || f.verdict === 'flagged')),
    [files, show],
  );
  const { recheck } = checking;
  return (
    <section className="panel" aria-labelledby="files-title">
      <h2 id="files-title">Files received ({files.length})</h2>
      <p>
        Every file ever imported, newest first, with what Teller decided and why. A file refused because its key was not yet trusted, or was trusted for the wrong name, can be
        checked again once your <a href={hrefOf('keys')}>trust list</a> is right.
      </p>
      <div className="form-row">
        <Field label="Show">
          {(p) => (
            <select {...p} value={show} onChange={(e) => setShow(e.target.value as Show)}>
              <option value="all">Every file</option>
              <option value="refused">Refused only ({refused.length})</option>
              <option value="counted">Counted only</option>
            </select>
          )}
        </Field>
        {refused.length > 0 ? (
          <button type="button" className="primary recheck-all" disabled={checking.pending} onClick={() => void recheck(refused.map((f) => f.id))}>
            Check every refused file again ({refused.length})
          </button>
        ) : null}
      </div>
      <ApiErrorNote error={checking.error} />
      {files.length === 0 ? (
        <p className="muted">No file received yet.</p>
      ) : (
        <div className="table-scroll">
          <table className="audit-table files-table">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Verdict</th>
                <th scope="col">CLP and revision</th>
                <th scope="col">Why</th>
                <th scope="col">
                  <span className="visually-hidden">Check again</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {shown.map((f) => (
                <tr key={f.id} className={f.verdict === 'refused' ? 'refused-row' : undefined}>
                  <th scope="row">
                    <span className="file-name">{f.fileName}</span>
                    <span className="unit-note">received {formatUkTimestamp(f.receivedAt)}</span>
                    {f.checkedAt !== f.receivedAt ? <span className="unit-note">checked again {formatUkTimestamp(f.checkedAt)}</span> : null}
                  </th>
                  <td>
                    <VerdictBadge verdict={f.verdict} />
                  </td>
                  <td>{f.clp ? `${f.clp}, r${f.revision ?? '?'}${f.status ? ` (${f.status})` : ''}` : <span className="muted">not readable</span>}</td>
                  <td>{f.problems.length > 0 ? <Problems problems={f.problems} /> : <span className="muted">{verdictWords(f.verdict).meaning}</span>}</td>
                  <td>
                    {f.verdict === 'refused' && f.canRecheck ? (
                      <button type="button" disabled={checking.pending} onClick={() => void recheck([f.id])} aria-label={`Check again: ${f.fileName}`}>
                        Check again
                      </button>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CheckGlossary() {
  return (
    <details className="panel glossary">
      <summary>
        <h2 className="inline-heading">What each check means</h2>
      </summary>
      <dl className="record-view">
        {CHECK_CODES.map((c) => (
          <div key={c} className="glossary-item">
            <dt>{CHECK_WORDS[c].name}</dt>
            <dd>{CHECK_WORDS[c].failed}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** Reports received: importing files, and every file with its verdict and reasons, refused ones checked again on request. */
export function ReportsReceived(_: ScreenProps) {
  const files = useApiQuery('listReceivedFiles', {});
  // Newest first: what was just imported is at the top.
  const list = useMemo(() => [...(files.data ?? [])].sort((a, b) => b.id - a.id), [files.data]);
  return (
    <div className="region">
      <ImportPanel />
      <ApiErrorNote error={files.error} />
      <FileList files={list} />
      <CheckGlossary />
    </div>
  );
}
