import { useEffect, useState, type FormEvent } from 'react';
import type { MeetingSummary, MeetingView, TellerState } from '../../shared/api';
import { formatUkDate, parseUkDate } from '../../shared/dates';
import { ApiError, call } from '../api-client';
import { useAppStore } from '../app-store';
import { BranchSelect } from '../components/BranchSelect';
import { Field } from '../components/Field';
import { UkDateField } from '../components/UkDateField';
import { MeetingPage } from './meetings/MeetingPage';
import { resultLabel } from './Results';

function QuorumForm({ state }: { state: TellerState }) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const rule = state.ballot?.quorum ?? { kind: 'number' as const, value: 5 };
  const [kind, setKind] = useState(rule.kind);
  const [value, setValue] = useState(String(rule.value));
  const [error, setError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await change('saveQuorum', { rule: { kind, value: Number(value) } });
      notify('Quorum saved.');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <form className="form-row quorum-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field label="Quorum" error={error ?? undefined}>
        {(p) => <input {...p} className="short" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} />}
      </Field>
      <Field label="Counted as">
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value as 'number' | 'percent')}>
            <option value="number">eligible members present</option>
            <option value="percent">% of the branch's eligible members</option>
          </select>
        )}
      </Field>
      <button type="submit">Save quorum</button>
    </form>
  );
}

export function Meetings({ state }: { state: TellerState }) {
  const [meetings, setMeetings] = useState<MeetingSummary[]>([]);
  const [open, setOpen] = useState<MeetingView | null>(null);
  const [branchId, setBranchId] = useState(String(state.branches[0]?.id ?? ''));
  const [date, setDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void call('listMeetings', {}).then(setMeetings);
  }, [state.audit.head]);
  if (!state.ballot) {
    return (
      <section className="panel">
        <h2>No trigger ballot yet</h2>
        <p>
          Set up the ballot on the <a href="#/setup">Set-up</a> page first.
        </p>
      </section>
    );
  }
  if (open) return <MeetingPage meeting={open} setMeeting={setOpen} onBack={() => setOpen(null)} />;
  const schedule = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const iso = parseUkDate(date);
    if (!iso) return setError(`"${date}" is not a date Teller can read: type it as DD/MM/YYYY.`);
    try {
      setOpen(await call('scheduleMeeting', { branchId: Number(branchId), date: iso }));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : String(err));
    }
  };
  return (
    <div className="meetings">
      <section className="panel" aria-labelledby="meetings-title">
        <h2 id="meetings-title">Branch meetings</h2>
        <QuorumForm state={state} />
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">Branch</th>
              <th scope="col">Date</th>
              <th scope="col">State</th>
              <th scope="col">Result</th>
              <th scope="col">
                <span className="visually-hidden">Open</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {meetings.map((m) => (
              <tr key={m.id}>
                <td>{m.branch}</td>
                <td>{formatUkDate(m.date)}</td>
                <td>{m.state}</td>
                <td>{m.result ? resultLabel(m.result) : '—'}</td>
                <td>
                  <button type="button" onClick={() => void call('getMeeting', { meetingId: m.id }).then(setOpen)} aria-label={`Open the ${m.branch} meeting of ${formatUkDate(m.date)}`}>
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <form className="panel" onSubmit={(e) => void schedule(e)} aria-labelledby="schedule-title" noValidate>
        <h2 id="schedule-title">Record a meeting</h2>
        <div className="form-row">
          <BranchSelect label="Branch" branches={state.branches} value={branchId} onChange={setBranchId} />
          <UkDateField label="Date of the meeting" value={date} onChange={setDate} error={error ?? undefined} />
        </div>
        <button type="submit" className="primary">
          Record this meeting
        </button>
      </form>
    </div>
  );
}
