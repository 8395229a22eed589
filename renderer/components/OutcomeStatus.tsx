import { statusHeadline, verdictSoFar, type BallotStatus } from '../../shared/ballot-status';

/**
 * The outcome as far as it is known: "Not decided yet" until no unit still to report can
 * change it, with the verdict so far underneath; never a verdict pending units could change
 * presented as settled. `late` marks affiliate decisions that arrived after the closing date.
 */
export function OutcomeStatus({ status, as: Heading = 'h2', id }: { status: BallotStatus; as?: 'h2' | 'h3'; id?: string }) {
  const pending = status.pending.branches + status.pending.affiliates;
  const decided = status.certain !== null;
  const headline = statusHeadline(status);
  const tone = !decided ? 'undecided' : status.certain === 'triggered' ? 'triggered' : 'not-triggered';
  return (
    <div className={`outcome-status ${tone}`}>
      <Heading id={id}>
        {headline}
        {decided ? (pending === 0 ? ' — final' : ' — already certain') : ''}
      </Heading>
      <p className="verdict-so-far">{verdictSoFar(status)}</p>
      {status.late.affiliates > 0 ? (
        <p className="late-mark">
          <strong>Late:</strong> {status.late.affiliates} affiliate decision{status.late.affiliates === 1 ? '' : 's'} arrived after the closing date and{' '}
          {status.late.counted ? (status.late.affiliates === 1 ? 'is counted' : 'are counted') : `${status.late.affiliates === 1 ? 'is' : 'are'} left out (counted as not voting)`}, as this ballot's
          settings say.
        </p>
      ) : null}
    </div>
  );
}
