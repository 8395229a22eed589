import { useState, type FormEvent } from 'react';
import type { ApiInput, Complaint, MeetingSummary, TellerState } from '../../shared/api';
import { formatUkDate, formatUkNumeric, parseUkDate } from '../../shared/dates';
import { ukToday } from '../../shared/time';
import { call } from '../api-client';
import { useAppStore } from '../app-store';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { Field } from '../components/Field';
import { UkDateField } from '../components/UkDateField';
import { WordsSelect } from '../components/WordsSelect';
import { fieldError, useApiAction, useApiQuery } from '../use-api';
import { useFormErrors, type FieldErrors } from '../use-form-errors';

export const CATEGORY_WORDS: Record<Complaint['category'], string> = {
  eligibility: 'Eligibility',
  impersonation: 'Impersonation',
  'electoral-register': 'Electoral register',
  procedure: 'Procedure',
  conduct: 'Conduct',
  other: 'Other',
};
export const STATUS_WORDS: Record<Complaint['status'], string> = { open: 'Open', referred: 'Referred to region', resolved: 'Resolved', dismissed: 'Dismissed' };

/** Text as typed, line breaks and all, never cut short. */
const WHOLE_TEXT = { whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' } as const;

interface Details {
  receivedOn: string;
  complainant: string;
  contact: string;
  about: string;
  meetingId: string;
  category: Complaint['category'];
  summary: string;
}

const FIELDS = ['receivedOn', 'complainant', 'contact', 'about', 'meetingId', 'category', 'summary', 'reason'] as const;

/** The details of a complaint as the Api takes them, or the field errors found before asking it. */
function detailsInput(v: Details, meetings: MeetingSummary[]): { errors: FieldErrors } | { input: ApiInput<'logComplaint'> } {
  const receivedOn = parseUkDate(v.receivedOn);
  if (!receivedOn) return { errors: { receivedOn: `"${v.receivedOn}" is not a date Teller can read: type it as DD/MM/YYYY.` } };
  const meeting = meetings.find((m) => String(m.id) === v.meetingId);
  return {
    input: {
      receivedOn,
      complainant: v.complainant,
      contact: v.contact,
      about: v.about || (meeting ? `${meeting.branch} meeting, ${formatUkDate(meeting.date)}` : ''),
      meetingId: meeting ? meeting.id : null,
      category: v.category,
      summary: v.summary,
    },
  };
}

/** What arrived, from whom, about what: the same fields to log a complaint and to correct one. */
function DetailsFields({ v, setV, errors, meetings }: { v: Details; setV: (v: Details) => void; errors: FieldErrors; meetings: MeetingSummary[] }) {
  return (
    <>
      <div className="form-row">
        <UkDateField label="Received" value={v.receivedOn} onChange={(receivedOn) => setV({ ...v, receivedOn })} error={errors.receivedOn} />
        <Field label="From (name)" error={errors.complainant}>
          {(p) => <input {...p} value={v.complainant} onChange={(e) => setV({ ...v, complainant: e.target.value })} />}
        </Field>
        <Field label="Contact" error={errors.contact}>
          {(p) => <input {...p} value={v.contact} onChange={(e) => setV({ ...v, contact: e.target.value })} />}
        </Field>
      </div>
      <div className="form-row">
        <Field label="About a meeting" error={errors.meetingId}>
          {(p) => (
            <select {...p} value={v.meetingId} onChange={(e) => setV({ ...v, meetingId: e.target.value })}>
              <option value="">Not a meeting (a unit or the process)</option>
              {meetings.map((m) => (
                <option key={m.id} value={m.id}>
                  {m.branch}, {formatUkDate(m.date)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Or about (unit, process…)" error={errors.about}>
          {(p) => <input {...p} value={v.about} onChange={(e) => setV({ ...v, about: e.target.value })} />}
        </Field>
        <WordsSelect label="Category" value={v.category} words={CATEGORY_WORDS} onChange={(c) => c && setV({ ...v, category: c })} />
      </div>
      <Field label="Summary" error={errors.summary}>
        {(p) => <textarea {...p} rows={3} value={v.summary} onChange={(e) => setV({ ...v, summary: e.target.value })} />}
      </Field>
    </>
  );
}

/** One form, quick to fill: what arrived, from whom, about what. */
function LogComplaint({ meetings }: { meetings: MeetingSummary[] }) {
  const notify = useAppStore((s) => s.notify);
  const [v, setV] = useState<Details>({ receivedOn: formatUkNumeric(ukToday()), complainant: '', contact: '', about: '', meetingId: '', category: 'procedure', summary: '' });
  const [logged, setLogged] = useState<string | null>(null);
  const form = useFormErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setLogged(null);
    const details = detailsInput(v, meetings);
    if ('errors' in details) return form.setErrors(details.errors);
    await form.run(async () => {
      const c = await call('logComplaint', details.input);
      setV({ ...v, complainant: '', contact: '', about: '', meetingId: '', summary: '' });
      setLogged(`Complaint ${c.reference} logged: quote ${c.reference} when you reply.`);
      notify(`Complaint ${c.reference} logged.`);
    });
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="log-complaint" noValidate>
      <h2 id="log-complaint">Log a complaint</h2>
      <DetailsFields v={v} setV={setV} errors={form.errors} meetings={meetings} />
      <ApiErrorNote error={form.formError} />
      <button type="submit" className="primary">
        Log complaint
      </button>
      <p role="status" className="verdict-inline ok">
        {logged}
      </p>
    </form>
  );
}

/** Corrects what was logged (the wrong meeting, say), with the reason the audit trail keeps. */
function EditComplaint({ c, meetings, onDone }: { c: Complaint; meetings: MeetingSummary[]; onDone: (message: string | null) => void }) {
  const [v, setV] = useState<Details>({
    receivedOn: formatUkNumeric(c.receivedOn),
    complainant: c.complainant ?? '',
    contact: c.contact ?? '',
    about: c.meetingId !== null && meetings.some((m) => m.id === c.meetingId && c.about === `${m.branch} meeting, ${formatUkDate(m.date)}`) ? '' : c.about,
    meetingId: c.meetingId === null ? '' : String(c.meetingId),
    category: c.category,
    summary: c.summary,
  });
  const [reason, setReason] = useState('');
  const form = useFormErrors();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const details = detailsInput(v, meetings);
    if ('errors' in details) return form.setErrors(details.errors);
    const ok = await form.run(() => call('editComplaint', { id: c.id, ...details.input, reason }));
    if (ok) onDone(`Complaint ${c.reference} corrected; the change and its reason are in the audit trail.`);
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-label={`Correct complaint ${c.reference}`} noValidate>
      <DetailsFields v={v} setV={setV} errors={form.errors} meetings={meetings} />
      <Field label="Why it is being corrected" error={form.errors.reason}>
        {(p) => <textarea {...p} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <ApiErrorNote error={form.formError} fields={FIELDS} />
      <div className="form-row">
        <button type="submit" className="primary">
          Save the correction
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}

function ComplaintRow({ c, meetings }: { c: Complaint; meetings: MeetingSummary[] }) {
  const [status, setStatus] = useState(c.status);
  const [outcome, setOutcome] = useState(c.outcome ?? '');
  const [outcomeOn, setOutcomeOn] = useState(c.outcomeOn ? formatUkNumeric(c.outcomeOn) : '');
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  const saving = useApiAction('updateComplaint');
  const save = async () => {
    setSaved(null);
    const iso = outcomeOn.trim() ? parseUkDate(outcomeOn) : null;
    if (outcomeOn.trim() && !iso) return saving.fail(`"${outcomeOn}" is not a date Teller can read: type it as DD/MM/YYYY.`, 'outcomeOn');
    const done = await saving.run({ id: c.id, status, outcome, outcomeOn: iso });
    if (done) setSaved(`Complaint ${done.reference} saved: ${STATUS_WORDS[done.status].toLowerCase()}${done.outcomeOn ? ` on ${formatUkDate(done.outcomeOn)}` : ''}.`);
  };
  return (
    <li className="complaint" aria-labelledby={`complaint-${c.id}`}>
      <div id={`complaint-${c.id}`}>
        <strong>{c.reference}</strong> · {CATEGORY_WORDS[c.category]} · received {formatUkDate(c.receivedOn)} · {c.about}
        {c.complainant ? ` · from ${c.complainant}` : ''}
      </div>
      <p style={WHOLE_TEXT}>{c.summary}</p>
      {editing ? (
        <EditComplaint
          c={c}
          meetings={meetings}
          onDone={(message) => {
            setEditing(false);
            setSaved(message);
          }}
        />
      ) : (
        <>
          <div className="form-row">
            <WordsSelect label="Status" value={status} words={STATUS_WORDS} onChange={(v) => v && setStatus(v)} />
            <UkDateField label="Outcome date" value={outcomeOn} onChange={setOutcomeOn} error={fieldError(saving.error, 'outcomeOn')} />
          </div>
          <Field label="Outcome" error={fieldError(saving.error, 'outcome')}>
            {(p) => <textarea {...p} rows={Math.min(12, Math.max(3, outcome.split('\n').length + 1))} style={WHOLE_TEXT} value={outcome} onChange={(e) => setOutcome(e.target.value)} />}
          </Field>
          <ApiErrorNote error={saving.error} fields={['outcomeOn', 'outcome']} />
          <div className="form-row">
            <button type="button" onClick={() => void save()} aria-label={`Save complaint ${c.reference}`}>
              Save
            </button>
            <button type="button" onClick={() => (setSaved(null), setEditing(true))}>
              Correct complaint {c.reference}…
            </button>
          </div>
        </>
      )}
      <p role="status" className="verdict-inline ok">
        {saved}
      </p>
    </li>
  );
}

export function Complaints({ state }: { state: TellerState }) {
  const [status, setStatus] = useState<Complaint['status'] | ''>('');
  const [category, setCategory] = useState<Complaint['category'] | ''>('');
  const complaints = useApiQuery('listComplaints', { status: status || null, category: category || null });
  const meetingsQuery = useApiQuery('listMeetings', {});
  const meetings = meetingsQuery.data ?? [];
  const list = complaints.data ?? [];
  return (
    <div className="complaints">
      <LogComplaint meetings={meetings} />
      <section className="panel" aria-labelledby="complaint-list">
        <h2 id="complaint-list">Complaints ({state.complaints.total})</h2>
        <div className="form-row">
          <WordsSelect label="Status" value={status} words={STATUS_WORDS} onChange={setStatus} any />
          <WordsSelect label="Category" value={category} words={CATEGORY_WORDS} onChange={setCategory} any />
        </div>
        <ApiErrorNote error={complaints.error} />
        {list.length === 0 ? <p>No complaints match.</p> : null}
        <ul className="items">
          {list.map((c) => (
            <ComplaintRow key={c.id} c={c} meetings={meetings} />
          ))}
        </ul>
      </section>
    </div>
  );
}
