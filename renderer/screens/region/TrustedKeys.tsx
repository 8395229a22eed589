import { useState, type FormEvent } from 'react';
import type { TrustedKeyRow, TrustKeyCheck } from '../../../shared/api';
import { fingerprint } from '../../../shared/report/fingerprint';
import { formatUkTimestamp } from '../../../shared/time';
import { call } from '../../api-client';
import { useAppStore } from '../../app-store';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { Field } from '../../components/Field';
import { hrefOf, type ScreenProps } from '../../route-link';
import { useApiAction, useApiQuery } from '../../use-api';
import { useFormErrors } from '../../use-form-errors';
import { useRecheck } from './use-recheck';
import { FINGERPRINT_WORDS } from './words';
import './region.css';

function TrustForm({ first }: { first: boolean }) {
  const notify = useAppStore((s) => s.notify);
  const [clp, setClp] = useState('');
  const [key, setKey] = useState('');
  // What trusting this key would do, asked first: a near miss or a key already listed is shown, and trusting it anyway takes a second press.
  const [check, setCheck] = useState<TrustKeyCheck | null>(null);
  const form = useFormErrors();
  const needsSecondLook = (c: TrustKeyCheck) => c.warnings.length > 0 || c.already === 'revoked';
  const add = async (e: FormEvent) => {
    e.preventDefault();
    await form.run(async () => {
      if (check === null) {
        const found = await call('checkTrustKey', { clp, key });
        if (needsSecondLook(found)) {
          setCheck(found);
          return;
        }
      }
      const done = await call('trustKey', { clp, key });
      notify(done.already === 'trusted' ? `That key was already trusted for ${done.clp}.` : `Key trusted for ${done.clp}.`);
      setClp('');
      setKey('');
      setCheck(null);
    });
  };
  const edit = (set: (v: string) => void) => (v: string) => {
    set(v);
    setCheck(null);
  };
  return (
    <section className="panel" aria-labelledby="trust-form-title">
      <h2 id="trust-form-title">{first ? "Start here: trust your CLPs' keys" : 'Trust a key'}</h2>
      {first ? (
        <p className="lead">
          Before Teller can accept a CLP's report, it needs to know which key that CLP signs with. Add the key of each CLP in your region; you can import a CLP's reports as soon as
          its key is here.
        </p>
      ) : null}
      <div className="fingerprint-help">
        <p>
          <strong>What a fingerprint is.</strong> {FINGERPRINT_WORDS.what}
        </p>
        <p>
          <strong>How to check it.</strong> {FINGERPRINT_WORDS.how}
        </p>
      </div>
      <form className="form-row" onSubmit={(e) => void add(e)} noValidate>
        <Field label="CLP (as its reports name it)" error={form.errors.clp}>
          {(p) => <input {...p} value={clp} onChange={(e) => edit(setClp)(e.target.value)} />}
        </Field>
        <Field label="Fingerprint or public key" error={form.errors.key ?? form.formError?.message} hint="8 groups of 4, e.g. 3f2a 9c01 …; spaces do not matter">
          {(p) => <input {...p} value={key} onChange={(e) => edit(setKey)(e.target.value)} className="wide mono" spellCheck={false} autoComplete="off" />}
        </Field>
        <button type="submit" className="primary trust-button">
          {check ? 'Trust it anyway' : 'Trust this key'}
        </button>
      </form>
      {check ? (
        <div className="near-miss" role="alert">
          <p>
            <strong>Check this fingerprint again before you trust it.</strong>{' '}
            {check.warnings.length > 0
              ? 'It is one group away from a key already on your list: a misheard digit, or a key made to look like another, gives exactly this.'
              : `This key was revoked for ${check.clp}: trust it again only if its secretary confirms it is safe.`}
          </p>
          <p className="mono">You typed: {check.fingerprint}</p>
          <ul>
            {check.warnings.map((m) => (
              <li key={m.keyId}>
                {m.message} <span className="mono">(listed: {fingerprint(m.keyId)})</span>
              </li>
            ))}
          </ul>
          <p>If the secretary has confirmed every group, press “Trust it anyway”; otherwise correct the fingerprint.</p>
        </div>
      ) : null}
    </section>
  );
}

