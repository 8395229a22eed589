import { useState, type FormEvent } from 'react';
import type { Branch } from '../../../shared/api';
import { useAppStore } from '../../app-store';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { useFormErrors } from '../../use-form-errors';
import { resultLabel } from '../Results';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { useApiTask } from '../../use-api';

function BranchItem({ branch, onDelete }: { branch: Branch; onDelete: () => void }) {
  const change = useAppStore((s) => s.change);
  const [editing, setEditing] = useState(false);
  const [name, setName] = useState(branch.name);
  const form = useFormErrors();
  const save = async (e: FormEvent) => {
    e.preventDefault();
    if (await form.run(() => change('renameBranch', { id: branch.id, name }))) setEditing(false);
  };
  if (editing) {
    return (
      <li className="item editing">
        <form onSubmit={(e) => void save(e)} noValidate>
          <Field label={`New name for ${branch.name}`} error={form.errors.name ?? form.formError?.message}>
            {(p) => <input {...p} value={name} autoFocus onChange={(e) => setName(e.target.value)} />}
          </Field>
          <button type="submit" className="primary">
            Save
          </button>
          <button
            type="button"
            onClick={() => {
              setName(branch.name);
              form.clear();
              setEditing(false);
            }}
          >
            Cancel
          </button>
        </form>
      </li>
    );
  }
  return (
    <li className="item">
      <span className="item-name">{branch.name}</span>
      <span className="muted">{resultLabel(branch.result)}</span>
      <span className="item-actions">
        <button type="button" onClick={() => setEditing(true)} aria-label={`Rename ${branch.name}`}>
          Rename
        </button>
        <button type="button" className="danger" onClick={onDelete} aria-label={`Delete ${branch.name}`}>
          Delete
        </button>
      </span>
    </li>
  );
}

export function BranchesEditor({ branches }: { branches: Branch[] }) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const [name, setName] = useState('');
  const [deleting, setDeleting] = useState<Branch | null>(null);
  const removal = useApiTask();
  const form = useFormErrors();
  const add = async (e: FormEvent) => {
    e.preventDefault();
    if (await form.run(() => change('addBranch', { name }))) {
      notify(`Branch ${name.trim()} added.`);
      setName('');
    }
  };
  return (
    <section className="panel" aria-labelledby="branches-editor">
      <h2 id="branches-editor">Branches ({branches.length})</h2>
      <ul className="items">
        {branches.map((b) => (
          <BranchItem key={b.id} branch={b} onDelete={() => setDeleting(b)} />
        ))}
      </ul>
      <form className="add-form" onSubmit={(e) => void add(e)} noValidate>
        <Field label="New branch (ward) name" error={form.errors.name ?? form.formError?.message}>
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" />}
        </Field>
        <button type="submit">Add branch</button>
      </form>
      <ApiErrorNote error={removal.error} />
      {deleting ? (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          message={
            deleting.result
              ? `Its recorded result (${resultLabel(deleting.result)}) will be removed from the count. The audit trail keeps a record of both.`
              : 'The branch will be removed from this CLP. The audit trail keeps a record of it.'
          }
          confirmLabel="Delete branch"
          onCancel={() => setDeleting(null)}
          onConfirm={() => {
            const target = deleting;
            setDeleting(null);
            void removal.run(() => change('deleteBranch', { id: target.id })).then((done) => done && notify(`Branch ${target.name} deleted.`));
          }}
        />
      ) : null}
    </section>
  );
}
