import type { RegionClp } from '../../../shared/api';
import { formatUkDate } from '../../../shared/dates';
import { formatPercent, parseRatio } from '../../../shared/rational';
import { fingerprint } from '../../../shared/report/fingerprint';
import { formatUkTimestamp } from '../../../shared/time';
import { ApiErrorNote } from '../../components/ApiErrorNote';
import { hrefOf, type ScreenProps } from '../../route-link';
import { useApiQuery } from '../../use-api';
import { MarkBadge } from './Overview';
import { Problems } from './Problems';
import { AFFILIATE_KIND_WORDS, resultWords, verdictWords } from './words';
import './region.css';

type Revision = RegionClp['revisions'][number];

function Standing({ clp }: { clp: RegionClp }) {
  const share = clp.outcome.share ? parseRatio(clp.outcome.share) : null;
  const threshold = parseRatio(clp.rules.threshold);
  const standing = clp.status === 'final' ? 'final' : clp.outcome.certain ? 'interim' : 'undecided';
  return (
    <section className={`panel headline ${clp.outcome.triggered ? 'triggered' : 'not-triggered'}`} aria-labelledby="clp-title">
      <p className="back-link">
        <a href={hrefOf('overview')}>← The region</a>
      </p>
      <h2 id="clp-title">
        {clp.clp} CLP: {clp.outcome.triggered ? 'triggered' : 'not triggered'}
      </h2>
      <div className="marks">
        <MarkBadge mark={standing === 'final' ? { kind: 'final', word: 'Final' } : standing === 'interim' ? { kind: 'interim', word: 'Interim, outcome certain' } : { kind: 'undecided', word: 'Interim, undecided' }} />
        {clp.complaints.open > 0 ? <MarkBadge mark={{ kind: 'complaints', word: `${clp.complaints.open} open ${clp.complaints.open === 1 ? 'complaint' : 'complaints'}` }} /> : null}
        {clp.revokedKey ? <MarkBadge mark={{ kind: 'revoked', word: 'Signed by a key since revoked' }} /> : null}
      </div>
      <dl className="record-view">
        <dt>Report</dt>
        <dd>
          Revision {clp.revision} ({clp.status}), issued {formatUkTimestamp(clp.issuedAt)}, report format version {clp.version}
        </dd>
        <dt>MP</dt>
        <dd>{clp.mp}</dd>
        <dt>Membership frozen on</dt>
        <dd>{formatUkDate(clp.freezeDate)}</dd>
        <dt>Outcome</dt>
        <dd>
          {share && threshold ? `${formatPercent(share)} against a threshold of ${formatPercent(threshold)}` : 'each class against its own threshold'}
          {clp.status === 'final' ? '' : clp.outcome.certain === true ? '; it cannot change whatever the units yet to report decide.' : clp.outcome.certain === false ? '; it could still change.' : '; this report cannot say whether it could still change.'}
        </dd>
        <dt>Branches</dt>
        <dd>
          {clp.reported.branches.reported} of {clp.reported.branches.units} reported{clp.reported.branches.pending > 0 ? `, ${clp.reported.branches.pending} pending` : ''}
        </dd>
        <dt>Affiliates</dt>
        <dd>
          {clp.reported.affiliates.reported} of {clp.reported.affiliates.units} reported{clp.reported.affiliates.pending > 0 ? `, ${clp.reported.affiliates.pending} pending` : ''}
        </dd>
        <dt>Complaints</dt>
        <dd>
          {clp.complaints.total} in all, {clp.complaints.open} open
          {Object.keys(clp.complaints.byCategory).length > 0
            ? ` (${Object.entries(clp.complaints.byCategory)
                .map(([k, n]) => `${k}: ${n}`)
                .join(', ')})`
            : ''}
        </dd>
        <dt>Signed by</dt>
        <dd>
          <code>{fingerprint(clp.keyId)}</code>
        </dd>
      </dl>
    </section>
  );
}

