import { useState } from 'react';
import { useAppStore } from '../app-store';
import { fieldError, useApiTask } from '../use-api';
import { ApiErrorNote } from './ApiErrorNote';
import { ConfirmDialog } from './ConfirmDialog';
import { Field } from './Field';

interface Removable {
  id: number;
  name: string;
  hasDecisions: boolean;
}

/**
 * Removing a branch or affiliate, saying what will happen: one with nothing recorded is deleted;
 * one with a meeting, check-ins, a result or a decision is withdrawn with a reason, never deleted.
 */
export function UnitRemoval({ unit, kind, onClose }: { unit: Removable; kind: 'branch' | 'affiliate'; onClose: () => void }) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const task = useApiTask();
  const [reason, setReason] = useState('');
  const what = kind === 'branch' ? 'Branch' : 'Affiliate';
  if (!unit.hasDecisions) {
    return (
      <ConfirmDialog
        title={`Delete ${unit.name}?`}
        message={`Nothing has been recorded for ${unit.name} yet${kind === 'branch' ? ' (no meeting, check-ins or result)' : ' (no result or decision)'}. It will be removed from this CLP; the audit trail keeps its name.`}
        confirmLabel={`Delete ${kind}`}
        onCancel={onClose}
        onConfirm={() => {
          void task.run(() => change(kind === 'branch' ? 'deleteBranch' : 'deleteAffiliate', { id: unit.id })).then((done) => {
            if (!done) return;
            onClose();
            notify(`${what} ${unit.name} deleted.`);
          });
        }}
      >
        <ApiErrorNote error={task.error} />
      </ConfirmDialog>
    );
  }
  return (
    <ConfirmDialog
      title={`Withdraw ${unit.name}?`}
      message={`A ${kind === 'branch' ? 'meeting, check-ins or a result have' : 'result or decision has'} been recorded for ${unit.name}, so it cannot be deleted. Withdrawn, it is kept with everything recorded for it and shown as withdrawn, and it is left out of the outcome: neither counted nor part of the base. This cannot be undone.`}
      confirmLabel={`Withdraw ${kind}`}
      onCancel={onClose}
      onConfirm={() => {
        void task.run(() => change('withdrawUnit', { unit: kind, id: unit.id, reason })).then((done) => {
          if (!done) return;
          onClose();
          notify(`${what} ${unit.name} withdrawn.`);
        });
      }}
    >
      <Field label="Why is it withdrawn?" error={fieldError(task.error, 'reason')}>
        {(p) => <textarea {...p} value={reason} rows={2} maxLength={1000} onChange={(e) => setReason(e.target.value)} />}
      </Field>
      <ApiErrorNote error={task.error} fields={['reason']} />
    </ConfirmDialog>
  );
}
