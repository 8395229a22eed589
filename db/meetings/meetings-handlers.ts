import { meetingsApi } from '../../shared/api/meetings';
import { defineHandlers } from '../service-context';
import { tellerState } from '../setup/state';
import { decideParticipant, importParticipants, onlineMeeting, setMeetingFormat } from './online-meetings';
import { closeMeeting, correctMeeting, listMeetings, markMeeting, meetingView, saveMeetingDraft, saveQuorum, scheduleMeeting, withdrawMeeting } from './meeting-records';

export const meetingsHandlers = defineHandlers(meetingsApi, (ctx) => ({
  listMeetings: () => listMeetings(ctx.store()),
  scheduleMeeting: ({ branchId, date }) => meetingView(ctx.store(), scheduleMeeting(ctx.store(), branchId, date)),
  getMeeting: ({ meetingId }) => meetingView(ctx.store(), meetingId),
  saveMeetingDraft: ({ meetingId, record }) => {
    saveMeetingDraft(ctx.store(), meetingId, record);
    return meetingView(ctx.store(), meetingId);
  },
  closeMeeting: ({ meetingId, record }) => {
    closeMeeting(ctx.store(), meetingId, record);
    return meetingView(ctx.store(), meetingId);
  },
  withdrawMeeting: ({ meetingId, reason }) => {
    withdrawMeeting(ctx.store(), meetingId, reason);
    return meetingView(ctx.store(), meetingId);
  },
  correctMeeting: ({ meetingId, record, reason }) => {
    correctMeeting(ctx.store(), meetingId, record, reason);
    return meetingView(ctx.store(), meetingId);
  },
  markMeeting: ({ meetingId, state, reason }) => {
    markMeeting(ctx.store(), meetingId, state, reason);
    return meetingView(ctx.store(), meetingId);
  },
  saveQuorum: ({ rule }) => {
    saveQuorum(ctx.store(), rule);
    return tellerState(ctx.store(), ctx.isDemo());
  },
  setMeetingFormat: ({ meetingId, format }) => {
    setMeetingFormat(ctx, meetingId, format);
    return meetingView(ctx.store(), meetingId);
  },
  getOnlineMeeting: ({ meetingId }) => onlineMeeting(ctx, meetingId),
  importParticipants: ({ meetingId, fileId, chairPerson }) => {
    importParticipants(ctx, meetingId, fileId, chairPerson);
    return onlineMeeting(ctx, meetingId);
  },
  decideParticipant: ({ meetingId, participantId, decision, memberId, chairPerson }) => {
    decideParticipant(ctx, meetingId, participantId, decision, memberId, chairPerson);
    return onlineMeeting(ctx, meetingId);
  },
}));
