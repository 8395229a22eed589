import { useState, type FormEvent } from 'react';
import type { Desk, MeetingSummary, TellerState } from '../../../shared/api';
import { formatUkDate, formatUkNumeric, parseUkDate } from '../../../shared/dates';
import { ukToday } from '../../../shared/time';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { BranchSelect } from '../../components/BranchSelect';
import { Field } from '../../components/Field';
import { UkDateField } from '../../components/UkDateField';
import { fieldError, useApiAction, useApiQuery } from '../../use-api';
import { defaultDeskDate } from './desk-date';
import { rememberedPerson, rememberPerson } from './desk-session';

/** Who is at the desk, asked before it opens and remembered for this session. */
export function PersonField({ value, onChange, error, autoFocus = false }: { value: string; onChange: (v: string) => void; error?: string | undefined; autoFocus?: boolean }) {
  return (
    <Field label="Who is at the desk" error={error} hint="Your name: the audit trail records it as who checked each person in or refused them.">
      {(p) => <input {...p} autoComplete="off" autoFocus={autoFocus} value={value} onChange={(e) => onChange(e.target.value)} />}
    </Field>
  );
}

export function checkPerson(name: string): string | null {
  const n = name.trim();
  if (n === '') return 'Write the name of who is at the desk: the audit trail records it.';
  if (n.length > 120) return 'The name of who is at the desk must be 120 characters or fewer.';
  return null;
}

export function OpenDesk({ state, onOpen }: { state: TellerState; onOpen: (d: Desk, person: string) => void }) {
  const ballot = state.ballot!;
  const meetings = useApiQuery('listMeetings', {});
  const open = (meetings.data ?? []).filter((m: MeetingSummary) => m.state === 'open');
  const today = ukToday();
  const [branchId, setBranchId] = useState(String(state.branches[0]?.id ?? ''));
  const [typedDate, setDate] = useState<string | null>(null);
  const [person, setPerson] = useState(rememberedPerson);
  const [personError, setPersonError] = useState<string | undefined>(undefined);
  const opening = useApiAction('openDoorDesk');
  const suggested = defaultDeskDate(
    today,
    ballot,
    open.filter((m) => String(m.branchId) === branchId).map((m) => m.date),
  );
  const date = typedDate ?? formatUkNumeric(suggested.date);

  const openMeeting = async (branch: number, iso: string) => {
    const problem = checkPerson(person);
    setPersonError(problem ?? undefined);
    if (problem) return;
    const desk = await opening.run({ branchId: branch, date: iso });
    if (desk) {
      rememberPerson(person);
      onOpen(desk, person.trim());
    }
  };
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const iso = parseUkDate(date);
    if (!iso) return opening.fail(`"${date}" is not a date Teller can read: type it as DD/MM/YYYY.`, 'date');
    await openMeeting(Number(branchId), iso);
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="open-desk" noValidate>
      <h2 id="open-desk">Open the door desk</h2>
      <div className="form-row">
        <PersonField value={person} onChange={setPerson} error={personError} autoFocus={person === ''} />
      </div>
      <div className="form-row">
        <BranchSelect
          label="Branch meeting"
          branches={state.branches}
          value={branchId}
          onChange={(v) => {
            setBranchId(v);
            setDate(null);
          }}
        />
        <UkDateField label="Meeting date" value={date} onChange={setDate} error={fieldError(opening.error, 'date')} />
      </div>
      {suggested.outside && typedDate === null ? (
        <p className="muted">
          Today ({formatUkDate(today)}) is outside the ballot&rsquo;s timetable ({formatUkDate(ballot.opensOn)} to {formatUkDate(ballot.closesOn)}): check the meeting date.
        </p>
      ) : null}
      <ApiErrorNote error={opening.error} fields={['date']} />
      {opening.error?.info.code === 'no-meeting' ? (
        <p>
          The door desk never creates a meeting: record it on the <a href="#/meetings">Meetings</a> page, then open its desk here.
        </p>
      ) : null}
      <button type="submit" className="primary">
        Open the desk
      </button>
      {open.length > 0 ? (
        <div className="desk-open-meetings">
          <h3>Meetings still open</h3>
          <ul>
            {open.map((m) => (
              <li key={m.id}>
                <button type="button" onClick={() => void openMeeting(m.branchId, m.date)}>
                  {m.branch}, {formatUkDate(m.date)}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </form>
  );
}
