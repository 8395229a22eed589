import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Desk, DeskEntry, DeskMember, TellerState } from '../../shared/api';
import { formatUkDate } from '../../shared/dates';
import { formatUkClock } from '../../shared/time';
import { call, onApiEvent } from '../api-client';
import { asApiError } from '../use-api';
import { PersonForm, ReasonForm, UndoForm, Verdict, WalkInForm } from './door-desk/DeskForms';
import { rememberedMeeting, rememberedPerson, rememberMeeting, rememberPerson } from './door-desk/desk-session';
import { OpenDesk } from './door-desk/OpenDesk';
import { DoorExceptions } from './door-desk/DoorExceptions';

const DESK_STATE_WORDS = { open: 'open', closed: 'closed', 'not-held': 'marked not held', abandoned: 'marked abandoned', withdrawn: 'withdrawn' } as const;

const OUTCOME_WORD = { admitted: 'Checked in', refused: 'Refused', override: 'Override', provisional: 'Provisional' } as const;

/** How long typing must pause before a verdict is shown (the list follows every keystroke). */
const VERDICT_PAUSE_MS = 350;

function Counts({ desk }: { desk: Desk }) {
  const c = desk.counts;
  const cell = (label: string, n: number) => (
    <div>
      <dt>{label}</dt>
      <dd>{n}</dd>
    </div>
  );
  return (
    <dl className="desk-counts">
      {cell('Checked in', c.checkedIn)}
      {cell('Eligible checked in', c.eligibleCheckedIn)}
      {cell('Refused', c.refused)}
      {cell('Overrides', c.overrides)}
      {cell('Provisional', c.provisional)}
    </dl>
  );
}

/**
 * What the desk is doing: searching, or one of its small forms. Each form ends (recorded or
 * cancelled) back in 'search', which puts the focus in the search box. Further desk actions
 * (each a small component of its own) add a kind here and a button in VerdictActions.
 */
type Mode =
  | { kind: 'search' }
  | { kind: 'override'; member: DeskMember }
  | { kind: 'refuse'; member: DeskMember }
  | { kind: 'walk-in'; name: string }
  | { kind: 'undo'; checkinId: number; what: string }
  | { kind: 'person' };

interface Found {
  query: string;
  members: DeskMember[];
  more: number;
  error: string | null;
}

/** The buttons under a verdict; each has its key at the search box. */
function VerdictActions({ member, onAdmit, onOverride, onRefuse, onUndo }: { member: DeskMember; onAdmit: () => void; onOverride: () => void; onRefuse: () => void; onUndo: () => void }) {
  const here = member.alreadyHere !== null;
  return (
    <div className="verdict-actions">
      {member.verdict.eligible && !here ? (
        <button type="button" className="primary big" onClick={onAdmit}>
          Check in (Enter)
        </button>
      ) : null}
      {!member.verdict.eligible && !here ? (
        <button type="button" className="big" onClick={onOverride}>
          Chair&rsquo;s override… (Alt+O)
        </button>
      ) : null}
      {!here ? (
        <button type="button" className="danger" onClick={onRefuse}>
          Refuse (Alt+R)
        </button>
      ) : null}
      {here && member.checkinId !== null ? (
        <button type="button" onClick={onUndo}>
          Undo this check-in… (Alt+U)
        </button>
      ) : null}
    </div>
  );
}

function entryWords(e: DeskEntry): string {
  return `${OUTCOME_WORD[e.outcome].toLowerCase()}: ${e.name} (${formatUkClock(e.at)})`;
}

