import { useEffect, useRef, useState } from 'react';
import { FINAL_WORD } from '../../shared/api/signing';
import { formatUkDate } from '../../shared/dates';
import { call } from '../api-client';
import { useAppStore } from '../app-store';
import { download } from '../download';
import { hrefOf } from '../route-link';
import { fieldError, useApiQuery, useApiTask } from '../use-api';
import { ApiErrorNote } from './ApiErrorNote';
import { Field } from './Field';
import type { AnyReportEnvelope } from '../../shared/report/report-schema';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Export the signed report: the next revision, interim or final. A final one is confirmed against a checklist. */
export function ReportExport({ complaintsByStatus, resume = false }: { complaintsByStatus: Record<string, number>; resume?: boolean }) {
  const notify = useAppStore((s) => s.notify);
  const exporting = useApiTask();
  const checklist = useApiQuery('getReportChecklist', {});
  const [confirming, setConfirming] = useState(false);
  const [word, setWord] = useState('');
  const [reason, setReason] = useState('');
  const c = checklist.data;
  // Back from unlocking the signing key in Settings: the export is where the secretary left off.
  const title = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (!resume) return;
    title.current?.scrollIntoView({ block: 'start' });
    title.current?.focus();
  }, [resume]);
  const finalIssued = c?.finalRevision != null;

  const run = (status: 'interim' | 'final') =>
    exporting.run(async () => {
      const r = await call('exportReport', status === 'final' ? { status, confirm: word, ...(finalIssued ? { reason } : {}) } : { status });
      // Whatever happens next, the confirmation is spent: another final needs it typed again.
      setConfirming(false);
      setWord('');
      setReason('');
      download(r.fileName, r.json, 'application/json');
      // The same facts for people, with the JSON file's hash to tie the two together.
      const { reportPdf } = await import('../../shared/report/report-pdf'); // the PDF library loads only when needed
      const pdf = await reportPdf(JSON.parse(r.json) as AnyReportEnvelope, r.sha256, complaintsByStatus);
      download(r.fileName.replace(/\.teller\.json$/, '.pdf'), pdf, 'application/pdf');
      notify(`${status === 'final' ? 'Final' : 'Interim'} report, revision ${r.revision}, saved as ${r.fileName} and a PDF.`);
    });

  const openChecklist = () => {
    exporting.clearError();
    setWord('');
    setReason('');
    setConfirming(true);
  };
  const cancel = () => {
    exporting.clearError();
    setConfirming(false);
    setWord('');
    setReason('');
  };

  const unfinished = c ? c.pendingUnits.length + c.openMeetings.length + c.openComplaints + (c.ballotClosed ? 0 : 1) : 0;

  return (
    <section className="panel panel-wide" aria-labelledby="export-title">
      <h2 id="export-title" ref={title} tabIndex={-1}>
        Signed report
      </h2>
      <p>The report holds the results, figures and counts, never a member's identity. Each export is the next revision.</p>
      {finalIssued ? (
        <p>
          The final report was issued as revision {c.finalRevision}. No interim report can follow it; a corrected final report is a new revision and needs its reason.
        </p>
      ) : null}
      {!confirming ? (
        <div className="actions-row">
          {!finalIssued ? (
            <button type="button" onClick={() => void run('interim')}>
              Export an interim report
            </button>
          ) : null}
          <button type="button" className="primary" onClick={openChecklist}>
            {finalIssued ? 'Issue a corrected final report…' : 'Export the final report…'}
          </button>
        </div>
      ) : (
        <form
          className="final-checklist"
          aria-labelledby="final-title"
          onSubmit={(e) => {
            e.preventDefault();
            void run('final');
          }}
        >
          <h3 id="final-title">{finalIssued ? `Corrected final report (replaces revision ${c.finalRevision})` : 'Before the final report'}</h3>
          {c ? (
            unfinished === 0 ? (
              <p>Every unit has a result, every meeting is closed, no complaint is open and the ballot has closed.</p>
            ) : (
              <>
                <p>This is not finished yet. A final report is the last word: read this first.</p>
                <ul className="checklist">
                  {c.pendingUnits.length > 0 ? (
                    <li>
                      {plural(c.pendingUnits.length, 'unit has', 'units have')} no result and will count as no vote: {c.pendingUnits.map((u) => u.name).join('; ')}.
                    </li>
                  ) : null}
                  {c.openMeetings.length > 0 ? (
                    <li>
                      {plural(c.openMeetings.length, 'meeting is', 'meetings are')} still open: {c.openMeetings.map((m) => `${m.branch} (${formatUkDate(m.date)})`).join('; ')}.
                    </li>
                  ) : null}
                  {c.openComplaints > 0 ? <li>{plural(c.openComplaints, 'complaint is', 'complaints are')} not yet resolved or dismissed.</li> : null}
                  {!c.ballotClosed ? <li>The ballot does not close until {formatUkDate(c.closesOn)}.</li> : null}
                </ul>
              </>
            )
          ) : (
            <p>Checking what is unfinished…</p>
          )}
          {finalIssued ? (
            <Field label="Why is a corrected final report needed?" error={fieldError(exporting.error, 'reason')}>
              {(p) => <textarea {...p} value={reason} maxLength={1000} rows={2} onChange={(e) => setReason(e.target.value)} />}
            </Field>
          ) : null}
          <Field label={`Type ${FINAL_WORD} to confirm`} hint="In capitals. The report is signed and saved as soon as you confirm." error={fieldError(exporting.error, 'confirm')}>
            {(p) => <input {...p} value={word} autoComplete="off" spellCheck={false} maxLength={20} onChange={(e) => setWord(e.target.value)} />}
          </Field>
          <div className="actions-row">
            <button type="button" onClick={cancel}>
              Cancel
            </button>
            <button type="submit" className="primary" disabled={exporting.pending}>
              Sign and save the final report
            </button>
          </div>
        </form>
      )}
      <ApiErrorNote error={exporting.error} fields={confirming ? ['confirm', 'reason'] : []}>
        {exporting.error?.message.includes('Settings') ? <a href={hrefOf('settings', 'export')}>Go to Settings</a> : null}
      </ApiErrorNote>
    </section>
  );
}
