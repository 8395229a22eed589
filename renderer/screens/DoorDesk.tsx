import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import type { Desk, DeskMember, TellerState } from '../../shared/api';
import { formatUkDate, formatUkNumeric, parseUkDate } from '../../shared/dates';
import { formatUkClock, ukToday } from '../../shared/time';
import { call } from '../api-client';
import { ApiErrorNote } from '../components/ApiErrorNote';
import { BranchSelect } from '../components/BranchSelect';
import { Field } from '../components/Field';
import { UkDateField } from '../components/UkDateField';
import { DoorExceptions } from './door-desk/DoorExceptions';
import { asApiError, fieldError, useApiAction, useApiQuery, useApiTask } from '../use-api';

function OpenDesk({ state, onOpen }: { state: TellerState; onOpen: (d: Desk) => void }) {
  const [branchId, setBranchId] = useState(String(state.branches[0]?.id ?? ''));
  const [date, setDate] = useState(formatUkNumeric(ukToday()));
  const opening = useApiAction('openDoorDesk');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const iso = parseUkDate(date);
    if (!iso) return opening.fail(`"${date}" is not a date Teller can read: type it as DD/MM/YYYY.`, 'date');
    const desk = await opening.run({ branchId: Number(branchId), date: iso });
    if (desk) onOpen(desk);
  };
  return (
    <form className="panel" onSubmit={(e) => void submit(e)} aria-labelledby="open-desk" noValidate>
      <h2 id="open-desk">Open the door desk</h2>
      <div className="form-row">
        <BranchSelect label="Branch meeting" branches={state.branches} value={branchId} onChange={setBranchId} />
        <UkDateField label="Meeting date" value={date} onChange={setDate} error={fieldError(opening.error, 'date')} />
      </div>
      <ApiErrorNote error={opening.error} fields={['date']} />
      {opening.error?.info.code === 'no-meeting' ? (
        <p>
          The door desk never creates a meeting: record it on the <a href="#/meetings">Meetings</a> page, then open its desk here.
        </p>
      ) : null}
      <button type="submit" className="primary">
        Open the desk
      </button>
    </form>
  );
}

