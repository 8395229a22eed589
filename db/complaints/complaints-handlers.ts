import { complaintsApi } from '../../shared/api/complaints';
import { ukToday } from '../../shared/time';
import { defineHandlers } from '../service-context';
import { editComplaint, listComplaints, logComplaint, updateComplaint } from './complaints';

export const complaintsHandlers = defineHandlers(complaintsApi, (ctx) => ({
  listComplaints: ({ status, category }) => listComplaints(ctx.store(), status, category),
  logComplaint: (i) => logComplaint(ctx.store(), i, ukToday(ctx.now())),
  editComplaint: (i) => editComplaint(ctx.store(), i, ukToday(ctx.now())),
  updateComplaint: (i) => updateComplaint(ctx.store(), i, ukToday(ctx.now())),
}));
