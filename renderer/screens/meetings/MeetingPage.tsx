import { useState } from 'react';
import type { MeetingView } from '../../../shared/api';
import { formatUkDate } from '../../../shared/dates';
import { formatUkTimestamp } from '../../../shared/time';
import { EMPTY_RECORD, quorumWords, resultWithReason, sameRecord, votesWords, type MeetingRecord } from '../../../shared/meetings';
import { call } from '../../api-client';
import { useAppStore } from '../../app-store';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { useApiTask } from '../../use-api';
import { useFormErrors } from '../../use-form-errors';
import { resultLabel } from '../Results';
import { OnlinePanel } from './OnlineMeeting';
import { AuditEntries } from '../AuditTrail';
import { CATEGORY_WORDS, STATUS_WORDS } from '../Complaints';
import { MinuteClp, MinuteSignatures } from './MinuteParts';
import { RecordForm } from './RecordForm';

const STATE_WORDS = { open: 'Open', closed: 'Closed', 'not-held': 'Not held', abandoned: 'Abandoned' } as const;
const METHOD_WORDS = { 'show-of-hands': 'show of hands', 'paper-ballot': 'paper ballot', electronic: 'electronic', other: 'other' } as const;

/** An electronic vote's window in words, e.g. "from 14 June 2026 21:00 to 15 June 2026 12:00". */
function windowWords(w: NonNullable<MeetingRecord['voteWindow']>): string {
  const at = (t: string) => `${formatUkDate(t.slice(0, 10))} ${t.slice(11, 16)}`;
  return `open from ${at(w.opens)} to ${at(w.closes)}`;
}

function RecordView({ record, figures, overrides, online }: { record: MeetingRecord; figures: MeetingView['versions'][number]['figures']; overrides: MeetingView['overrideAdmissions']; online: boolean }) {
  return (
    <dl className="record-view">
      <dt>Time and venue</dt>
      <dd>
        {record.time}, {record.venue || 'venue not recorded'}
      </dd>
      <dt>Chair</dt>
      <dd>{record.chair}</dd>
      <dt>Secretary</dt>
      <dd>{record.secretary || '—'}</dd>
      <dt>Also running it</dt>
      <dd>{record.others || '—'}</dd>
      <dt>Present</dt>
      <dd>
        {figures.attendance}: {figures.eligibleAttendance} eligible members and {figures.overrides} admitted on the chair's override
        {record.attendanceSource === 'manual' ? ' — counted by hand, no door desk' : online ? ' — from the participant report and the chair’s decisions' : ' — from the door desk'}
      </dd>
      {overrides.length > 0 ? (
        <>
          <dt>Admitted on the chair's override</dt>
          <dd>
            <ul className="override-list">
              {overrides.map((o, i) => (
                <li key={i}>
                  {formatUkTimestamp(o.at)}: not eligible because {o.reasons.join('; ') || 'not on the list'}; the chair's reason: {o.note ?? '—'}
                </li>
              ))}
            </ul>
          </dd>
        </>
      ) : null}
      <dt>Entitled to vote</dt>
      <dd>{figures.entitled ?? 'not known (no membership list)'}</dd>
      <dt>Quorum</dt>
      <dd>
        {quorumWords(figures)}
      </dd>
      <dt>The vote ({METHOD_WORDS[record.voteMethod]})</dt>
      <dd>
        {votesWords(record.votes)} ({figures.voting} voting){record.voteWindow ? `; voting ${windowWords(record.voteWindow)}` : ''}
      </dd>
      {record.retake ? (
        <>
          <dt>The retaken vote</dt>
          <dd>{votesWords(record.retake)}</dd>
        </>
      ) : null}
      <dt>Result</dt>
      <dd>
        <strong>{resultWithReason(resultLabel(figures.result), figures.noVoteReason)}</strong>
      </dd>
      {record.notes ? (
        <>
          <dt>Notes</dt>
          <dd>{record.notes}</dd>
        </>
      ) : null}
    </dl>
  );
}


/** What closing will freeze, shown in the close dialog. */
function ClosingFigures({ figures, votes, retake }: { figures: MeetingView['versions'][number]['figures']; votes: MeetingRecord['votes'] | null; retake: MeetingRecord['retake'] }) {
  return (
    <dl className="record-view closing-figures">
      <dt>Present</dt>
      <dd>
        {figures.attendance}: {figures.eligibleAttendance} eligible members and {figures.overrides} admitted on the chair's override
      </dd>
      <dt>Entitled to vote</dt>
      <dd>{figures.entitled ?? 'not known (no membership list)'}</dd>
      <dt>Quorum</dt>
      <dd>
        {quorumWords(figures)}
      </dd>
      {votes ? (
        <>
          <dt>The vote</dt>
          <dd>
            {votesWords(votes)} ({figures.voting} voting)
          </dd>
        </>
      ) : null}
      {retake ? (
        <>
          <dt>The retaken vote</dt>
          <dd>{votesWords(retake)}</dd>
        </>
      ) : null}
      <dt>Result</dt>
      <dd>
        <strong>{resultWithReason(resultLabel(figures.result), figures.noVoteReason)}</strong>
      </dd>
    </dl>
  );
}