function Verdict({ member }: { member: DeskMember }) {
  const ok = member.verdict.eligible && !member.alreadyHere;
  return (
    <div className={`verdict-card ${ok ? 'eligible' : 'not-eligible'}`} role="status" aria-live="polite">
      <div className="verdict-word">{member.alreadyHere ? 'ALREADY CHECKED IN' : member.verdict.eligible ? 'ELIGIBLE' : 'NOT ELIGIBLE'}</div>
      <div className="verdict-name">{member.name}</div>
      <div className="verdict-details">
        {member.number} · {member.postcode} · {member.branch} branch · joined {formatUkDate(member.joinDate)}
      </div>
      {member.alreadyHere ? <p>Checked in at this meeting at {formatUkClock(member.alreadyHere)}. They cannot be counted twice.</p> : null}
      {member.verdict.reasons.length > 0 ? (
        <ul className="verdict-reasons">
          {member.verdict.reasons.map((r) => (
            <li key={r}>{r}</li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

const DESK_STATE_WORDS = { open: 'open', closed: 'closed', 'not-held': 'marked not held', abandoned: 'marked abandoned', withdrawn: 'withdrawn' } as const;

const OUTCOME_WORD = { admitted: 'Checked in', refused: 'Refused', override: 'Override', provisional: 'Provisional' } as const;

function Counts({ desk }: { desk: Desk }) {
  const c = desk.counts;
  return (
    <dl className="desk-counts">
      <div>
        <dt>Checked in</dt>
        <dd>{c.checkedIn}</dd>
      </div>
      <div>
        <dt>Eligible checked in</dt>
        <dd>{c.eligibleCheckedIn}</dd>
      </div>
      <div>
        <dt>Refused</dt>
        <dd>{c.refused}</dd>
      </div>
      <div>
        <dt>Overrides</dt>
        <dd>{c.overrides}</dd>
      </div>
      <div>
        <dt>Provisional</dt>
        <dd>{c.provisional}</dd>
      </div>
    </dl>
  );
}

type Mode = { kind: 'search' } | { kind: 'override'; member: DeskMember } | { kind: 'refuse'; member: DeskMember } | { kind: 'walk-in' };

function ReasonForm({ title, label, submitLabel, onSubmit, onCancel, required }: { title: string; label: string; submitLabel: string; onSubmit: (note: string) => Promise<void>; onCancel: () => void; required: boolean }) {
  const [note, setNote] = useState('');
  const saving = useApiTask();
  return (
    <form
      className="reason-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (required && note.trim() === '') return saving.fail('Write the reason: it is recorded and shown wherever this is counted.');
        void saving.run(() => onSubmit(note));
      }}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      noValidate
    >
      <h3>{title}</h3>
      <Field label={label} error={saving.error?.message}>
        {(p) => <textarea {...p} rows={2} autoFocus value={note} onChange={(e) => setNote(e.target.value)} />}
      </Field>
      <button type="submit" className="primary">
        {submitLabel}
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel (Esc)
      </button>
    </form>
  );
}

function WalkInForm({ onSubmit, onCancel }: { onSubmit: (v: { name: string; details: string; outcome: 'refused' | 'provisional'; note: string }) => Promise<void>; onCancel: () => void }) {
  const [name, setName] = useState('');
  const [details, setDetails] = useState('');
  const [outcome, setOutcome] = useState<'refused' | 'provisional'>('refused');
  const [note, setNote] = useState('');
  const saving = useApiTask();
  return (
    <form
      className="reason-form"
      onSubmit={(e) => {
        e.preventDefault();
        void saving.run(() => onSubmit({ name, details, outcome, note }));
      }}
      onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      noValidate
    >
      <h3>Someone not on the list</h3>
      <div className="form-row">
        <Field label="Name they gave">{(p) => <input {...p} autoFocus value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <Field label="Address or other details they gave">{(p) => <input {...p} value={details} onChange={(e) => setDetails(e.target.value)} />}</Field>
      </div>
      <fieldset className="checks">
        <legend>Outcome</legend>
        <label>
          <input type="radio" name="walk-in-outcome" checked={outcome === 'refused'} onChange={() => setOutcome('refused')} /> Refused
        </label>
        <label>
          <input type="radio" name="walk-in-outcome" checked={outcome === 'provisional'} onChange={() => setOutcome('provisional')} /> Provisional, on the chair's ruling
        </label>
      </fieldset>
      <Field label={outcome === 'provisional' ? "The chair's ruling" : 'Note (optional)'}>{(p) => <input {...p} value={note} onChange={(e) => setNote(e.target.value)} />}</Field>
      <ApiErrorNote error={saving.error} />
      <button type="submit" className="primary">
        Record
      </button>{' '}
      <button type="button" onClick={onCancel}>
        Cancel (Esc)
      </button>
    </form>
  );
}

function Desk({ desk, setDesk, onClose }: { desk: Desk; setDesk: (d: Desk) => void; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [selected, setSelected] = useState(0);
  const [mode, setMode] = useState<Mode>({ kind: 'search' });
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const meetingId = desk.meeting.id;
  const readOnly = desk.meeting.state !== 'open';
  // Searched again as the query changes and after each check-in (which may change who is already here).
  const found = useApiQuery('searchMembers', query ? { meetingId, query } : null);
  const results = query ? (found.data ?? []) : [];

  const search = (q: string) => {
    setQuery(q);
    setSelected(0);
  };

  const reset = (text: string, bad = false) => {
    setMessage({ text, bad });
    setMode({ kind: 'search' });
    search('');
    searchRef.current?.focus();
  };

  const record = async (member: DeskMember, outcome: 'admitted' | 'refused' | 'override', note: string | null) => {
    setDesk(await call('recordCheckin', { meetingId, memberId: member.id, outcome, note }));
    reset(`${member.name}: ${outcome === 'admitted' ? 'checked in' : outcome === 'override' ? "checked in on the chair's override" : 'refusal recorded'}.`);
  };
  const admit = (m: DeskMember) => record(m, 'admitted', null).catch((err: unknown) => setMessage({ text: asApiError(err).message, bad: true }));

  const member = results[selected];
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault();
      setSelected((s) => Math.min(s + 1, results.length - 1));
    } else if (e.key === 'ArrowUp') {
      e.preventDefault();
      setSelected((s) => Math.max(s - 1, 0));
    } else if (e.key === 'Escape') {
      search('');
    } else if (readOnly) {
      return;
    } else if (e.key === 'Enter' && member) {
      e.preventDefault();
      if (member.verdict.eligible && !member.alreadyHere) {
        void admit(member);
      } else {
        setMessage({ text: `${member.name} may not vote. Press Alt+R to record a refusal, or Alt+O for the chair's override.`, bad: true });
      }
    } else if ((e.key === 'r' || e.key === 'R') && e.altKey && member) {
      e.preventDefault();
      setMode({ kind: 'refuse', member });
    } else if ((e.key === 'o' || e.key === 'O') && e.altKey && member && !member.verdict.eligible) {
      e.preventDefault();
      setMode({ kind: 'override', member });
    }
  };

  useEffect(() => {
    searchRef.current?.focus();
  }, []);

  return (
    <div className="desk">
      <section className="panel desk-head" aria-labelledby="desk-title">
        <div>
          <h2 id="desk-title">
            Door desk: {desk.meeting.branch}, {formatUkDate(desk.meeting.date)}
          </h2>
          <p className="muted">{desk.snapshotSize} members on the list this ballot uses.</p>
          {readOnly ? (
            <p className="desk-message bad" role="status">
              This meeting was {DESK_STATE_WORDS[desk.meeting.state]}, so its door desk is read-only: you can look members up, but no one more can be checked in or refused.
            </p>
          ) : null}
        </div>
        <Counts desk={desk} />
        <button type="button" onClick={onClose}>
          Change meeting
        </button>
      </section>
      <div className="desk-main">
        <section className="panel" aria-labelledby="find-title">
          <h2 id="find-title">Find a member</h2>
          <label htmlFor="desk-search" className="visually-hidden">
            Name, membership number or postcode
          </label>
          <input
            id="desk-search"
            ref={searchRef}
            className="desk-search"
            placeholder="Name, membership number or postcode"
            autoComplete="off"
            spellCheck={false}
            value={query}
            disabled={mode.kind !== 'search'}
            onChange={(e) => search(e.target.value)}
            onKeyDown={onKey}
            aria-describedby="desk-keys"
            aria-controls="desk-results"
          />
          <p id="desk-keys" className="muted">
            ↑ ↓ choose · Enter check in · Alt+R refuse · Alt+O chair's override · Esc clear
          </p>
          {message ? <p className={message.bad ? 'desk-message bad' : 'desk-message'}>{message.text}</p> : null}
          <ul id="desk-results" className="desk-results" role="listbox" aria-label="Members found">
            {results.map((m, i) => (
              <li key={m.id} role="option" aria-selected={i === selected} className={i === selected ? 'selected' : undefined} onClick={() => setSelected(i)}>
                <span className={`dot ${m.verdict.eligible && !m.alreadyHere ? 'ok' : 'bad'}`} aria-hidden="true" />
                <strong>{m.name}</strong> <span className="muted">{m.number} · {m.postcode} · {m.branch}</span>
              </li>
            ))}
          </ul>
          <ApiErrorNote error={found.error} />
          {query && results.length === 0 ? <p>No member found. Check the spelling, try the postcode, or record someone not on the list.</p> : null}
          {readOnly ? null : (
            <button type="button" onClick={() => setMode({ kind: 'walk-in' })}>
              Someone not on the list…
            </button>
          )}
        </section>
        <section className="panel" aria-label="Verdict">
          {mode.kind === 'override' ? (
            <ReasonForm
              title={`Chair's override for ${mode.member.name}`}
              label="The chair's reason"
              submitLabel="Check in on override"
              required
              onSubmit={(note) => record(mode.member, 'override', note)}
              onCancel={() => setMode({ kind: 'search' })}
            />
          ) : mode.kind === 'refuse' ? (
            <ReasonForm
              title={`Refuse ${mode.member.name}`}
              label="Note (optional; the reasons above are recorded anyway)"
              submitLabel="Record refusal"
              required={false}
              onSubmit={(note) => record(mode.member, 'refused', note || null)}
              onCancel={() => setMode({ kind: 'search' })}
            />
          ) : mode.kind === 'walk-in' ? (
            <WalkInForm
              onSubmit={async (v) => {
                setDesk(await call('recordWalkIn', { meetingId, ...v }));
                reset(`${v.name}: ${v.outcome === 'refused' ? 'refusal' : 'provisional vote'} recorded.`);
              }}
              onCancel={() => setMode({ kind: 'search' })}
            />
          ) : member ? (
            <>
              <Verdict member={member} />
              {readOnly ? null : (
                <div className="verdict-actions">
                  {member.verdict.eligible && !member.alreadyHere ? (
                    <button type="button" className="primary big" onClick={() => void admit(member)}>
                      Check in (Enter)
                    </button>
                  ) : null}
                  <DoorExceptions
                    key={member.id}
                    member={member}
                    meetingId={meetingId}
                    onDone={(d, text) => {
                      setDesk(d);
                      reset(text);
                    }}
                  />
                  {!member.verdict.eligible && !member.alreadyHere ? (
                    <button type="button" className="big" onClick={() => setMode({ kind: 'override', member })}>
                      Chair's override… (Alt+O)
                    </button>
                  ) : null}
                  <button type="button" className="danger" onClick={() => setMode({ kind: 'refuse', member })}>
                    Refuse (Alt+R)
                  </button>
                </div>
              )}
            </>
          ) : (
            <p className="muted">Type a name, membership number or postcode. The verdict appears here.</p>
          )}
        </section>
      </div>
      <section className="panel" aria-labelledby="desk-log">
        <h2 id="desk-log">At this meeting</h2>
        {desk.entries.length === 0 ? <p>No one recorded yet.</p> : null}
        <table className="audit-table">
          <tbody>
            {desk.entries.map((e) => (
              <tr key={e.id}>
                <td>{formatUkClock(e.at)}</td>
                <td>
                  <strong>{OUTCOME_WORD[e.outcome]}</strong>
                </td>
                <td>
                  {e.name} {e.number ? <span className="muted">{e.number}</span> : null}
                </td>
                <td>{[...e.reasons, ...(e.note ? [`note: ${e.note}`] : [])].join('; ')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}

export function DoorDesk({ state }: { state: TellerState }) {
  const [desk, setDesk] = useState<Desk | null>(null);
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
  if (state.ballot.snapshotId === null) {
    return (
      <section className="panel">
        <h2>No membership list yet</h2>
        <p>
          Import the membership list as at the freeze date on the <a href="#/members">Members</a> page, then open the door desk.
        </p>
      </section>
    );
  }
  return desk ? <Desk desk={desk} setDesk={setDesk} onClose={() => setDesk(null)} /> : <OpenDesk state={state} onOpen={setDesk} />;
}
