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
}

export const DEFAULT_ELIGIBILITY: Omit<EligibilitySettings, 'freezeDate'> = {
  minMonths: 6,
  goodStanding: ['good-standing'],
  branchMustMatch: true,
  registerRequired: false,
};

interface EligibilityVerdict {
  eligible: boolean;
  /** Every reason the member may not vote, in plain English; empty when eligible. */
  reasons: string[];
}

const STATUS_REASON: Record<MemberStatus, string> = {
  'good-standing': 'in good standing',
  arrears: 'in arrears',
  lapsed: 'membership has lapsed',
  suspended: 'suspended',
  resigned: 'has resigned',
  expelled: 'expelled',
  'not-good-standing': 'not in good standing',
  unknown: 'membership status not known',
};

export function statusWords(s: MemberStatus): string {
  return STATUS_REASON[s];
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

/** Whether a member may vote at a branch meeting, with every reason if not. */
export function eligibilityAt(
  member: { joinDate: string; status: MemberStatus; branch: string },
  settings: EligibilitySettings,
  meetingBranch: string,
  register: RegisterMatch | null,
): EligibilityVerdict {
  const reasons: string[] = [];
  const latest = latestQualifyingJoinDate(settings.freezeDate, settings.minMonths);
  if (member.joinDate > latest) {
    reasons.push(
      settings.minMonths === 0
        ? `joined after the freeze date (${formatUkDate(settings.freezeDate)})`
        : `joined less than ${settings.minMonths} month${settings.minMonths === 1 ? '' : 's'} before the freeze date (${formatUkDate(settings.freezeDate)})`,
    );
  }
  if (!settings.goodStanding.includes(member.status)) reasons.push(STATUS_REASON[member.status]);
  if (settings.branchMustMatch && !sameBranch(member.branch, meetingBranch)) reasons.push(`lives in ${member.branch} branch, this is ${meetingBranch}`);
  if (settings.registerRequired) {
    if (register === 'matched-elsewhere') reasons.push('on the electoral register at a different address');
    else if (register === 'ambiguous') reasons.push('only a namesake was found on the electoral register (check by hand)');
    else if (register !== 'matched') reasons.push('not found on the electoral register');
  }
  return { eligible: reasons.length === 0, reasons };
}