function Branches({ clp }: { clp: RegionClp }) {
  return (
    <section className="panel" aria-labelledby="clp-branches">
      <h2 id="clp-branches">Branches ({clp.branches.length})</h2>
      <div className="table-scroll">
        <table className="audit-table">
          <thead>
            <tr>
              <th scope="col">Branch</th>
              <th scope="col">Result</th>
              <th scope="col">Meeting</th>
              <th scope="col">Attendance</th>
              <th scope="col">Selection</th>
              <th scope="col">Reselect</th>
              <th scope="col">Abstain</th>
              <th scope="col">Spoilt</th>
            </tr>
          </thead>
          <tbody>
            {clp.branches.map((b) => (
              <tr key={b.name}>
                <th scope="row">{b.name}</th>
                <td>{resultWords(b.result, b.noVoteReason)}</td>
                <td>
                  {b.meeting ? (
                    <>
                      {formatUkDate(b.meeting.date)}
                      {b.meeting.quorate ? '' : ', not quorate'}
                      {b.meeting.corrected ? (
                        <span className="mark mark-corrected">
                          Corrected after closing ({b.meeting.versions} versions)
                        </span>
                      ) : null}
                    </>
                  ) : (
                    <span className="muted">no meeting recorded</span>
                  )}
                </td>
                <td>{b.meeting ? `${b.meeting.eligibleAttendance} eligible of ${b.meeting.attendance}` : ''}</td>
                <td>{b.meeting?.votes.selection ?? ''}</td>
                <td>{b.meeting?.votes.reselect ?? ''}</td>
                <td>{b.meeting?.votes.abstain ?? ''}</td>
                <td>{b.meeting?.votes.spoilt ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Affiliates({ clp }: { clp: RegionClp }) {
  return (
    <section className="panel" aria-labelledby="clp-affiliates">
      <h2 id="clp-affiliates">Affiliates ({clp.affiliates.length})</h2>
      {clp.affiliates.length === 0 ? (
        <p className="muted">No affiliate in this report.</p>
      ) : (
        <div className="table-scroll">
          <table className="audit-table">
            <thead>
              <tr>
                <th scope="col">Affiliate</th>
                <th scope="col">Kind</th>
                <th scope="col">Result</th>
                <th scope="col">Decision received</th>
              </tr>
            </thead>
            <tbody>
              {clp.affiliates.map((a) => (
                <tr key={a.name}>
                  <th scope="row">{a.name}</th>
                  <td>{AFFILIATE_KIND_WORDS[a.kind] ?? a.kind}</td>
                  <td>
                    {resultWords(a.result, a.noVoteReason)}
                    {a.eligible === false ? <span className="unit-note">Not eligible{a.ineligibleReason ? `: ${a.ineligibleReason}` : ''}; not counted.</span> : null}
                  </td>
                  <td>
                    {a.decision ? (
                      <>
                        {formatUkDate(a.decision.receivedOn)}
                        {a.decision.late ? <span className="mark mark-late">Late</span> : null}
                      </>
                    ) : (
                      <span className="muted">{a.eligible === null ? 'not said (version 1 report)' : 'none'}</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function continuityWords(r: Revision): string {
  if (!r.continuity) return '';
  return r.continuity.message;
}

function Revisions({ clp }: { clp: RegionClp }) {
  return (
    <section className="panel" aria-labelledby="clp-revisions">
      <h2 id="clp-revisions">Every revision received ({clp.revisions.length})</h2>
      <p>
        Each version 2 report carries the CLP's audit history. A later revision must begin with everything the earlier ones held: that is how you know nothing recorded before was
        rewritten between two reports.
      </p>
      <ol className="revision-list">
        {clp.revisions.map((r) => {
          const v = verdictWords(r.verdict);
          const broken = r.codes.includes('continuity');
          return (
            <li key={r.id} className={`revision ${r.verdict === 'refused' ? 'refused-row' : ''}`}>
              <div className="revision-head">
                <strong>
                  Revision {r.revision ?? '?'}
                  {r.status ? ` (${r.status})` : ''}
                </strong>{' '}
                <span className={`mark verdict-${v.tone}`}>{v.word}</span>
                {r.revision === clp.revision && r.verdict !== 'refused' && r.verdict !== 'duplicate' ? <span className="mark mark-final">Shown in the overview</span> : null}
              </div>
              <div className="unit-note">
                {r.fileName}, received {formatUkTimestamp(r.receivedAt)}
                {r.issuedAt ? `, issued ${formatUkTimestamp(r.issuedAt)}` : ''}
              </div>
              {r.history ? (
                <p className={`continuity ${broken ? 'continuity-broken' : r.continuity?.state === 'extends' || r.continuity?.state === 'first' ? 'continuity-ok' : ''}`}>
                  <strong>History:</strong> {r.history.entries} audit entries. {continuityWords(r)}
                </p>
              ) : (
                <p className="continuity">
                  <strong>History:</strong> {r.version === 1 ? 'a version 1 report carries no history, so continuity cannot be shown.' : continuityWords(r) || 'none.'}
                </p>
              )}
              <Problems problems={r.problems} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** One CLP, opened from the overview: its standing, branches and meetings, affiliates, and every revision received with the history's continuity. */
export function ClpDetail({ param }: ScreenProps) {
  const found = useApiQuery('getRegionClp', param ? { ballotId: param } : null);
  if (!param) {
    return (
      <p>
        No CLP named. <a href={hrefOf('overview')}>Back to the region</a>
      </p>
    );
  }
  const clp = found.data?.ballotId === param ? found.data : undefined;
  if (!clp) {
    return (
      <div className="region">
        <ApiErrorNote error={found.error}>
          <a href={hrefOf('overview')}>Back to the region</a>
        </ApiErrorNote>
      </div>
    );
  }
  return (
    <div className="region">
      <Standing clp={clp} />
      <Branches clp={clp} />
      <Affiliates clp={clp} />
      <Revisions clp={clp} />
    </div>
  );
}
