import { complaintsApi } from '../../shared/api/complaints';
import { defineHandlers } from '../service-context';
import { listComplaints, logComplaint, updateComplaint } from './complaints';

export const complaintsHandlers = defineHandlers(complaintsApi, (ctx) => ({
  listComplaints: ({ status, category }) => listComplaints(ctx.store(), status, category),
  logComplaint: (i) => logComplaint(ctx.store(), i),
  updateComplaint: (i) => updateComplaint(ctx.store(), i),
}));
