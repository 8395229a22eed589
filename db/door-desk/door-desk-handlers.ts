import type { Desk } from '../../shared/api';
import { doorDeskApi } from '../../shared/api/door-desk';
import { defineHandlers, type ServiceContext } from '../service-context';
import { admitOnException } from './door-exceptions';
import { deskCounts, deskEntries, deskMeeting, deskState, deskUndone, openDeskMeeting, recordCheckin, recordWalkIn, searchDesk, snapshotSize, undoCheckin } from './door-desk';

function desk(ctx: ServiceContext, meetingId: number): Desk {
  const meeting = deskMeeting(ctx, meetingId);
  return {
    meeting: { id: meeting.id, branchId: meeting.branch_id, branch: meeting.branch_name, date: meeting.date, state: deskState(meeting) },
    counts: deskCounts(ctx, meetingId),
    entries: deskEntries(ctx, meetingId),
    undone: deskUndone(ctx, meetingId),
    snapshotSize: snapshotSize(ctx),
  };
}

export const doorDeskHandlers = defineHandlers(doorDeskApi, (ctx) => ({
  openDoorDesk: ({ branchId, date }) => desk(ctx, openDeskMeeting(ctx, branchId, date)),
  getDesk: ({ meetingId }) => desk(ctx, meetingId),
  searchMembers: ({ meetingId, query }) => searchDesk(ctx, meetingId, query).members,
  searchDesk: ({ meetingId, query }) => searchDesk(ctx, meetingId, query),
  recordCheckin: ({ meetingId, memberId, outcome, note, deskPerson }) => {
    recordCheckin(ctx, meetingId, memberId, outcome, note, deskPerson);
    return desk(ctx, meetingId);
  },
  admitOnException: ({ meetingId, memberId, exceptions, note, deskPerson }) => {
    admitOnException(ctx, meetingId, memberId, exceptions, note, deskPerson);
    return desk(ctx, meetingId);
  },
  recordWalkIn: ({ meetingId, name, details, outcome, note, deskPerson }) => {
    recordWalkIn(ctx, meetingId, name, details, outcome, note, deskPerson);
    return desk(ctx, meetingId);
  },
  undoCheckin: ({ meetingId, checkinId, reason, deskPerson }) => {
    undoCheckin(ctx, meetingId, checkinId, reason, deskPerson);
    return desk(ctx, meetingId);
  },
}));
