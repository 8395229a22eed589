import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import type { MeetingView } from '../../../shared/api';
import { EMPTY_RECORD, meetingProblems, type MeetingRecord } from '../../../shared/meetings';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { Field } from '../../components/Field';
import type { FieldErrors } from '../../use-form-errors';

interface RecordFormProps {
  meeting: MeetingView;
  submitLabel: string;
  /** A correction needs a reason. */
  askReason?: boolean;
  onSubmit: (record: MeetingRecord, reason: string) => Promise<unknown>;
  errors: FieldErrors;
  setErrors: (e: FieldErrors) => void;
  children?: ReactNode;
  /** Told the record as it stands on screen after every edit (so unsaved edits are never lost by closing). */
  onEdit?: (record: MeetingRecord) => void;
}

const num = (s: string) => (s.trim() === '' ? NaN : Number(s));

/** The meeting's record: who ran it, how the vote was taken, attendance and the votes. */
export function RecordForm({ meeting, submitLabel, askReason, onSubmit, errors, setErrors, children, onEdit }: RecordFormProps) {
  const start = meeting.record ?? EMPTY_RECORD;
  const [r, setR] = useState({
    ...start,
    attendanceText: String(start.attendance),
    eligibleText: String(start.eligibleAttendance),
    overridesText: String(start.overrides),
    votesText: { selection: String(start.votes.selection), reselect: String(start.votes.reselect), abstain: String(start.votes.abstain), spoilt: String(start.votes.spoilt) },
    windowText: { opens: start.voteWindow?.opens ?? '', closes: start.voteWindow?.closes ?? '' },
    retakeText: start.retake
      ? { selection: String(start.retake.selection), reselect: String(start.retake.reselect), abstain: String(start.retake.abstain), spoilt: String(start.retake.spoilt) }
      : null,
  });
  const [reason, setReason] = useState('');
  const desk = r.attendanceSource === 'desk';
  const record = (): MeetingRecord => ({
    time: r.time,
    venue: r.venue,
    chair: r.chair,
    secretary: r.secretary,
    others: r.others,
    voteMethod: r.voteMethod,
    notes: r.notes,
    attendanceSource: r.attendanceSource,
    attendance: desk ? meeting.deskFigures.attendance : num(r.attendanceText),
    eligibleAttendance: desk ? meeting.deskFigures.eligibleAttendance : num(r.eligibleText),
    overrides: desk ? meeting.deskFigures.overrides : num(r.overridesText),
    votes: { selection: num(r.votesText.selection), reselect: num(r.votesText.reselect), abstain: num(r.votesText.abstain), spoilt: num(r.votesText.spoilt) },
    retake: r.retakeText
      ? { selection: num(r.retakeText.selection), reselect: num(r.retakeText.reselect), abstain: num(r.retakeText.abstain), spoilt: num(r.retakeText.spoilt) }
      : null,
    voteWindow: r.voteMethod === 'electronic' && (r.windowText.opens !== '' || r.windowText.closes !== '') ? { opens: r.windowText.opens, closes: r.windowText.closes } : null,
  });
  // 2019 guidance: a tied vote is taken again; the retake is recorded beside the first count.
  const firstTied = r.votesText.selection.trim() !== '' && r.votesText.selection === r.votesText.reselect && num(r.votesText.selection) > 0;
  const askRetake = r.retakeText !== null || (meeting.tieProcedure === 'retake' && firstTied);
  useEffect(() => {
    onEdit?.(record());
    // eslint-disable-next-line react-hooks/exhaustive-deps -- told once per edit of the form's state
  }, [r]);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const rec = record();
    const found: FieldErrors = {};
    for (const p of meetingProblems(rec)) found[p.field] ??= p.message;
    if (askReason && reason.trim() === '') found.reason = 'Say why the record is being corrected: the reason is kept with both versions.';
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    await onSubmit(rec, reason);
  };
  const vote = (key: keyof typeof r.votesText, label: string) => (
    <Field label={label} error={errors[`votes.${key}`]}>
      {(p) => <input {...p} className="short" inputMode="numeric" value={r.votesText[key]} onChange={(e) => setR({ ...r, votesText: { ...r.votesText, [key]: e.target.value } })} />}
    </Field>
  );
  const retakeVote = (key: keyof typeof r.votesText, label: string) => (
    <Field label={label} error={errors[`retake.${key}`]}>
      {(p) => (
        <input
          {...p}
          className="short"
          inputMode="numeric"
          value={r.retakeText?.[key] ?? ''}
          onChange={(e) => setR({ ...r, retakeText: { ...(r.retakeText ?? { selection: '', reselect: '', abstain: '0', spoilt: '0' }), [key]: e.target.value } })}
        />
      )}
    </Field>
  );
  return (
    <form onSubmit={(e) => void submit(e)} noValidate className="record-form">
      <div className="form-row">
        <Field label="Time" error={errors.time} hint="HH:MM">
          {(p) => <input {...p} className="short" value={r.time} onChange={(e) => setR({ ...r, time: e.target.value })} />}
        </Field>
        <Field label="Venue" error={errors.venue}>
          {(p) => <input {...p} value={r.venue} onChange={(e) => setR({ ...r, venue: e.target.value })} />}
        </Field>
      </div>
      <div className="form-row">
        <Field label="Chair" error={errors.chair}>
          {(p) => <input {...p} value={r.chair} onChange={(e) => setR({ ...r, chair: e.target.value })} />}
        </Field>
        <Field label="Secretary or procedures secretary" error={errors.secretary}>
          {(p) => <input {...p} value={r.secretary} onChange={(e) => setR({ ...r, secretary: e.target.value })} />}
        </Field>
        <Field label="Who else ran it" error={errors.others}>
          {(p) => <input {...p} value={r.others} onChange={(e) => setR({ ...r, others: e.target.value })} />}
        </Field>
      </div>
      <fieldset className="checks">
        <legend>Attendance</legend>
        <label>
          <input type="radio" name="attendance-source" checked={desk} onChange={() => setR({ ...r, attendanceSource: 'desk' })} />{' '}
          {meeting.format === 'online' ? `From the participant report and the chair's decisions: ${meeting.deskFigures.attendance} present,` : `From the door desk: ${meeting.deskFigures.attendance} checked in,`}{' '}
          {meeting.deskFigures.eligibleAttendance} eligible, {meeting.deskFigures.overrides} on the chair's override
        </label>
        <label>
          <input type="radio" name="attendance-source" checked={!desk} onChange={() => setR({ ...r, attendanceSource: 'manual' })} /> Counted by hand (no door desk; marked so)
        </label>
      </fieldset>
      {!desk ? (
        <div className="form-row">
          <Field label="People present" error={errors.attendance}>
            {(p) => <input {...p} className="short" inputMode="numeric" value={r.attendanceText} onChange={(e) => setR({ ...r, attendanceText: e.target.value })} />}
          </Field>
          <Field label="Eligible members present" error={errors.eligibleAttendance}>
            {(p) => <input {...p} className="short" inputMode="numeric" value={r.eligibleText} onChange={(e) => setR({ ...r, eligibleText: e.target.value })} />}
          </Field>
          <Field label="Admitted on the chair's override" error={errors.overrides} hint="not eligible on the list">
            {(p) => <input {...p} className="short" inputMode="numeric" value={r.overridesText} onChange={(e) => setR({ ...r, overridesText: e.target.value })} />}
          </Field>
        </div>
      ) : (
        <ApiErrorNote error={errors.eligibleAttendance ?? errors.overrides} />
      )}
      <Field label="How the vote was taken" error={errors.voteMethod}>
        {(p) => (
          <select {...p} value={r.voteMethod} onChange={(e) => setR({ ...r, voteMethod: e.target.value as MeetingRecord['voteMethod'] })}>
            <option value="show-of-hands">Show of hands</option>
            <option value="paper-ballot">Paper ballot</option>
            <option value="electronic">Electronic (cast online, within a window)</option>
            <option value="other">Other</option>
          </select>
        )}
      </Field>
      {r.voteMethod === 'electronic' ? (
        <fieldset className="votes vote-window">
          <legend>When the electronic vote was open</legend>
          <div className="form-row">
            <Field label="Voting opened" error={errors['voteWindow.opens']} hint="date and time">
              {(p) => <input {...p} type="datetime-local" value={r.windowText.opens} onChange={(e) => setR({ ...r, windowText: { ...r.windowText, opens: e.target.value } })} />}
            </Field>
            <Field label="Voting closed" error={errors['voteWindow.closes']} hint="e.g. noon the day after the meeting">
              {(p) => <input {...p} type="datetime-local" value={r.windowText.closes} onChange={(e) => setR({ ...r, windowText: { ...r.windowText, closes: e.target.value } })} />}
            </Field>
          </div>
          <ApiErrorNote error={errors.voteWindow} />
        </fieldset>
      ) : null}
      <fieldset className="votes">
        <legend>The vote</legend>
        <div className="form-row">
          {vote('selection', 'For a selection')}
          {vote('reselect', 'To reselect the MP')}
          {vote('abstain', 'Abstentions')}
          {vote('spoilt', 'Spoilt')}
        </div>
        <ApiErrorNote error={errors.votes} />
      </fieldset>
      {askRetake ? (
        <fieldset className="votes retake" aria-describedby="retake-why">
          <legend>The retaken vote</legend>
          <p id="retake-why" className="hint">
            The vote was tied, so it is taken again at this meeting; both counts are kept. If the retake ties too, the branch expresses no preference (recorded as no vote,
            tied after the retake).
          </p>
          {r.retakeText ? (
            <div className="form-row">
              {retakeVote('selection', 'Retake: for a selection')}
              {retakeVote('reselect', 'Retake: to reselect the MP')}
              {retakeVote('abstain', 'Retake: abstentions')}
              {retakeVote('spoilt', 'Retake: spoilt')}
            </div>
          ) : (
            <button type="button" onClick={() => setR({ ...r, retakeText: { selection: '', reselect: '', abstain: '0', spoilt: '0' } })}>
              Record the retaken vote
            </button>
          )}
          {r.retakeText && !firstTied ? (
            <button type="button" onClick={() => setR({ ...r, retakeText: null })}>
              Clear the retake (the first vote was not tied)
            </button>
          ) : null}
          <ApiErrorNote error={errors.retake} />
        </fieldset>
      ) : null}
      <Field label="Notes" error={errors.notes}>
        {(p) => <textarea {...p} rows={3} value={r.notes} onChange={(e) => setR({ ...r, notes: e.target.value })} />}
      </Field>
      {askReason ? (
        <Field label="Reason for the correction" error={errors.reason}>
          {(p) => <input {...p} value={reason} onChange={(e) => setReason(e.target.value)} />}
        </Field>
      ) : null}
      <div className="actions-row">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
