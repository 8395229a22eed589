import { auditApi } from '../../shared/api/audit';
import { defineHandlers } from '../service-context';

export const auditHandlers = defineHandlers(auditApi, (ctx) => ({
  getAuditLog: ({ limit }) => ctx.store().auditLog(limit),
  verifyAudit: () => ctx.store().verifyAudit(),
}));
