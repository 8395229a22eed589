import type { TellerState } from '../../shared/api';
import { ballotStatus, type BallotStatus } from '../../shared/ballot-status';
import { OutcomeStatus } from '../components/OutcomeStatus';
import { formatUkDate } from '../../shared/dates';
import type { ClassTally } from '../../shared/outcome';
import { formatPercent, mul, toDrawingNumber } from '../../shared/rational';
import { presetById, type UnitClass } from '../../shared/rules';
import { RulesInWords } from '../components/RulesInWords';
import { ReportExport } from '../components/ReportExport';
import { ShareBar } from '../components/ShareBar';
import { StartChecklist } from '../components/StartChecklist';
import { CATEGORY_WORDS, STATUS_WORDS } from './Complaints';

const CLASS_TITLE: Record<UnitClass, string> = { branches: 'Branches', affiliates: 'Affiliates' };

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function ResultsBar({ cls, status }: { cls: UnitClass; status: BallotStatus }) {
  const c = status.reported[cls];
  return (
    <ShareBar
      title={`${CLASS_TITLE[cls]} results`}
      total={status.units[cls]}
      share={null}
      segments={[
        { label: 'Selection', value: c.selection, className: 'seg-selection' },
        { label: 'Reselect', value: c.reselect, className: 'seg-reselect' },
        { label: 'Tie', value: c.tie, className: 'seg-tie' },
        { label: 'No vote', value: c.noVote, className: 'seg-novote' },
        { label: 'Not yet reported', value: status.pending[cls], className: 'seg-pending' },
      ]}
    />
  );
}

function shareText(t: ClassTally): string {
  if (t.share === null) return 'No units to count yet';
  return `${formatPercent(t.share)} selection share (${toDrawingNumber(t.numerator)} of ${plural(t.denominator, 'unit')} counted)`;
}

function ClassPanel({ cls, status }: { cls: UnitClass; status: BallotStatus }) {
  const tally = status.soFar.classes[cls];
  const { rules, threshold } = status.parsed;
  const reportedCount = status.units[cls] - status.pending[cls];
  return (
    <section className="panel" aria-labelledby={`class-${cls}`}>
      <h2 id={`class-${cls}`}>{CLASS_TITLE[cls]}</h2>
      <p className="big-figure">
        {reportedCount} of {status.units[cls]} reported
      </p>
      <ResultsBar cls={cls} status={status} />
      <h3>Selection share</h3>
      <p>{shareText(tally)}</p>
      <ShareBar
        title={`${CLASS_TITLE[cls]} selection share`}
        total={1}
        share={tally.share}
        threshold={rules.method === 'either' ? { value: threshold, strict: rules.strict } : undefined}
        segments={[{ label: 'Selection share', value: tally.share ? toDrawingNumber(tally.share) : 0, shown: tally.share ? formatPercent(tally.share) : '—', className: 'seg-selection' }]}
      />
      {rules.method === 'either' ? (
        <p className={tally.reached ? 'verdict-inline triggered' : 'verdict-inline'}>{tally.reached ? 'This class reaches the threshold.' : 'This class does not reach the threshold.'}</p>
      ) : null}
    </section>
  );
}

function CombinedPanel({ status }: { status: BallotStatus }) {
  const { rules, threshold } = status.parsed;
  const share = status.soFar.share;
  if (rules.method === 'either' || share === null) return null;
  const weights = status.soFar.effectiveWeights;
  const segments =
    rules.method === 'college' && weights
      ? (['branches', 'affiliates'] as const).map((cls) => {
          const part = mul(weights[cls], status.soFar.classes[cls].share ?? { n: 0n, d: 1n });
          return { label: `From ${cls} (weight ${formatPercent(weights[cls])})`, value: toDrawingNumber(part), shown: formatPercent(part), className: `seg-${cls}` };
        })
      : [{ label: 'Selection share, all units together', value: toDrawingNumber(share), shown: formatPercent(share), className: 'seg-selection' }];
  return (
    <section className="panel panel-wide" aria-labelledby="combined">
      <h2 id="combined">{rules.method === 'college' ? 'Electoral college' : 'All units together'}</h2>
      <p className="big-figure">{formatPercent(share)} combined selection share</p>
      <ShareBar title="Combined selection share" total={1} share={share} threshold={{ value: threshold, strict: rules.strict }} segments={segments} />
    </section>
  );
}

