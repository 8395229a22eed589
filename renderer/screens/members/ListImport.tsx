import { useState } from 'react';
import type { ImportPreview, Job, ListKind } from '../../../shared/api';
import { MEMBER_FIELD_LABEL } from '../../../shared/lists/member-fields';
import { REGISTER_FIELD_LABEL } from '../../../shared/lists/electoral-register-fields';
import { call, chooseFile, type ChosenFile } from '../../api-client';
import { useAppStore } from '../../app-store';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { useApiTask, useJob } from '../../use-api';

const FIELD_LABELS: Record<ListKind, Record<string, string>> = { members: MEMBER_FIELD_LABEL, register: REGISTER_FIELD_LABEL };
const TEXT: Record<ListKind, { title: string; intro: string; noun: string }> = {
  members: {
    title: 'Import a membership list',
    intro: "Use the list exported from the party's systems as at the freeze date (CSV). Teller shows how it reads the file before anything is saved.",
    noun: 'members',
  },
  register: {
    title: 'Import the electoral register (optional)',
    intro: "The council's full register (CSV), to check members are registered at the address they gave. It is used for the check and deleted with the rest of the personal data.",
    noun: 'register entries',
  },
};

function Progress({ job }: { job: Job }) {
  const percent = job.total > 0 ? Math.round((job.done / job.total) * 100) : 0;
  return (
    <div className="progress-block">
      <label htmlFor={`progress-${job.id}`}>{job.phase}…</label>
      <progress id={`progress-${job.id}`} max={100} value={percent}>
        {percent}%
      </progress>
    </div>
  );
}

/** Choose a file, see how Teller reads it, correct the mapping, then import in one step. */
export function ListImport({ kind }: { kind: ListKind }) {
  const text = TEXT[kind];
  const labels = FIELD_LABELS[kind];
  const notify = useAppStore((s) => s.notify);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  // Reading a large file, and importing it, take a moment and happen off the main thread: show how far they have got.
  const reading = useJob();
  const importing = useJob();
  const task = useApiTask();
  // Apart, so that a file dialog left open does not count as busy.
  const picking = useApiTask();

  const show = async (chosen: ChosenFile, mapping?: (string | null)[]) => {
    const read = await task.run(async () => {
      const started = await call('previewImport', mapping ? { kind, fileId: chosen.fileId, mapping } : { kind, fileId: chosen.fileId });
      const job = await reading.follow(started);
      if (!job.preview) throw new Error('Teller could not read the file.');
      return job.preview;
    });
    setPreview(read ?? null);
  };

  const choose = async () => {
    task.clearError();
    const chosen = await picking.run(() => chooseFile());
    if (!chosen) return;
    setFile(chosen);
    await show(chosen);
  };

  const start = async () => {
    if (!file || !preview) return;
    const job = await task.run(async () => importing.follow(await call('startImport', { kind, fileId: file.fileId, mapping: preview.mapping })));
    if (!job) return;
    notify(job.message ?? 'Imported.');
    setFile(null);
    setPreview(null);
  };

  return (
    <section className="panel" aria-labelledby={`import-${kind}`}>
      <h2 id={`import-${kind}`}>{text.title}</h2>
      <p>{text.intro}</p>
      <button type="button" className="primary" onClick={() => void choose()} disabled={task.pending} aria-describedby={`import-${kind}`}>
        Choose a CSV file…
      </button>
      <ApiErrorNote error={picking.error ?? task.error} />
      {reading.job ? <Progress job={reading.job} /> : null}
      {importing.job ? <Progress job={importing.job} /> : null}
      {preview && file && !importing.job ? (
        <div className="import-preview">
          <h3>
            {preview.fileName} <span className="muted">({preview.encoding}, {preview.rows} rows)</span>
          </h3>
          <table className="mapping-table">
            <caption>How each column is read. Change any that are wrong.</caption>
            <thead>
              <tr>
                <th scope="col">Column in the file</th>
                <th scope="col">Teller field</th>
              </tr>
            </thead>
            <tbody>
              {preview.headers.map((h, i) => (
                <tr key={`${h}-${i}`}>
                  <td>{h || <em>(no heading)</em>}</td>
                  <td>
                    <select
                      aria-label={`Field for column ${h || i + 1}`}
                      value={preview.mapping[i] ?? ''}
                      onChange={(e) => {
                        const mapping = preview.mapping.map((m, j) => (j === i ? e.target.value || null : m));
                        void show(file, mapping);
                      }}
                    >
                      <option value="">Not imported</option>
                      {Object.entries(labels).map(([f, label]) => (
                        <option key={f} value={f}>
                          {label}
                        </option>
                      ))}
                    </select>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {preview.ignoredColumns.length > 0 ? <p>Not imported (Teller does not need them): {preview.ignoredColumns.join(', ')}.</p> : null}
          {preview.problems.length > 0 ? (
            <ul className="field-error" role="alert">
              {preview.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          ) : (
            <>
              <p className="big-figure">
                {preview.valid} of {preview.rows} rows can be imported
              </p>
              {preview.sample.rows.length > 0 ? (
                <table className="audit-table">
                  <caption>The first rows as Teller reads them</caption>
                  <thead>
                    <tr>
                      {preview.sample.columns.map((c) => (
                        <th key={c} scope="col">
                          {c}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {preview.sample.rows.map((r) => (
                      <tr key={r[0]}>
                        {r.map((v, k) => (
                          <td key={k}>{v}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {preview.rejected.length > 0 ? (
                <details className="rejected" open={preview.rejected.length <= 10}>
                  <summary>
                    {preview.rejected.length} row{preview.rejected.length === 1 ? '' : 's'} will not be imported
                  </summary>
                  <ul>
                    {preview.rejected.map((r) => (
                      <li key={r.line}>
                        Line {r.line}: {r.reason}
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null}
              <button type="button" className="primary" disabled={preview.valid === 0 || task.pending} onClick={() => void start()}>
                Import {preview.valid} {text.noun}
              </button>
            </>
          )}
        </div>
      ) : null}
    </section>
  );
}
