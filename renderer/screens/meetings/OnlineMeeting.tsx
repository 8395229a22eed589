import { Fragment, useState } from 'react';
import type { DeskMember, MeetingView, OnlineMeeting as Online, OnlineParticipant } from '../../../shared/api';
import { call, chooseFile } from '../../api-client';
import { useAppStore } from '../../app-store';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { Field } from '../../components/Field';
import { useApiQuery, useApiTask } from '../../use-api';

/*
 * An online meeting (Zoom or Teams): the platform's participant report stands in for the door
 * desk. The chair, by name, imports it and decides each doubtful participant; each decision is
 * recorded in the audit trail under the chair's name.
 */

const PLATFORM = { zoom: 'Zoom', teams: 'Microsoft Teams' } as const;

const clock = (t: string) => t.slice(11, 16);

function matchWords(p: OnlineParticipant): string {
  const m = p.member;
  switch (p.match) {
    case 'email':
    case 'name':
      return m ? `${m.name} (${m.number}), by ${p.match}` : 'a member no longer on the list';
    case 'same-member':
      return m ? `${m.name} (${m.number}) is already counted: another device?` : 'a member already counted';
    case 'ambiguous':
      return `${p.candidates.length} members fit: ${p.candidates.map((c) => `${c.name} (${c.number})`).join(', ')}`;
    case 'none':
      return 'No member matches';
  }
}

function decisionWords(p: OnlineParticipant): string {
  const d = p.decision;
  if (!d) return p.needsDecision ? 'To decide' : '—';
  const what = d.kind === 'admit' ? `Admitted as ${d.member ? `${d.member.name} (${d.member.number})` : 'a member'}` : d.kind === 'not-member' ? 'Not a member' : 'A second device (not counted again)';
  return `${what}, decided by ${d.by}`;
}

function countedWords(p: OnlineParticipant): string {
  if (p.counted === 'admitted') return 'Present, eligible';
  if (p.counted === 'refused') return p.member && !p.member.eligible && p.decision?.kind !== 'not-member' ? `Not counted: may not vote (${p.member.reasons.join('; ')})` : 'Not counted: not a member';
  return p.decision?.kind === 'duplicate' ? 'Not counted again' : 'Not counted';
}

/** The chair's choices for one participant: a candidate or a member found by search, not a member, or a second device. */
function Decide({ meetingId, p, chair, onDone }: { meetingId: number; p: OnlineParticipant; chair: string; onDone: (o: Online) => void }) {
  const [query, setQuery] = useState('');
  const found = useApiQuery('searchMembers', query.trim().length >= 2 ? { meetingId, query } : null);
  const task = useApiTask();
  const decide = (decision: 'admit' | 'not-member' | 'duplicate', memberId?: number) =>
    void task.run(async () => onDone(await call('decideParticipant', { meetingId, participantId: p.id, decision, chairPerson: chair, ...(memberId === undefined ? {} : { memberId }) })));
  const choices: { id: number; label: string }[] = [
    ...(p.member && p.match !== 'same-member' ? [{ id: p.member.id, label: `${p.member.name} (${p.member.number})` }] : []),
    ...p.candidates.map((c) => ({ id: c.id, label: `${c.name} (${c.number}, ${c.branch})` })),
    ...(found.data ?? []).slice(0, 5).map((m: DeskMember) => ({ id: m.id, label: `${m.name} (${m.number}, ${m.branch})` })),
  ];
  return (
    <div className="decide" role="group" aria-label={`Decide on ${p.name}`}>
      <div className="actions-row">
        {choices.map((c) => (
          <button type="button" key={c.id} onClick={() => decide('admit', c.id)}>
            Admit as {c.label}
          </button>
        ))}
        <button type="button" onClick={() => decide('not-member')}>
          Not a member
        </button>
        <button type="button" onClick={() => decide('duplicate')}>
          Second device (not counted again)
        </button>
      </div>
      <Field label={`Find the member ${p.name} is`} hint="name, membership number or postcode">
        {(f) => <input {...f} value={query} onChange={(e) => setQuery(e.target.value)} />}
      </Field>
      <ApiErrorNote error={task.error ?? found.error} />
    </div>
  );
}

