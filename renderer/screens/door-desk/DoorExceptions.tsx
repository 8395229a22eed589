import { useState, type FormEvent } from 'react';
import type { Desk, DeskMember } from '../../../shared/api';
import { exceptionWords } from '../../../shared/lists/eligibility';
import { call } from '../../api-client';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { asApiError } from '../../use-api';

const BUTTON_WORDS = {
  'arrears-settled': 'Arrears settled at the door…',
  'resident-not-registrable': 'Cannot register, lives here…',
} as const;

/**
 * What the desk can establish at the door that makes a member eligible, when the ballot
 * allows it: arrears settled there, or a resident who cannot be registered to vote. The
 * member is then checked in as eligible with the reason recorded (not a chair's override).
 */
export function DoorExceptions({ member, meetingId, person, onDone }: { member: DeskMember; meetingId: number; person: string; onDone: (desk: Desk, message: string) => void }) {
  const [open, setOpen] = useState(false);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const remedies = member.verdict.remedies;
  if (remedies.length === 0 || member.verdict.eligible || member.alreadyHere) return null;
  const what = remedies.map(exceptionWords).join('; and ');
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    try {
      const desk = await call('admitOnException', { meetingId, memberId: member.id, exceptions: remedies, note: note.trim() || null, deskPerson: person });
      onDone(desk, `${member.name}: checked in (${what}).`);
    } catch (err) {
      setError(asApiError(err).message);
    }
  };
  if (!open) {
    return (
      <button type="button" className="big" onClick={() => setOpen(true)}>
        {remedies.length === 1 ? BUTTON_WORDS[remedies[0]!] : 'Both established at the door…'}
      </button>
    );
  }
  return (
    <form className="door-exception" onSubmit={(e) => void submit(e)} aria-label={`Established at the door for ${member.name}`} noValidate>
      <p>
        Check {member.name} in as eligible because: <strong>{what}</strong>. This ballot allows it; the reason is recorded in the audit trail.
      </p>
      <label>
        Note (e.g. how it was paid or shown), optional{' '}
        <input value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} autoFocus />
      </label>
      <ApiErrorNote error={error} />
      <div className="actions-row">
        <button type="submit" className="primary">
          Check in as eligible
        </button>
        <button type="button" onClick={() => setOpen(false)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
