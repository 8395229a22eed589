import { useState, type FormEvent } from 'react';
import type { MeetingView, TellerState } from '../../shared/api';
import { formatUkDate, parseUkDate } from '../../shared/dates';
import { useAppStore } from '../app-store';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { BranchSelect } from '../components/BranchSelect';
import { Field } from '../components/Field';
import { UkDateField } from '../components/UkDateField';
import { useApiAction, useApiQuery, useApiTask } from '../use-api';
import { MeetingPage } from './meetings/MeetingPage';
import { resultLabel } from './Results';

function QuorumForm({ state }: { state: TellerState }) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const rule = state.ballot?.quorum ?? { kind: 'none' as const };
  const [kind, setKind] = useState(rule.kind);
  const [value, setValue] = useState(rule.kind === 'none' ? '' : String(rule.value));
  const saving = useApiTask();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next = kind === 'none' ? { kind } : { kind, value: value.trim() === '' ? NaN : Number(value) };
    if (await saving.run(() => change('saveQuorum', { rule: next }))) notify('Quorum saved.');
  };
  return (
    <form className="form-row quorum-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field label="Quorum rule" hint={kind === 'none' ? '2019 guidance: branch quorum rules do not apply to trigger-ballot meetings' : undefined}>
        {(p) => (
          <select {...p} value={kind} onChange={(e) => setKind(e.target.value as 'none' | 'number' | 'percent')}>
            <option value="none">No quorum</option>
            <option value="number">A number of members entitled to vote present (eligible and chair's overrides)</option>
            <option value="percent">A share (%) of the branch's eligible members</option>
          </select>
        )}
      </Field>
      {kind !== 'none' ? (
        <Field label={kind === 'number' ? 'Quorum' : 'Quorum (%)'} error={saving.error?.message}>
          {(p) => <input {...p} className="short" inputMode="numeric" value={value} onChange={(e) => setValue(e.target.value)} />}
        </Field>
      ) : null}
      <button type="submit">Save quorum</button>
    </form>
  );
}

export function Meetings({ state }: { state: TellerState }) {
  const meetings = useApiQuery('listMeetings', {});
  const [open, setOpen] = useState<MeetingView | null>(null);
  const [branchId, setBranchId] = useState(String(state.branches[0]?.id ?? ''));
  const [date, setDate] = useState('');
  const scheduling = useApiAction('scheduleMeeting');
  const opening = useApiAction('getMeeting');
  const show = (m: MeetingView | undefined) => m && setOpen(m);
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
    const iso = parseUkDate(date);
    if (!iso) return scheduling.fail(`"${date}" is not a date Teller can read: type it as DD/MM/YYYY.`);
    show(await scheduling.run({ branchId: Number(branchId), date: iso }));
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
            {(meetings.data ?? []).map((m) => (
              <tr key={m.id}>
                <td>{m.branch}</td>
                <td>{formatUkDate(m.date)}</td>
                <td>{m.state}</td>
                <td>{m.result ? resultLabel(m.result) : '—'}</td>
                <td>
                  <button type="button" onClick={() => void opening.run({ meetingId: m.id }).then(show)} aria-label={`Open the ${m.branch} meeting of ${formatUkDate(m.date)}`}>
                    Open
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ApiErrorNote error={meetings.error ?? opening.error} />
      </section>
      <form className="panel" onSubmit={(e) => void schedule(e)} aria-labelledby="schedule-title" noValidate>
        <h2 id="schedule-title">Record a meeting</h2>
        <div className="form-row">
          <BranchSelect label="Branch" branches={state.branches} value={branchId} onChange={setBranchId} />
          <UkDateField label="Date of the meeting" value={date} onChange={setDate} error={scheduling.error?.message} />
        </div>
        <button type="submit" className="primary">
          Record this meeting
        </button>
      </form>
    </div>
  );
}