function KeyList({ keys }: { keys: readonly TrustedKeyRow[] }) {
  const notify = useAppStore((s) => s.notify);
  const revoking = useApiAction('revokeKey');
  const [asking, setAsking] = useState<TrustedKeyRow | null>(null);
  if (keys.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="keys-title">
      <h2 id="keys-title">Keys on your list ({keys.length})</h2>
      <ApiErrorNote error={revoking.error} />
      <table className="audit-table keys-table">
        <thead>
          <tr>
            <th scope="col">CLP</th>
            <th scope="col">Fingerprint</th>
            <th scope="col">State</th>
            <th scope="col">Reports it signed</th>
            <th scope="col">
              <span className="visually-hidden">Revoke</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={`${k.clp}/${k.keyId}`} className={k.revokedAt ? 'revoked-row' : undefined}>
              <td>{k.clp}</td>
              <td>
                <code className="fingerprint-small">{k.fingerprint}</code>
              </td>
              <td>{k.revokedAt ? <span className="mark mark-revoked">Revoked {formatUkTimestamp(k.revokedAt)}</span> : `Trusted since ${formatUkTimestamp(k.addedAt)}`}</td>
              <td>{k.reports.length === 0 ? <span className="muted">none yet</span> : k.reports.map((r) => `r${r.revision} (${r.status})`).join(', ')}</td>
              <td>
                {k.revokedAt ? null : (
                  <button type="button" className="danger" onClick={() => setAsking(k)} aria-label={`Revoke ${k.clp} key ${fingerprint(k.keyId)}`}>
                    Revoke…
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {asking ? (
        <ConfirmDialog
          title={`Revoke this key for ${asking.clp}?`}
          message="Reports it signs from now on will be refused; reports it signed before today stay, marked as signed by a revoked key. Revoke a key when the CLP says it was lost, replaced or misused."
          confirmLabel="Revoke the key"
          onCancel={() => setAsking(null)}
          onConfirm={() => {
            const k = asking;
            setAsking(null);
            void revoking.run({ clp: k.clp, keyId: k.keyId }).then((done) => done && notify(`Key revoked for ${k.clp}.`));
          }}
        >
          <p className="mono">{fingerprint(asking.keyId)}</p>
        </ConfirmDialog>
      ) : null}
    </section>
  );
}

/** The checks whose verdict a change of the trust list can change. */
const TRUST_CODES = ['trust', 'binding', 'revoked'];

/** Files refused for want of a trusted key, which a change of the trust list may have put right: checked again from here. */
function RefusedWaiting() {
  const files = useApiQuery('listReceivedFiles', {});
  const checking = useRecheck();
  const waiting = (files.data ?? []).filter((f) => f.verdict === 'refused' && f.canRecheck && f.codes.some((c) => TRUST_CODES.includes(c)));
  if (waiting.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="waiting-title">
      <h2 id="waiting-title">Refused files to check again ({waiting.length})</h2>
      <p>
        {waiting.length === 1 ? 'One file was' : `${waiting.length} files were`} refused because of the keys on your list. If you have just trusted the right key, check{' '}
        {waiting.length === 1 ? 'it' : 'them'} again; each one's reasons are on <a href={hrefOf('received')}>Reports received</a>.
      </p>
      <button type="button" disabled={checking.pending} onClick={() => void checking.recheck(waiting.map((f) => f.id))}>
        Check the refused {waiting.length === 1 ? 'file' : 'files'} again
      </button>
      <ApiErrorNote error={checking.error} />
    </section>
  );
}

/** The trust list: first on a new regional office, where it is the first job. */
export function TrustedKeys(_: ScreenProps) {
  const keys = useApiQuery('listTrustedKeys', {});
  const list = keys.data ?? [];
  if (!keys.data) return <ApiErrorNote error={keys.error} />;
  return (
    <div className="region">
      <ApiErrorNote error={keys.error} />
      <TrustForm first={list.length === 0} />
      <RefusedWaiting />
      <KeyList keys={list} />
    </div>
  );
}