function DeskLog({ desk, readOnly, onUndo }: { desk: Desk; readOnly: boolean; onUndo: (e: DeskEntry) => void }) {
  return (
    <section className="panel desk-log" aria-labelledby="desk-log">
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
              <td>
                {readOnly ? null : (
                  <button type="button" className="small" onClick={() => onUndo(e)} aria-label={`Undo ${entryWords(e)}`}>
                    Undo…
                  </button>
                )}
              </td>
            </tr>
          ))}
          {desk.undone.map((u, i) => (
            <tr key={`undone-${i}`} className="undone">
              <td>{formatUkClock(u.at)}</td>
              <td>
                <strong>Undone</strong>
              </td>
              <td>{u.name ?? (u.outcome === 'admitted' || u.outcome === 'override' ? 'a member' : 'someone')}</td>
              <td colSpan={2}>
                {OUTCOME_WORD[u.outcome].toLowerCase()} undone by {u.by}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

function DeskView({ desk, setDesk, person, setPerson, onClose }: { desk: Desk; setDesk: (d: Desk) => void; person: string; setPerson: (p: string) => void; onClose: () => void }) {
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [refreshed, setRefreshed] = useState(0);
  const [settled, setSettled] = useState('');
  const [selected, setSelected] = useState(0);
  const [mode, setMode] = useState<Mode>(person ? { kind: 'search' } : { kind: 'person' });
  const [message, setMessage] = useState<{ text: string; bad: boolean } | null>(null);
  const [full, setFull] = useState(false);
  const searchRef = useRef<HTMLInputElement>(null);
  const meetingId = desk.meeting.id;
  const readOnly = desk.meeting.state !== 'open';

  // The list follows every keystroke; the verdict waits until typing pauses.
  useEffect(() => {
    if (query.trim() === '') return; // nothing is shown for an empty query
    let current = true;
    call('searchDesk', { meetingId, query }).then(
      (r) => current && setFound({ query, ...r, error: null }),
      (e: unknown) => current && setFound({ query, members: [], more: 0, error: asApiError(e).message }),
    );
    return () => {
      current = false;
    };
  }, [meetingId, query, refreshed]);
  useEffect(() => {
    const timer = window.setTimeout(() => setSettled(query), VERDICT_PAUSE_MS);
    return () => window.clearTimeout(timer);
  }, [query]);

  // Another window (or the meetings page) changed something: the counts and matches follow.
  useEffect(
    () =>
      onApiEvent((e) => {
        if (e.kind !== 'changed') return;
        setRefreshed((n) => n + 1);
        call('getDesk', { meetingId }).then(setDesk, () => undefined);
      }),
    [meetingId, setDesk],
  );

  // Every path ends in the search box: each form, recorded or cancelled, returns to 'search'.
  useEffect(() => {
    if (mode.kind === 'search') searchRef.current?.focus();
  }, [mode]);

  // Full window: the app's header and navigation make way for the desk.
  useEffect(() => {
    document.body.classList.toggle('desk-full-window', full);
    return () => document.body.classList.remove('desk-full-window');
  }, [full]);

  const toSearch = () => setMode({ kind: 'search' });
  const search = (q: string) => {
    setQuery(q);
    setSelected(0);
  };
  const reset = (text: string, bad = false) => {
    setMessage({ text, bad });
    search('');
    toSearch();
  };
  const fail = (err: unknown) => {
    setMessage({ text: asApiError(err).message, bad: true });
    toSearch();
  };

  const fresh = found?.query === query ? found : null;
  const shown = found?.members ?? [];
  const member = fresh?.members[selected];
  const showVerdict = settled === query && member !== undefined;

  /** The member chosen now, searching first if the matches have not caught up with the typing. */
  const chosen = async (): Promise<DeskMember | undefined> => {
    if (fresh) return member;
    if (query.trim() === '') return undefined;
    return (await call('searchDesk', { meetingId, query })).members[0];
  };

  const record = async (m: DeskMember, outcome: 'admitted' | 'refused' | 'override', note: string | null) => {
    setDesk(await call('recordCheckin', { meetingId, memberId: m.id, outcome, note, deskPerson: person }));
    reset(`${m.name}: ${outcome === 'admitted' ? 'checked in' : outcome === 'override' ? "checked in on the chair's override" : 'refusal recorded'}.`);
  };
  const admit = (m: DeskMember) => record(m, 'admitted', null).catch(fail);
  const undoMember = (m: DeskMember) => {
    if (m.checkinId !== null && m.alreadyHere) setMode({ kind: 'undo', checkinId: m.checkinId, what: `the check-in of ${m.name} at ${formatUkClock(m.alreadyHere)}` });
  };

  const enter = (m: DeskMember | undefined) => {
    setSettled(query);
    if (!m) {
      if (query.trim() !== '') setMessage({ text: 'No member found. Check the spelling, try the postcode, or press Alt+N to record someone not on the list.', bad: true });
      return;
    }
    if (m.alreadyHere) {
      setMessage({ text: `${m.name} was already checked in at ${formatUkClock(m.alreadyHere)} and cannot be counted twice. If that check-in was a mistake, press Alt+U to undo it.`, bad: true });
    } else if (m.verdict.eligible) {
      void admit(m);
    } else {
      setMessage({ text: `${m.name} may not vote. Press Alt+R to record a refusal, or Alt+O for the chair's override.`, bad: true });
    }
  };

  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    // By the key's place, not its character: Alt+R types ® on a Mac.
    const key = /^Key[A-Z]$/.test(e.code) ? e.code.slice(3).toLowerCase() : e.key.toLowerCase();
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const last = (fresh?.members.length ?? 1) - 1;
      setSelected((s) => (e.key === 'ArrowDown' ? Math.min(s + 1, last) : Math.max(s - 1, 0)));
      setSettled(query);
      return;
    }
    if (e.key === 'Escape') {
      e.preventDefault();
      if (query !== '') search('');
      else if (full) setFull(false);
      return;
    }
    if (readOnly) return;
    if (e.key === 'Enter') {
      e.preventDefault();
      void chosen().then(enter, fail);
      return;
    }
    if (!e.altKey || !['r', 'o', 'u', 'n'].includes(key)) return;
    e.preventDefault();
    if (key === 'n') {
      setMode({ kind: 'walk-in', name: query.trim() });
      return;
    }
    void chosen().then((m) => {
      if (!m) return;
      setSettled(query);
      if (key === 'r' && !m.alreadyHere) setMode({ kind: 'refuse', member: m });
      else if (key === 'o' && !m.verdict.eligible && !m.alreadyHere) setMode({ kind: 'override', member: m });
      else if (key === 'u') undoMember(m);
    }, fail);
  };

  const focusSearch = useCallback(() => searchRef.current?.focus(), []);
  const toggleFull = () => {
    setFull((f) => !f);
    toSearch();
  };

  return (
    <div className={`desk${full ? ' full-window' : ''}`}>
      <section className="panel desk-head" aria-labelledby="desk-title">
        <div className="desk-title-block">
          <h2 id="desk-title">
            Door desk: {desk.meeting.branch}, {formatUkDate(desk.meeting.date)}
          </h2>
          <p className="muted">
            <span className="desk-size">{desk.snapshotSize} members on the list · </span>At the desk: <strong>{person || 'nobody yet'}</strong>{' '}
            <button type="button" className="link-button" onClick={() => setMode({ kind: 'person' })}>
              Change who is at the desk
            </button>
          </p>
          <div className="desk-head-buttons">
            <button type="button" className="small" onClick={toggleFull} aria-pressed={full}>
              {full ? 'Leave full window (Esc)' : 'Full window'}
            </button>
            <button type="button" className="small" onClick={onClose}>
              Change meeting
            </button>
          </div>
          {readOnly ? (
            <p className="desk-message bad" role="status">
              This meeting was {DESK_STATE_WORDS[desk.meeting.state]}, so its door desk is read-only: you can look members up, but no one more can be checked in or refused.
            </p>
          ) : null}
        </div>
        <Counts desk={desk} />
      </section>
      <div className="desk-main">
        <section className="panel desk-find" aria-labelledby="find-title">
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
            maxLength={100}
            value={query}
            onChange={(e) => {
              search(e.target.value);
              setMessage(null);
            }}
            onKeyDown={onKey}
            aria-describedby="desk-keys"
            aria-controls="desk-results"
            aria-activedescendant={member ? `desk-match-${member.id}` : undefined}
          />
          <p id="desk-keys" className="muted desk-keys">
            ↑ ↓ choose · Enter check in · Alt+R refuse · Alt+O chair&rsquo;s override · Alt+U undo · Alt+N not on the list · Esc clear{full ? ', then leave full window' : ''}
          </p>
          <p className={message?.bad ? 'desk-message bad' : 'desk-message'} role="status">
            {message?.text ?? ''}
          </p>
          <ul id="desk-results" className="desk-results" role="listbox" aria-label="Members found">
            {query
              ? shown.map((m, i) => (
                  <li
                    key={m.id}
                    id={`desk-match-${m.id}`}
                    role="option"
                    aria-selected={fresh !== null && i === selected}
                    className={fresh !== null && i === selected ? 'selected' : undefined}
                    onClick={() => {
                      setSelected(i);
                      setSettled(query);
                      focusSearch();
                    }}
                  >
                    <span className={`dot ${m.verdict.eligible && !m.alreadyHere ? 'ok' : 'bad'}`} aria-hidden="true" />
                    <strong>{m.name}</strong> <span className="muted">{m.number} · {m.postcode} · {m.branch}</span>
                  </li>
                ))
              : null}
          </ul>
          {query && fresh && fresh.more > 0 ? (
            <p className="desk-more">
              {fresh.more} more — keep typing
            </p>
          ) : null}
          {fresh?.error ? (
            <p className="field-error" role="alert">
              {fresh.error}
            </p>
          ) : null}
          {query && fresh && fresh.members.length === 0 && !fresh.error ? <p>No member found. Check the spelling, try the postcode, or record someone not on the list.</p> : null}
          {readOnly ? null : (
            <button type="button" onClick={() => setMode({ kind: 'walk-in', name: query.trim() })}>
              Someone not on the list… (Alt+N)
            </button>
          )}
        </section>
        <section className="panel desk-verdict" aria-label="Verdict">
          {mode.kind === 'override' ? (
            <ReasonForm
              member={mode.member}
              title={`Chair's override for ${mode.member.name}`}
              label="The chair's reason"
              submitLabel="Check in on override"
              required
              onSubmit={(note) => record(mode.member, 'override', note)}
              onCancel={toSearch}
            />
          ) : mode.kind === 'refuse' ? (
            <ReasonForm
              member={mode.member}
              title={`Refuse ${mode.member.name}`}
              label="Note (optional; the reasons above are recorded anyway)"
              submitLabel="Record refusal"
              required={false}
              onSubmit={(note) => record(mode.member, 'refused', note || null)}
              onCancel={toSearch}
            />
          ) : mode.kind === 'walk-in' ? (
            <WalkInForm
              initialName={mode.name}
              onSubmit={async (v) => {
                setDesk(await call('recordWalkIn', { meetingId, ...v, deskPerson: person }));
                reset(`${v.name.trim()}: ${v.outcome === 'refused' ? 'refusal' : 'provisional vote'} recorded.`);
              }}
              onCancel={toSearch}
            />
          ) : mode.kind === 'undo' ? (
            <UndoForm
              what={mode.what}
              onSubmit={async (reason) => {
                setDesk(await call('undoCheckin', { meetingId, checkinId: mode.checkinId, reason, deskPerson: person }));
                reset(`Undone: ${mode.what}.`);
              }}
              onCancel={toSearch}
            />
          ) : mode.kind === 'person' ? (
            <PersonForm
              current={person}
              onSubmit={(name) => {
                setPerson(name);
                reset(`${name} is at the desk.`);
              }}
              onCancel={toSearch}
            />
          ) : showVerdict ? (
            <>
              <Verdict member={member} />
              {readOnly ? null : (
                <>
                <VerdictActions
                  member={member}
                  onAdmit={() => void admit(member)}
                  onOverride={() => setMode({ kind: 'override', member })}
                  onRefuse={() => setMode({ kind: 'refuse', member })}
                  onUndo={() => undoMember(member)}
                />
                <DoorExceptions
                  key={member.id}
                  member={member}
                  meetingId={meetingId}
                  person={person}
                  onDone={(d, text) => {
                    setDesk(d);
                    reset(text);
                  }}
                />
                </>
              )}
            </>
          ) : (
            <p className="muted">Type a name, membership number or postcode. The verdict appears here when you stop typing.</p>
          )}
        </section>
      </div>
      {full ? null : (
        <DeskLog
          desk={desk}
          readOnly={readOnly}
          onUndo={(e) => setMode({ kind: 'undo', checkinId: e.id, what: entryWords(e) })}
        />
      )}
    </div>
  );
}

/** The desk of the meeting opened in this session, if any (remembered per store across pages and reloads). */
function DeskScreen({ state }: { state: TellerState }) {
  const storePath = state.store.path;
  const [desk, setDesk] = useState<Desk | null>(null);
  const [person, setPerson] = useState(rememberedPerson);
  const [restoring, setRestoring] = useState(() => rememberedMeeting(storePath) !== null);
  useEffect(() => {
    const id = rememberedMeeting(storePath);
    if (id === null) return;
    let current = true;
    call('getDesk', { meetingId: id }).then(
      (d) => {
        if (!current) return;
        setDesk(d);
        setRestoring(false);
      },
      () => {
        if (!current) return;
        rememberMeeting(storePath, null);
        setRestoring(false);
      },
    );
    return () => {
      current = false;
    };
  }, [storePath]);

  if (restoring) return <p className="panel">Opening the door desk…</p>;
  if (!desk) {
    return (
      <OpenDesk
        state={state}
        onOpen={(d, who) => {
          rememberMeeting(storePath, d.meeting.id);
          setPerson(who);
          setDesk(d);
        }}
      />
    );
  }
  return (
    <DeskView
      desk={desk}
      setDesk={setDesk}
      person={person}
      setPerson={(p) => {
        rememberPerson(p);
        setPerson(p);
      }}
      onClose={() => {
        rememberMeeting(storePath, null);
        setDesk(null);
      }}
    />
  );
}

export function DoorDesk({ state }: { state: TellerState }) {
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
  return <DeskScreen state={state} />;
}