function whatItTakes(status: BallotStatus): string[] {
  const { ahead } = status;
  const lines: string[] = [];
  if (ahead.certain === 'triggered') lines.push('Certain: a selection is triggered whatever the remaining units report.');
  else if (ahead.certain === 'not-triggered') lines.push('Certain: a selection cannot be triggered, even if every remaining unit asks for one.');
  else lines.push('Not yet certain: the remaining units can still change the outcome.');
  const where = (a: { branches: number; affiliates: number }) =>
    [a.branches ? plural(a.branches, 'branch', 'branches') : '', a.affiliates ? plural(a.affiliates, 'affiliate') : ''].filter(Boolean).join(' and ');
  if (ahead.certain === null) {
    const t = ahead.fewestToTrigger;
    const m = ahead.fewestToMakeCertain;
    if (t) {
      lines.push(
        t.total === 0
          ? 'A selection can be triggered with no further selection results, depending on how the other units report.'
          : `At least ${plural(t.total, 'more selection result')} could trigger a selection (${where(t)}), depending on how the other units report.`,
      );
    }
    if (m) lines.push(`${plural(m.total, 'more selection result')} (${where(m)}) would trigger a selection whatever the others report.`);
  }
  return lines;
}

function Headline({ status }: { status: BallotStatus }) {
  const pendingTotal = status.pending.branches + status.pending.affiliates;
  const tone = status.certain === null ? 'undecided' : status.certain === 'triggered' ? 'triggered' : 'not-triggered';
  return (
    <section className={`headline ${tone}`} aria-labelledby="headline">
      <OutcomeStatus status={status} id="headline" />
      <p>
        {pendingTotal === 0
          ? 'Every unit has reported.'
          : `${plural(pendingTotal, 'unit')} still to report (${plural(status.pending.branches, 'branch', 'branches')}, ${plural(status.pending.affiliates, 'affiliate')}); they count as not voting until they do.`}
      </p>
      <ul className="what-it-takes">
        {whatItTakes(status).map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </section>
  );
}

function RulesPanel({ state }: { state: TellerState }) {
  const ballot = state.ballot;
  if (!ballot) return null;
  const preset = presetById(ballot.rules.id);
  return (
    <section className="panel panel-wide" aria-labelledby="rules">
      <h2 id="rules">The rules: {preset ? preset.title : `custom rule set "${ballot.rules.id}"`}</h2>
      <RulesInWords rules={ballot.rules} preset={preset} />
      <p>
        Freeze date {formatUkDate(ballot.freezeDate)}. Branch meetings from {formatUkDate(ballot.opensOn)}; results close {formatUkDate(ballot.closesOn)}.
      </p>
    </section>
  );
}

function ComplaintsPanel({ state }: { state: TellerState }) {
  const c = state.complaints;
  return (
    <section className="panel panel-wide" aria-labelledby="complaints-summary">
      <h2 id="complaints-summary">
        Complaints: {c.total} ({c.byStatus.open ?? 0} open)
      </h2>
      {c.total > 0 ? (
        <>
          <h3 id="complaints-by-status">By status</h3>
          <dl className="desk-counts" aria-labelledby="complaints-by-status">
            {Object.entries(STATUS_WORDS).map(([k, w]) => (
              <div key={k}>
                <dt>{w}</dt>
                <dd>{c.byStatus[k] ?? 0}</dd>
              </div>
            ))}
          </dl>
          <h3 id="complaints-by-category">By category</h3>
          <dl className="desk-counts" aria-labelledby="complaints-by-category">
            {Object.entries(CATEGORY_WORDS).map(([k, w]) => (
              <div key={k}>
                <dt>{w}</dt>
                <dd>{c.byCategory[k] ?? 0}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p>None logged.</p>
      )}
    </section>
  );
}

export function Dashboard({ state, param }: { state: TellerState; param?: string | null }) {
  const status = ballotStatus(state);
  if (!status) {
    return (
      <>
        <StartChecklist />
        <section className="panel">
          <h2>No trigger ballot yet</h2>
          <p>
            Set up the ballot (freeze date, timetable and rules) on the <a href="#/setup">Set-up</a> page, then record results as units report.
          </p>
        </section>
      </>
    );
  }
  return (
    <div className="dashboard">
      <StartChecklist />
      <Headline status={status} />
      <CombinedPanel status={status} />
      <div className="class-panels">
        <ClassPanel cls="branches" status={status} />
        <ClassPanel cls="affiliates" status={status} />
      </div>
      <ComplaintsPanel state={state} />
      <RulesPanel state={state} />
      <ReportExport complaintsByStatus={state.complaints.byStatus} resume={param === 'export'} />
    </div>
  );
}