/** How the meeting is held, and for an online one the participants, their matches and the chair's decisions. */
export function OnlinePanel({ meeting, onChanged }: { meeting: MeetingView; onChanged: (m: MeetingView) => void }) {
  const notify = useAppStore((s) => s.notify);
  const online = useApiQuery('getOnlineMeeting', { meetingId: meeting.id });
  const [view, setView] = useState<Online | null>(null);
  const [chair, setChair] = useState(meeting.record?.chair ?? '');
  const [deciding, setDeciding] = useState<number | null>(null);
  const [chairError, setChairError] = useState<string | undefined>(undefined);
  const task = useApiTask();
  const data = view ?? online.data;
  const open = meeting.state === 'open' && !meeting.withdrawn;
  const refreshMeeting = async (o: Online) => {
    setView(o);
    setDeciding(null);
    onChanged(await call('getMeeting', { meetingId: meeting.id }));
  };
  const needChair = (): boolean => {
    if (chair.trim() !== '') return true;
    setChairError('Write the name of the chair deciding: the audit trail records it with each decision.');
    return false;
  };
  const setFormat = (format: 'in-person' | 'online') =>
    void task.run(async () => {
      onChanged(await call('setMeetingFormat', { meetingId: meeting.id, format }));
      setView(await call('getOnlineMeeting', { meetingId: meeting.id }));
      notify(format === 'online' ? 'This meeting is held online.' : 'This meeting is held in person.');
    });
  const importReport = () => {
    if (!needChair()) return;
    void task.run(async () => {
      const chosen = await chooseFile();
      if (!chosen) return;
      await refreshMeeting(await call('importParticipants', { meetingId: meeting.id, fileId: chosen.fileId, chairPerson: chair.trim() }));
      notify('Participant report imported.');
    });
  };
  const format = data?.format ?? meeting.format;
  return (
    <section className="online-panel no-print" aria-labelledby="online-title">
      <h3 id="online-title">How the meeting is held</h3>
      {open ? (
        <fieldset className="checks">
          <legend className="visually-hidden">How the meeting is held</legend>
          <label>
            <input type="radio" name="meeting-format" checked={format === 'in-person'} onChange={() => setFormat('in-person')} /> In person (the door desk counts who is there)
          </label>
          <label>
            <input type="radio" name="meeting-format" checked={format === 'online'} onChange={() => setFormat('online')} /> Held online (Zoom or Teams: the participant report counts who was there)
          </label>
        </fieldset>
      ) : (
        <p>{format === 'online' ? 'Held online.' : 'Held in person.'}</p>
      )}
      {format === 'online' && data ? (
        <>
          {open ? (
            <div className="form-row">
              <Field label="Chair deciding" error={chairError} hint="The chair's name: recorded with the import and each decision.">
                {(p) => (
                  <input
                    {...p}
                    value={chair}
                    onChange={(e) => {
                      setChair(e.target.value);
                      setChairError(undefined);
                    }}
                  />
                )}
              </Field>
            </div>
          ) : null}
          {data.report ? (
            <p>
              {PLATFORM[data.report.platform]} participant report ({data.report.fileName}), {data.report.rows} rows: {data.counts.participants} participants, {data.counts.admitted} counted present
              and eligible, {data.counts.refused} not counted (not members, or may not vote), {data.counts.duplicates} second devices, <strong>{data.counts.undecided} to decide</strong>.
            </p>
          ) : open ? (
            <div className="actions-row">
              <button type="button" className="primary" onClick={importReport}>
                Import the participant report…
              </button>
              <span className="hint">Zoom: Reports → Usage → Participants, exported as CSV. Teams: the meeting's Attendance → Download.</span>
            </div>
          ) : (
            <p>No participant report was imported.</p>
          )}
          {data.participants.length > 0 ? (
            <div className="table-scroll">
              <table className="audit-table participants-table">
                <caption className="visually-hidden">Participants of the online meeting</caption>
                <thead>
                  <tr>
                    <th scope="col">Participant</th>
                    <th scope="col">In the meeting</th>
                    <th scope="col">Matched</th>
                    <th scope="col">Counted</th>
                    <th scope="col">Chair's decision</th>
                  </tr>
                </thead>
                <tbody>
                  {data.participants.map((p) => (
                    <Fragment key={p.id}>
                    <tr className={p.needsDecision ? 'needs-decision' : undefined}>
                      <th scope="row">
                        {p.name}
                        {p.originalName ? <span className="hint"> (was {p.originalName})</span> : null}
                        <div className="hint">{p.email || 'no email'}</div>
                      </th>
                      <td>
                        {clock(p.joinedAt)}–{clock(p.leftAt)}, {p.minutes} min{p.sessions > 1 ? `, joined ${p.sessions} times` : ''}
                      </td>
                      <td>{matchWords(p)}</td>
                      <td>{countedWords(p)}</td>
                      <td>
                        {decisionWords(p)}
                        {open && deciding !== p.id ? (
                          <div>
                            <button type="button" className={p.needsDecision ? 'primary' : 'link'} aria-label={`${p.needsDecision ? 'Decide' : 'Change'}: ${p.name}`} onClick={() => needChair() && setDeciding(p.id)}>
                              {p.needsDecision ? 'Decide…' : 'Change…'}
                            </button>
                          </div>
                        ) : null}
                      </td>
                    </tr>
                    {open && deciding === p.id ? (
                      <tr className="needs-decision">
                        <td colSpan={5}>
                          <Decide
                            meetingId={meeting.id}
                            p={p}
                            chair={chair.trim()}
                            onDone={(o) => {
                              void refreshMeeting(o);
                              notify(`Decision on ${p.name} recorded.`);
                            }}
                          />
                          <button type="button" className="link" onClick={() => setDeciding(null)}>
                            Cancel
                          </button>
                        </td>
                      </tr>
                    ) : null}
                    </Fragment>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </>
      ) : null}
      <ApiErrorNote error={task.error ?? online.error} />
    </section>
  );
}
