import { TellerError } from '../../shared/errors';
import { eligibilityAt, exceptionWords, type DoorException } from '../../shared/lists/eligibility';
import { formatUkClock } from '../../shared/time';
import { registerMatchOf } from '../electoral-register/cross-match';
import type { ServiceContext } from '../service-context';
import { textDigest } from '../store/audit';
import { describeMember, deskActor, deskSettings, writableDeskMeeting } from './door-desk';

/*
 * Admissions on what the desk establishes at the door, when the ballot allows it: arrears
 * settled there (or a blank status confirmed as paid up), and a member who cannot be
 * registered to vote but lives in the area. Each is an admission of an eligible member with
 * its recorded reason, not a chair's override, and goes into the audit trail as such.
 */

const NOT_ALLOWED: Record<DoorException, string> = {
  'arrears-settled': "This ballot does not let arrears be settled at the door (see Members, Who may vote), so this member can be admitted only on the chair's override.",
  'resident-not-registrable': "This ballot does not allow members who cannot be registered to vote (see Members, Who may vote), so this member can be admitted only on the chair's override.",
};

export function admitOnException(ctx: ServiceContext, meetingId: number, memberId: number, exceptions: readonly DoorException[], note: string | null, deskPerson?: string): void {
  const meeting = writableDeskMeeting(ctx, meetingId);
  const { settings, snapshotId } = deskSettings(ctx);
  const m = ctx.memberIndex(snapshotId).byId(memberId);
  if (!m) throw new TellerError('not-found', 'That member is not on the membership list this ballot uses.');
  const d = describeMember(ctx, meetingId, meeting, settings, m);
  if (d.alreadyHere) throw new TellerError('already-checked-in', `${m.fullName} was already checked in at this meeting at ${formatUkClock(d.alreadyHere)}. They cannot be counted twice.`);
  if (d.verdict.eligible) throw new TellerError('invalid-input', `${m.fullName} is eligible on the list: check them in as usual.`);
  const unused = exceptions.find((x) => !d.verdict.remedies.includes(x));
  if (unused) {
    const allowed = unused === 'arrears-settled' ? settings.arrearsSettledAtDoor || settings.unknownStatus === 'ask' : settings.residentNotRegistrable;
    throw new TellerError('not-eligible', allowed ? `${m.fullName} may not vote for other reasons: ${d.verdict.reasons.join('; ')}. "${exceptionWords(unused)}" does not change that.` : NOT_ALLOWED[unused]);
  }
  const after = eligibilityAt(m, settings, meeting.branch_name, registerMatchOf(ctx.store(), m.id), exceptions);
  if (!after.eligible) throw new TellerError('not-eligible', `${m.fullName} may not vote: ${after.reasons.join('; ')}. Record a refusal, or the chair's override with a reason.`);
  const reason = note?.trim() ?? '';
  const list = [...new Set(exceptions)];
  ctx.store().change('checkin.admitted', 'checkin', () => {
    const id = Number(
      ctx.store().db
        .prepare('INSERT INTO checkin (meeting_id, member_id, at, outcome, reasons, note, exceptions) VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(meetingId, memberId, ctx.store().stamp(), 'admitted', JSON.stringify(d.verdict.reasons), reason || null, JSON.stringify(list)).lastInsertRowid,
    );
    // The reasons the list gave and what the desk established; internal ids only, the note as its hash.
    return { entityId: String(id), before: null, after: { meetingId, memberId, outcome: 'admitted', reasons: d.verdict.reasons, exceptions: list, note: textDigest(reason || null) } };
  }, deskActor(ctx, deskPerson));
}
