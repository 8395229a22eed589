import { useEffect, useState, type FormEvent } from 'react';
import type { Complaint, MeetingSummary, TellerState } from '../../shared/api';
import { formatUkDate, formatUkNumeric, parseUkDate } from '../../shared/dates';
import { ukToday } from '../../shared/time';
import { ApiError, call } from '../api-client';
import { useAppStore } from '../app-store';
import { Field } from '../components/Field';
import { UkDateField } from '../components/UkDateField';
import { WordsSelect } from '../components/WordsSelect';

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
function LogComplaint({ meetings, onLogged }: { meetings: MeetingSummary[]; onLogged: () => void }) {
  const notify = useAppStore((s) => s.notify);
  const load = useAppStore((s) => s.load);
  const [v, setV] = useState({ receivedOn: formatUkNumeric(ukToday()), complainant: '', contact: '', about: '', meetingId: '', category: 'procedure' as Complaint['category'], summary: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const receivedOn = parseUkDate(v.receivedOn);
    if (!receivedOn) return setErrors({ receivedOn: `"${v.receivedOn}" is not a date Teller can read: type it as DD/MM/YYYY.` });
    const meeting = meetings.find((m) => String(m.id) === v.meetingId);
    try {
      await call('logComplaint', {
        receivedOn,
        complainant: v.complainant,
        contact: v.contact,
        about: v.about || (meeting ? `${meeting.branch} meeting, ${formatUkDate(meeting.date)}` : ''),
        meetingId: meeting ? meeting.id : null,
        category: v.category,
        summary: v.summary,
      });
      setErrors({});
      setV({ ...v, complainant: '', contact: '', about: '', meetingId: '', summary: '' });
      notify('Complaint logged.');
      await load();
      onLogged();
    } catch (err) {
      setErrors(err instanceof ApiError ? { [err.info.field ?? 'form']: err.message } : { form: String(err) });
    }
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
      {errors.form ? (
        <p className="field-error" role="alert">
          {errors.form}
        </p>
      ) : null}
      <button type="submit" className="primary">
        Log complaint
      </button>
    </form>
  );
}

function ComplaintRow({ c, onSaved }: { c: Complaint; onSaved: () => void }) {
  const load = useAppStore((s) => s.load);
  const [status, setStatus] = useState(c.status);
  const [outcome, setOutcome] = useState(c.outcome ?? '');
  const [outcomeOn, setOutcomeOn] = useState(c.outcomeOn ? formatUkNumeric(c.outcomeOn) : '');
  const [error, setError] = useState<string | null>(null);
  const save = async () => {
    setError(null);
    const iso = outcomeOn.trim() ? parseUkDate(outcomeOn) : null;
    if (outcomeOn.trim() && !iso) return setError(`"${outcomeOn}" is not a date Teller can read: type it as DD/MM/YYYY.`);
    try {
      await call('updateComplaint', { id: c.id, status, outcome, outcomeOn: iso });
      await load();
      onSaved();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
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
      {error ? (
        <p className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </li>
  );
}

export function Complaints({ state }: { state: TellerState }) {
  const [list, setList] = useState<Complaint[]>([]);
  const [meetings, setMeetings] = useState<MeetingSummary[]>([]);
  const [status, setStatus] = useState<Complaint['status'] | ''>('');
  const [category, setCategory] = useState<Complaint['category'] | ''>('');
  const refresh = () => void call('listComplaints', { status: status || null, category: category || null }).then(setList);
  useEffect(refresh, [status, category, state.audit.head]);
  useEffect(() => void call('listMeetings', {}).then(setMeetings), [state.audit.head]);
  return (
    <div className="complaints">
      <LogComplaint meetings={meetings} onLogged={refresh} />
      <section className="panel" aria-labelledby="complaint-list">
        <h2 id="complaint-list">Complaints ({state.complaints.total})</h2>
        <div className="form-row">
          <WordsSelect label="Status" value={status} words={STATUS_WORDS} onChange={setStatus} any />
          <WordsSelect label="Category" value={category} words={CATEGORY_WORDS} onChange={setCategory} any />
        </div>
        {list.length === 0 ? <p>No complaints match.</p> : null}
        <ul className="items">
          {list.map((c) => (
            <ComplaintRow key={`${c.id}-${c.status}`} c={c} onSaved={refresh} />
          ))}
        </ul>
      </section>
    </div>
  );
}
