import { useState, type KeyboardEvent, type ReactNode } from 'react';
import type { DeskMember } from '../../../shared/api';
import { formatUkDate } from '../../../shared/dates';
import { formatUkClock } from '../../../shared/time';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { Field } from '../../components/Field';
import { useApiTask } from '../../use-api';
import { checkPerson, PersonField } from './OpenDesk';

/*
 * The door desk's verdict card and its small forms. Every form submits with Enter (Shift+Enter
 * for a new line in a note) and leaves with Esc; the desk puts the focus back in its search box
 * whichever way a form ends.
 */

export function Verdict({ member, small = false }: { member: DeskMember; small?: boolean }) {
  const ok = member.verdict.eligible && !member.alreadyHere;
  return (
    <div className={`verdict-card ${ok ? 'eligible' : 'not-eligible'}${small ? ' small' : ''}`} role={small ? undefined : 'status'} aria-live={small ? undefined : 'polite'}>
      <div className="verdict-word">{member.alreadyHere ? 'ALREADY CHECKED IN' : member.verdict.eligible ? 'ELIGIBLE' : 'NOT ELIGIBLE'}</div>
      <div className="verdict-name">{member.name}</div>
      <div className="verdict-details">
        {member.number} · {member.postcode} · {member.branch} branch · joined {formatUkDate(member.joinDate)}
      </div>
      {member.alreadyHere ? <p className="verdict-here">Checked in at this meeting at {formatUkClock(member.alreadyHere)}. They cannot be counted twice.</p> : null}
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

/** A note: Enter submits its form, Shift+Enter starts a new line. */
function NoteArea({ value, onChange, autoFocus = false, ...p }: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined; value: string; onChange: (v: string) => void; autoFocus?: boolean }) {
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      e.currentTarget.form?.requestSubmit();
    }
  };
  return <textarea {...p} rows={2} autoFocus={autoFocus} value={value} onChange={(e) => onChange(e.target.value)} onKeyDown={onKeyDown} />;
}

function DeskForm({ title, children, submitLabel, onSubmit, onCancel, className, note = true }: { title: string; children: ReactNode; submitLabel: string; onSubmit: () => void; onCancel: () => void; className?: string; note?: boolean }) {
  return (
    <form
      className={`reason-form${className ? ` ${className}` : ''}`}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit();
      }}
      onKeyDown={(e) => {
        if (e.key === 'Escape') {
          e.preventDefault();
          onCancel();
        }
      }}
      noValidate
    >
      <h3>{title}</h3>
      {children}
      <div className="desk-form-buttons">
        <button type="submit" className="primary">
          {submitLabel}
        </button>
        <button type="button" onClick={onCancel}>
          Cancel (Esc)
        </button>
      </div>
      <p className="muted desk-form-keys">Enter: {submitLabel.toLowerCase()}{note ? ' · Shift+Enter: new line' : ''} · Esc: cancel</p>
    </form>
  );
}

/** A refusal or a chair's override, with the member's verdict and reasons kept in view. */
export function ReasonForm({
  member,
  title,
  label,
  submitLabel,
  required,
  onSubmit,
  onCancel,
}: {
  member: DeskMember;
  title: string;
  label: string;
  submitLabel: string;
  required: boolean;
  onSubmit: (note: string) => Promise<void>;
  onCancel: () => void;
}) {
  const [note, setNote] = useState('');
  const saving = useApiTask();
  return (
    <>
      <Verdict member={member} small />
      <DeskForm
        title={title}
        submitLabel={submitLabel}
        onCancel={onCancel}
        onSubmit={() => {
          if (required && note.trim() === '') return saving.fail('Write the reason: it is recorded and shown wherever this is counted.');
          void saving.run(() => onSubmit(note));
        }}
      >
        <Field label={label} error={saving.error?.message}>
          {(p) => <NoteArea {...p} autoFocus value={note} onChange={setNote} />}
        </Field>
      </DeskForm>
    </>
  );
}

interface WalkIn {
  name: string;
  details: string;
  outcome: 'refused' | 'provisional';
  note: string;
}

/** Someone not on the list, starting from the name just typed into the search box. */
export function WalkInForm({ initialName, onSubmit, onCancel }: { initialName: string; onSubmit: (v: WalkIn) => Promise<void>; onCancel: () => void }) {
  const [name, setName] = useState(initialName);
  const [details, setDetails] = useState('');
  const [outcome, setOutcome] = useState<'refused' | 'provisional'>('refused');
  const [note, setNote] = useState('');
  const saving = useApiTask();
  return (
    <DeskForm title="Someone not on the list" submitLabel="Record" onCancel={onCancel} onSubmit={() => void saving.run(() => onSubmit({ name, details, outcome, note }))}>
      <div className="form-row">
        <Field label="Name they gave">{(p) => <input {...p} autoFocus autoComplete="off" value={name} onChange={(e) => setName(e.target.value)} />}</Field>
        <Field label="Address or other details they gave">{(p) => <input {...p} autoComplete="off" value={details} onChange={(e) => setDetails(e.target.value)} />}</Field>
      </div>
      <fieldset className="checks">
        <legend>Outcome</legend>
        <label>
          <input type="radio" name="walk-in-outcome" checked={outcome === 'refused'} onChange={() => setOutcome('refused')} /> Refused
        </label>
        <label>
          <input type="radio" name="walk-in-outcome" checked={outcome === 'provisional'} onChange={() => setOutcome('provisional')} /> Provisional, on the chair&rsquo;s ruling
        </label>
      </fieldset>
      <Field label={outcome === 'provisional' ? "The chair's ruling" : 'Note (optional)'}>{(p) => <NoteArea {...p} value={note} onChange={setNote} />}</Field>
      <ApiErrorNote error={saving.error} />
    </DeskForm>
  );
}

/** Undoing a check-in (or refusal, or walk-in) recorded by mistake: the reason is required and recorded. */
export function UndoForm({ what, onSubmit, onCancel }: { what: string; onSubmit: (reason: string) => Promise<void>; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const saving = useApiTask();
  return (
    <DeskForm
      title={`Undo: ${what}`}
      submitLabel="Undo it"
      onCancel={onCancel}
      onSubmit={() => {
        if (reason.trim() === '') return saving.fail('Write why this is being undone: it is recorded in the audit trail.');
        void saving.run(() => onSubmit(reason));
      }}
    >
      <p>It comes off the counts at once. The audit trail keeps both the entry and its undoing, with this reason and your name.</p>
      <Field label="Why it is being undone" error={saving.error?.message}>
        {(p) => <NoteArea {...p} autoFocus value={reason} onChange={setReason} />}
      </Field>
    </DeskForm>
  );
}

/** Who is at the desk now (a change of volunteer during the evening). */
export function PersonForm({ current, onSubmit, onCancel }: { current: string; onSubmit: (name: string) => void; onCancel: () => void }) {
  const [name, setName] = useState(current);
  const [error, setError] = useState<string | undefined>(undefined);
  return (
    <DeskForm
      title="Who is at the desk"
      submitLabel="Save"
      note={false}
      onCancel={onCancel}
      onSubmit={() => {
        const problem = checkPerson(name);
        setError(problem ?? undefined);
        if (!problem) onSubmit(name.trim());
      }}
    >
      <PersonField value={name} onChange={setName} error={error} autoFocus />
    </DeskForm>
  );
}
