import { useState } from 'react';
import type { ImportPreview, Job, ListKind } from '../../../shared/api';
import { formatUkNumeric, parseUkDate } from '../../../shared/dates';
import { MEMBER_FIELD_LABEL } from '../../../shared/lists/member-fields';
import { REGISTER_FIELD_LABEL } from '../../../shared/lists/electoral-register-fields';
import { call, chooseFile, type ChosenFile } from '../../api-client';
import { useAppStore } from '../../app-store';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { UkDateField } from '../../components/UkDateField';
import { useApiTask, useJob } from '../../use-api';
import { ListWords, suggestedChoices, unchosen, type WordChoices } from './ListWords';

const FIELD_LABELS: Record<ListKind, Record<string, string>> = { members: MEMBER_FIELD_LABEL, register: REGISTER_FIELD_LABEL };
const TEXT: Record<ListKind, { title: string; intro: string; noun: string }> = {
  members: {
    title: 'Import a membership list',
    intro: "Use the list exported from the party's systems as at the freeze date (comma, semicolon or tab separated). Teller shows how it reads the file before anything is saved.",
    noun: 'members',
  },
  register: {
    title: 'Import the electoral register (optional)',
    intro: "The council's full register or monthly update (tab, comma or semicolon separated), to check members are registered at the address they gave. It is used for the check and deleted with the rest of the personal data.",
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

const NO_CHOICES: WordChoices = { statuses: {}, branches: {} };

/** The Api's words for the user's choices. */
function choiceInput(choices: WordChoices, asAt: string | null) {
  const statuses = Object.entries(choices.statuses).map(([value, standing]) => ({ value, standing }));
  const branches = Object.entries(choices.branches).map(([value, branch]) => ({ value, branch }));
  return { ...(statuses.length ? { statuses } : {}), ...(branches.length ? { branches } : {}), ...(asAt ? { asAt } : {}) };
}

/**
 * Choose a file, see how Teller reads it, correct the mapping, say how to read the statuses
 * and branch names no rule reads, then import in one step (or cancel).
 */
export function ListImport({ kind, branches = [] }: { kind: ListKind; branches?: string[] }) {
  const text = TEXT[kind];
  const labels = FIELD_LABELS[kind];
  const notify = useAppStore((s) => s.notify);
  const [file, setFile] = useState<ChosenFile | null>(null);
  const [preview, setPreview] = useState<ImportPreview | null>(null);
  const [choices, setChoices] = useState<WordChoices>(NO_CHOICES);
  // The day the list is as at, as typed (DD/MM/YYYY); the preview fills in today.
  const [asAtText, setAsAtText] = useState('');
  const [createBranches, setCreateBranches] = useState(true);
  // Reading a large file, and importing it, take a moment and happen off the main thread: show how far they have got.
  const reading = useJob();
  const importing = useJob();
  const task = useApiTask();
  // Apart, so that a file dialog left open does not count as busy.
  const picking = useApiTask();
  const asAt = parseUkDate(asAtText);

  const show = async (chosen: ChosenFile, mapping: (string | null)[] | undefined, words: WordChoices, day: string | null) => {
    const extra = kind === 'members' ? choiceInput(words, day) : {};
    const read = await task.run(async () => {
      const started = await call('previewImport', { kind, fileId: chosen.fileId, ...(mapping ? { mapping } : {}), ...extra });
      const job = await reading.follow(started);
      if (!job.preview) throw new Error('Teller could not read the file.');
      return job.preview;
    });
    setPreview(read ?? null);
    if (read?.asAt) setAsAtText(formatUkNumeric(read.asAt));
    return read ?? null;
  };

  const choose = async () => {
    task.clearError();
    const chosen = await picking.run(() => chooseFile());
    if (!chosen) return;
    setFile(chosen);
    setChoices(NO_CHOICES);
    setAsAtText('');
    const first = await show(chosen, undefined, NO_CHOICES, null);
    // Each branch name the list writes for a CLP branch ("Castle Hythe Ward") starts as that branch, for the user to check.
    if (first && kind === 'members') {
      const suggested = suggestedChoices(first, NO_CHOICES);
      if (Object.keys(suggested.branches).length > 0) {
        setChoices(suggested);
        await show(chosen, first.mapping, suggested, first.asAt);
      }
    }
  };

  const changeChoices = (next: WordChoices) => {
    setChoices(next);
    if (file && preview) void show(file, preview.mapping, next, asAt);
  };

  const cancel = () => {
    task.clearError();
    setFile(null);
    setPreview(null);
    setChoices(NO_CHOICES);
    setAsAtText('');
  };

  const start = async () => {
    if (!file || !preview) return;
    const extra = kind === 'members' ? { ...choiceInput(choices, asAt), ...(newBranches ? { createBranches } : {}) } : {};
    const job = await task.run(async () => importing.follow(await call('startImport', { kind, fileId: file.fileId, mapping: preview.mapping, ...extra })));
    if (!job) return;
    notify(job.message ?? 'Imported.');
    cancel();
  };

  const waiting = preview ? unchosen(preview, choices) : 0;
  const newBranches = preview !== null && preview.branches.some((b) => b.by === 'as-is');

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
                        void show(file, mapping, choices, asAt);
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
              {kind === 'members' ? (
                <div className="form-row">
                  <UkDateField
                    label="The list is as at"
                    value={asAtText}
                    onChange={(v) => {
                      setAsAtText(v);
                      const day = parseUkDate(v);
                      if (day && file) void show(file, preview.mapping, choices, day);
                    }}
                    error={asAtText !== '' && !asAt ? 'Write the date the list was exported, e.g. 01/05/2026.' : undefined}
                  />
                </div>
              ) : null}
              {preview.warnings.length > 0 ? (
                <ul className="import-warnings" aria-label="Check before importing">
                  {preview.warnings.map((w) => (
                    <li key={w}>{w}</li>
                  ))}
                </ul>
              ) : null}
              {kind === 'members' ? <ListWords preview={preview} choices={choices} branches={branches} onChange={changeChoices} /> : null}
              {newBranches && branches.length === 0 ? (
                <div className="field checkbox">
                  <input id="create-branches" type="checkbox" checked={createBranches} onChange={(e) => setCreateBranches(e.target.checked)} />
                  <label htmlFor="create-branches">Make these the CLP’s branches when the list is imported</label>
                </div>
              ) : null}
              <p className="big-figure">
                {preview.valid} of {preview.rows} rows can be imported
                {preview.held > 0 ? <span className="muted"> ({preview.held} more once the statuses and branches above are chosen)</span> : null}
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
              {waiting > 0 ? (
                <p className="field-error" role="status">
                  Choose how to read the {waiting} status{waiting === 1 ? '' : 'es'} or branch name{waiting === 1 ? '' : 's'} above before importing.
                </p>
              ) : null}
              {kind === 'members' && asAt === null ? <p className="field-error">Say the day the list is as at before importing.</p> : null}
            </>
          )}
          <div className="button-row">
            {preview.problems.length === 0 ? (
              <button type="button" className="primary" disabled={preview.valid === 0 || waiting > 0 || (kind === 'members' && asAt === null) || task.pending} onClick={() => void start()}>
                Import {preview.valid} {text.noun}
              </button>
            ) : null}
            <button type="button" onClick={cancel} disabled={importing.job !== null}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
    </section>
  );
}
