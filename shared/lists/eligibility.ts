import { z } from 'zod';
import { formatUkDate } from '../dates';
import type { MemberStatus } from './member-rows';

/** What the cross-match with the electoral register found for a member. */
export const registerMatchSchema = z.enum(['matched', 'matched-elsewhere', 'ambiguous', 'not-found']);

export type RegisterMatch = z.output<typeof registerMatchSchema>;

/** A ballot's eligibility settings: parameters of the round, never constants. */
export interface EligibilitySettings {
  freezeDate: string;
  /** Minimum continuous membership on the freeze date, in whole months. */
  minMonths: number;
  /** Which statuses count as good standing. */
  goodStanding: MemberStatus[];
  /** The member must belong to the branch whose meeting this is. */
  branchMustMatch: boolean;
  /** The member must be matched on the electoral register at their address. */
  registerRequired: boolean;
  /** A blank or unknown status on the list (the party's arrears data was known to be unreliable): good standing, not, or asked at the door. */
  unknownStatus: 'good-standing' | 'not-good-standing' | 'ask';
  /** A member in arrears who settles them at the door may vote, recorded at the desk. */
  arrearsSettledAtDoor: boolean;
  /** A member who cannot be registered to vote but lives in the area is an allowed exception to the register requirement (model branch rules), recorded at the desk. */
  residentNotRegistrable: boolean;
}

export const DEFAULT_ELIGIBILITY: Omit<EligibilitySettings, 'freezeDate'> = {
  minMonths: 6,
  goodStanding: ['good-standing'],
  branchMustMatch: true,
  registerRequired: false,
  unknownStatus: 'not-good-standing',
  arrearsSettledAtDoor: false,
  residentNotRegistrable: false,
};

/** What the door desk can record that makes a member eligible, when the ballot allows it. */
export const DOOR_EXCEPTIONS = ['arrears-settled', 'resident-not-registrable'] as const;

export type DoorException = (typeof DOOR_EXCEPTIONS)[number];

const EXCEPTION_WORDS: Record<DoorException, string> = {
  'arrears-settled': 'arrears settled (or good standing confirmed) at the door',
  'resident-not-registrable': 'cannot be registered to vote but lives in the area',
};

export function exceptionWords(e: DoorException): string {
  return EXCEPTION_WORDS[e];
}

interface EligibilityVerdict {
  eligible: boolean;
  /** Every reason the member may not vote, in plain English; empty when eligible. */
  reasons: string[];
  /** What the desk may record (the ballot allowing it) that would make the member eligible: every one is needed; empty when none would. */
  remedies: DoorException[];
}

const STATUS_REASON: Record<MemberStatus | 'unknown', string> = {
  unknown: 'status unknown on the list',
  'good-standing': 'in good standing',
  arrears: 'in arrears',
  lapsed: 'membership has lapsed',
  suspended: 'suspended',
  resigned: 'has resigned',
  expelled: 'expelled',
  'not-good-standing': 'not in good standing',
};

export function statusWords(s: MemberStatus | 'unknown'): string {
  return STATUS_REASON[s];
}

/** A status the list gives: one of the known ones, or unknown (blank or not recognised). */
function knownStatus(s: string): MemberStatus | 'unknown' {
  return s in STATUS_REASON ? (s as MemberStatus | 'unknown') : 'unknown';
}

/** The latest join date that qualifies: the freeze date minus the minimum months (end-of-month safe). */
export function latestQualifyingJoinDate(freezeDate: string, minMonths: number): string {
  const [y, m, d] = freezeDate.split('-').map(Number) as [number, number, number];
  const monthIndex = y * 12 + (m - 1) - minMonths;
  const year = Math.floor(monthIndex / 12);
  const month = (monthIndex % 12) + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

function sameBranch(a: string, b: string): boolean {
  const key = (s: string) => s.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]/g, '');
  return key(a) === key(b);
}

/**
 * Whether a member may vote at a branch meeting, with every reason if not. Membership is
 * counted from `continuousSince` when the list gives it (a member who lapsed and rejoined),
 * else from the join date. `exceptions` are what the door desk recorded for this member;
 * each counts only when the ballot allows it.
 */
export function eligibilityAt(
  member: { joinDate: string; continuousSince?: string | null; status: string; branch: string },
  settings: EligibilitySettings,
  meetingBranch: string,
  register: RegisterMatch | null,
  exceptions: readonly DoorException[] = [],
): EligibilityVerdict {
  const reasons: string[] = [];
  const remedies = new Set<DoorException>();
  let unremedied = 0;
  const latest = latestQualifyingJoinDate(settings.freezeDate, settings.minMonths);
  const since = member.continuousSince || member.joinDate;
  if (since > latest) {
    // "joined less than 6 months before the freeze date (31 May 2026)"; a rejoined member's
    // continuous membership is what counts, and both dates are said.
    const start = member.continuousSince
      ? `continuous member only since ${formatUkDate(member.continuousSince)}${member.continuousSince !== member.joinDate ? ` (first joined ${formatUkDate(member.joinDate)})` : ''}, `
      : 'joined ';
    reasons.push(
      settings.minMonths === 0
        ? `${start}after the freeze date (${formatUkDate(settings.freezeDate)})`
        : `${start}less than ${settings.minMonths} month${settings.minMonths === 1 ? '' : 's'} before the freeze date (${formatUkDate(settings.freezeDate)})`,
    );
    unremedied++;
  }
  const status = knownStatus(member.status);
  if (status === 'unknown') {
    if (settings.unknownStatus !== 'good-standing' && !(settings.unknownStatus === 'ask' && exceptions.includes('arrears-settled'))) {
      reasons.push(settings.unknownStatus === 'ask' ? 'status unknown on the list: ask whether their membership is paid up' : STATUS_REASON.unknown);
      if (settings.unknownStatus === 'ask') remedies.add('arrears-settled');
      else unremedied++;
    }
  } else if (!settings.goodStanding.includes(status)) {
    const settled = status === 'arrears' && settings.arrearsSettledAtDoor;
    if (!(settled && exceptions.includes('arrears-settled'))) {
      reasons.push(STATUS_REASON[status]);
      if (settled) remedies.add('arrears-settled');
      else unremedied++;
    }
  }
  if (settings.branchMustMatch && !sameBranch(member.branch, meetingBranch)) {
    reasons.push(`lives in ${member.branch} branch, this is ${meetingBranch}`);
    unremedied++;
  }
  if (settings.registerRequired) {
    if (register === 'matched-elsewhere') {
      reasons.push('on the electoral register at a different address');
      unremedied++;
    } else if (register !== 'matched' && !(settings.residentNotRegistrable && exceptions.includes('resident-not-registrable'))) {
      reasons.push(register === 'ambiguous' ? 'only a namesake was found on the electoral register (check by hand)' : 'not found on the electoral register');
      if (settings.residentNotRegistrable) remedies.add('resident-not-registrable');
      else unremedied++;
    }
  }
  return { eligible: reasons.length === 0, reasons, remedies: unremedied === 0 ? [...remedies] : [] };
}
