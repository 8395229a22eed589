import { useState, type FormEvent } from 'react';
import type { Branch } from '../../../shared/api';
import { useAppStore } from '../../app-store';
import { Field } from '../../components/Field';
import { useFormErrors } from '../../use-form-errors';
import { resultLabel } from '../Results';
import { UnitRemoval } from '../../components/UnitRemoval';

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
      <span className="muted">
        {resultLabel(branch.result)}
        {branch.withdrawn ? ` · withdrawn: ${branch.withdrawn.reason}` : ''}
      </span>
      <span className="item-actions">
        {branch.withdrawn ? null : (
          <button type="button" onClick={() => setEditing(true)} aria-label={`Rename ${branch.name}`}>
            Rename
          </button>
        )}
        {branch.withdrawn ? null : branch.hasDecisions ? (
          <button type="button" className="danger" onClick={onDelete} aria-label={`Withdraw ${branch.name}`}>
            Withdraw…
          </button>
        ) : (
          <button type="button" className="danger" onClick={onDelete} aria-label={`Delete ${branch.name}`}>
            Delete
          </button>
        )}
      </span>
    </li>
  );
}

export function BranchesEditor({ branches }: { branches: Branch[] }) {
  const change = useAppStore((s) => s.change);
  const notify = useAppStore((s) => s.notify);
  const [name, setName] = useState('');
  const [deleting, setDeleting] = useState<Branch | null>(null);
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
      {deleting ? <UnitRemoval unit={deleting} kind="branch" onClose={() => setDeleting(null)} /> : null}
    </section>
  );
}
