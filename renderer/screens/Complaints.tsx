import { useState, type FormEvent } from 'react';
import type { Complaint, MeetingSummary, TellerState } from '../../shared/api';
import { formatUkDate, formatUkNumeric, parseUkDate } from '../../shared/dates';
import { ukToday } from '../../shared/time';
import { call } from '../api-client';
import { useAppStore } from '../app-store';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { Field } from '../components/Field';
import { UkDateField } from '../components/UkDateField';
import { WordsSelect } from '../components/WordsSelect';
import { useApiAction, useApiQuery } from '../use-api';
import { useFormErrors } from '../use-form-errors';

export const CATEGORY_WORDS: Record<Complaint['category'], string> = {
  eligibility: 'Eligibility',
  impersonation: 'Impersonation',
  'electoral-register': 'Electoral register',
  procedure: 'Procedure',
  conduct: 'Conduct',
  other: 'Other',
};
export const STATUS_WORDS: Record<Complaint['status'], string> = { open: 'Open', referred: 'Referred to region', resolved: 'Resolved', dismissed: 'Dismissed' };

/** One form, quick to fill: what arrived, from whom, about what. */
function LogComplaint({ meetings }: { meetings: MeetingSummary[] }) {
  const notify = useAppStore((s) => s.notify);
  const [v, setV] = useState({ receivedOn: formatUkNumeric(ukToday()), complainant: '', contact: '', about: '', meetingId: '', category: 'procedure' as Complaint['category'], summary: '' });
  const form = useFormErrors();
  const errors = form.errors;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const receivedOn = parseUkDate(v.receivedOn);
    if (!receivedOn) return form.setErrors({ receivedOn: `"${v.receivedOn}" is not a date Teller can read: type it as DD/MM/YYYY.` });
    const meeting = meetings.find((m) => String(m.id) === v.meetingId);
    await form.run(async () => {
      await call('logComplaint', {
        receivedOn,
        complainant: v.complainant,
        contact: v.contact,
        about: v.about || (meeting ? `${meeting.branch} meeting, ${formatUkDate(meeting.date)}` : ''),
        meetingId: meeting ? meeting.id : null,
        category: v.category,
        summary: v.summary,
      });
      setV({ ...v, complainant: '', contact: '', about: '', meetingId: '', summary: '' });
      notify('Complaint logged.');
    });
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="log-complaint" noValidate>
      <h2 id="log-complaint">Log a complaint</h2>
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
        <Field label="About a meeting">
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
        {(p) => <textarea {...p} rows={2} value={v.summary} onChange={(e) => setV({ ...v, summary: e.target.value })} />}
      </Field>
      <ApiErrorNote error={form.formError} />
      <button type="submit" className="primary">
        Log complaint
      </button>
    </form>
  );
}

function ComplaintRow({ c }: { c: Complaint }) {
  const [status, setStatus] = useState(c.status);
  const [outcome, setOutcome] = useState(c.outcome ?? '');
  const [outcomeOn, setOutcomeOn] = useState(c.outcomeOn ? formatUkNumeric(c.outcomeOn) : '');
  const saving = useApiAction('updateComplaint');
  const save = async () => {
    const iso = outcomeOn.trim() ? parseUkDate(outcomeOn) : null;
    if (outcomeOn.trim() && !iso) return saving.fail(`"${outcomeOn}" is not a date Teller can read: type it as DD/MM/YYYY.`);
    await saving.run({ id: c.id, status, outcome, outcomeOn: iso });
  };
  return (
    <li className="complaint">
      <div>
        <strong>{CATEGORY_WORDS[c.category]}</strong> · received {formatUkDate(c.receivedOn)} · {c.about}
        {c.complainant ? ` · from ${c.complainant}` : ''}
      </div>
      <p>{c.summary}</p>
      <div className="form-row">
        <WordsSelect label="Status" value={status} words={STATUS_WORDS} onChange={(v) => v && setStatus(v)} />
        <Field label="Outcome">{(p) => <input {...p} value={outcome} onChange={(e) => setOutcome(e.target.value)} />}</Field>
        <UkDateField label="Outcome date" value={outcomeOn} onChange={setOutcomeOn} />
        <button type="button" onClick={() => void save()} aria-label={`Save complaint received ${formatUkDate(c.receivedOn)}`}>
          Save
        </button>
      </div>
      <ApiErrorNote error={saving.error} />
    </li>
  );
}

export function Complaints({ state }: { state: TellerState }) {
  const [status, setStatus] = useState<Complaint['status'] | ''>('');
  const [category, setCategory] = useState<Complaint['category'] | ''>('');
  const complaints = useApiQuery('listComplaints', { status: status || null, category: category || null });
  const meetings = useApiQuery('listMeetings', {});
  const list = complaints.data ?? [];
  return (
    <div className="complaints">
      <LogComplaint meetings={meetings.data ?? []} />
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
            <ComplaintRow key={`${c.id}-${c.status}`} c={c} />
          ))}
        </ul>
      </section>
    </div>
  );
}