function ReasonAction({ label, onSubmit }: { label: string; onSubmit: (reason: string) => Promise<void> }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const marking = useApiTask();
  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)}>
        {label}…
      </button>
    );
  }
  return (
    <form
      className="inline-form"
      onSubmit={(e) => {
        e.preventDefault();
        void marking.run(() => onSubmit(reason));
      }}
      noValidate
    >
      <Field label={`Why: ${label.toLowerCase()}`} error={marking.error?.message}>
        {(p) => <input {...p} autoFocus value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <button type="submit" className="danger">
        {label}
      </button>{' '}
      <button type="button" onClick={() => setOpen(false)}>
        Cancel
      </button>
    </form>
  );
}

export function MeetingPage({ meeting, setMeeting, onBack }: { meeting: MeetingView; setMeeting: (m: MeetingView) => void; onBack: () => void }) {
  const notify = useAppStore((s) => s.notify);
  const form = useFormErrors();
  const [confirmClose, setConfirmClose] = useState(false);
  const [correcting, setCorrecting] = useState(false);
  const [edited, setEdited] = useState<MeetingRecord | null>(null);
  const [closeError, setCloseError] = useState<string | null>(null);
  const unsaved = edited !== null && !sameRecord(edited, meeting.record ?? EMPTY_RECORD);
  const askToClose = () => {
    if (unsaved) return setCloseError('The record has changes that are not saved. Save the record (or undo the changes) before closing the meeting.');
    if (meeting.closing.problem) return setCloseError(meeting.closing.problem);
    setCloseError(null);
    setConfirmClose(true);
  };
  const latest = meeting.versions.at(-1);
  const clpName = useAppStore((s) => s.state?.clp?.name ?? 'Teller');
  /** Makes the change and shows the meeting as it now is; throws what the Api refused. */
  const apply = async (work: () => Promise<MeetingView>, done: string) => {
    setMeeting(await work());
    notify(done);
  };
  return (
    <div className="meeting-page">
      <div className="no-print">
        <button type="button" className="link" onClick={onBack}>
          ← All meetings
        </button>
      </div>
      <section className="panel" aria-labelledby="meeting-title">
        <MinuteClp />
        <h2 id="meeting-title">
          {meeting.branch} branch meeting, {formatUkDate(meeting.date)} — {STATE_WORDS[meeting.state]}
          {latest ? ` (version ${latest.version})` : ''}
        </h2>
        <p>
          {meeting.format === 'online' ? 'Online participants' : 'Door desk'}: {meeting.deskFigures.attendance} {meeting.format === 'online' ? 'present' : 'checked in'}, {meeting.deskFigures.eligibleAttendance} eligible, {meeting.deskFigures.refused} refused,{' '}
          {meeting.deskFigures.overrides} on the chair's override.{' '}
          {meeting.quorum.rule.kind === 'none' ? (
            'No quorum applies to this ballot.'
          ) : (
            <>
              Quorum: {meeting.quorum.required ?? '—'} members entitled to vote (eligible check-ins and the chair's overrides)
              {meeting.quorum.rule.kind === 'percent' ? ` (${meeting.quorum.rule.value}% of ${meeting.quorum.entitled ?? '?'} entitled)` : ''}.
            </>
          )}
        </p>
        <ApiErrorNote error={form.formError} />
        {!meeting.withdrawn && (meeting.state === 'open' || meeting.format === 'online') ? <OnlinePanel meeting={meeting} onChanged={setMeeting} /> : null}
        {meeting.withdrawn ? (
          <p>
            Withdrawn on {formatUkTimestamp(meeting.withdrawn.at)}: {meeting.withdrawn.reason}. It is kept in the record and the audit trail, but no longer listed.
          </p>
        ) : meeting.state === 'open' ? (
          <>
            <RecordForm
              onEdit={setEdited}
              meeting={meeting}
              submitLabel="Save the record"
              errors={form.errors}
              setErrors={form.setErrors}
              onSubmit={(record) => form.run(() => apply(() => call('saveMeetingDraft', { meetingId: meeting.id, record }), 'Meeting record saved.'))}
            />
            {/* Outside the record's form: a form inside a form is submitted by the browser itself, which the CSP blocks. */}
            <div className="actions-row meeting-actions">
              <button type="button" disabled={!meeting.record} onClick={askToClose} aria-describedby={closeError ? 'close-error' : undefined}>
                Close the meeting…
              </button>
              <ReasonAction label="Mark not held" onSubmit={(reason) => apply(() => call('markMeeting', { meetingId: meeting.id, state: 'not-held', reason }), 'Marked not held.')} />
              <ReasonAction label="Mark abandoned" onSubmit={(reason) => apply(() => call('markMeeting', { meetingId: meeting.id, state: 'abandoned', reason }), 'Marked abandoned.')} />
              <ReasonAction label="Withdraw the meeting" onSubmit={(reason) => apply(() => call('withdrawMeeting', { meetingId: meeting.id, reason }), 'Meeting withdrawn; it is kept in the record.')} />
            </div>
            {closeError ? (
              <p id="close-error" className="field-error" role="alert">
                {closeError}
              </p>
            ) : null}
          </>
        ) : latest?.record ? (
          <>
            <RecordView record={latest.record} figures={latest.figures} overrides={latest.record.attendanceSource === 'desk' ? meeting.overrideAdmissions : []} online={meeting.format === 'online'} />
            <MinuteSignatures chair={latest.record.chair} secretary={latest.record.secretary} />
            <div className="no-print actions-row">
              <button type="button" className="primary" onClick={() => window.print()}>
                Print the minute of the vote
              </button>
              {!correcting ? (
                <button type="button" onClick={() => setCorrecting(true)}>
                  Correct the record…
                </button>
              ) : null}
            </div>
            {correcting ? (
              <div className="no-print">
                <h3>Correction (a new version; the old one is kept)</h3>
                <RecordForm
                  meeting={meeting}
                  submitLabel="Save the correction"
                  askReason
                  errors={form.errors}
                  setErrors={form.setErrors}
                  onSubmit={(record, reason) =>
                    form.run(() => apply(() => call('correctMeeting', { meetingId: meeting.id, record, reason }), 'Correction saved as a new version.')).then((ok) => ok && setCorrecting(false))
                  }
                >
                  <button type="button" onClick={() => setCorrecting(false)}>
                    Cancel
                  </button>
                </RecordForm>
              </div>
            ) : null}
          </>
        ) : (
          <p>
            {STATE_WORDS[meeting.state]}: {latest?.reason}
          </p>
        )}
      </section>
      {meeting.versions.length > 0 ? (
        <section className="panel" aria-labelledby="versions">
          <h2 id="versions">Versions</h2>
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">Version</th>
                <th scope="col">When</th>
                <th scope="col">State</th>
                <th scope="col">Result</th>
                <th scope="col">Votes (selection / reselect / abstain / spoilt)</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {meeting.versions.map((v) => (
                <tr key={v.version}>
                  <td>{v.version}</td>
                  <td>{formatUkTimestamp(v.at)}</td>
                  <td>{v.state}</td>
                  <td>{resultWithReason(resultLabel(v.figures.result), v.figures.noVoteReason)}</td>
                  <td>
                    {v.record ? `${v.record.votes.selection} / ${v.record.votes.reselect} / ${v.record.votes.abstain} / ${v.record.votes.spoilt}` : '—'}
                    {v.record?.retake ? `; retaken ${v.record.retake.selection} / ${v.record.retake.reselect} / ${v.record.retake.abstain} / ${v.record.retake.spoilt}` : ''}
                  </td>
                  <td>{v.reason ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="meeting-complaints">
        <h2 id="meeting-complaints">Complaints about this meeting ({meeting.complaints.length})</h2>
        <ul>
          {meeting.complaints.map((c) => (
            <li key={c.id}>
              {c.reference} · received {formatUkDate(c.receivedOn)} · {CATEGORY_WORDS[c.category]} · {STATUS_WORDS[c.status]}: {c.summary}
            </li>
          ))}
        </ul>
      </section>
      <div className="no-print">
        <AuditEntries meetingId={meeting.id} clp={clpName} title="History" headingId="meeting-history" />
      </div>
      {confirmClose ? (
        <ConfirmDialog
          title="Close the meeting?"
          message="Closing freezes the record and who was entitled, present and voting, and sets the branch's result. Any change after this needs a reason and becomes a new version."
          confirmLabel="Close the meeting"
          onCancel={() => setConfirmClose(false)}
          onConfirm={() => {
            setConfirmClose(false);
            void form.run(() => apply(() => call('closeMeeting', { meetingId: meeting.id, ...(edited ? { record: edited } : {}) }), 'Meeting closed; the branch result is recorded.'));
          }}
        >
          {meeting.closing.figures ? <ClosingFigures figures={meeting.closing.figures} votes={meeting.record?.votes ?? null} retake={meeting.record?.retake ?? null} /> : null}
        </ConfirmDialog>
      ) : null}
    </div>
  );
}
