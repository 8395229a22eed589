import type { StartChecklist as Steps } from '../../shared/api';
import { hrefOf } from '../route-link';
import { useApiQuery } from '../use-api';
import { ApiErrorNote } from './ApiErrorNote';

/** The first steps of a new CLP, in order: what each is, and where it is done (a screen, and the section on it). */
const STEPS: { key: keyof Steps; title: string; href: string; link: string }[] = [
  { key: 'clp', title: 'Name the CLP and its MP', href: hrefOf('setup', 'clp-form'), link: 'The CLP' },
  { key: 'branches', title: 'Add the branches', href: hrefOf('setup', 'branches-editor'), link: 'Branches' },
  { key: 'affiliates', title: 'Add the affiliates', href: hrefOf('setup', 'affiliates-editor'), link: 'Affiliates' },
  { key: 'ballot', title: 'Set up the trigger ballot: freeze date, timetable and rules', href: hrefOf('setup', 'ballot-form'), link: 'Trigger ballot' },
  { key: 'membersList', title: 'Import the membership list', href: hrefOf('members', 'import-members'), link: 'Membership list' },
  { key: 'whoMayVote', title: 'Check and save who may vote', href: hrefOf('members', 'eligibility-title'), link: 'Who may vote' },
  { key: 'signingKey', title: 'Create the signing key for your reports', href: hrefOf('settings', 'signing-title'), link: 'Signing key' },
];

/**
 * The dashboard's checklist after set-up: each step ticked off when the store shows it done,
 * each with a link to where it is done. It goes once every step is done.
 */
export function StartChecklist() {
  const steps = useApiQuery('getStartChecklist', {});
  const s = steps.data;
  if (!s) return <ApiErrorNote error={steps.error} />;
  const done = STEPS.filter((step) => s[step.key]).length;
  if (done === STEPS.length) return null;
  return (
    <section className="panel start-checklist" aria-labelledby="start-title">
      <h2 id="start-title">Getting started</h2>
      <p>
        {done} of {STEPS.length} steps done. Each is ticked off here as soon as it is done.
      </p>
      <ol>
        {STEPS.map((step) => {
          const isDone = s[step.key];
          return (
            <li key={step.key} className={isDone ? 'done' : 'to-do'}>
              <span className="tick" aria-hidden="true">
                {isDone ? '✓' : ''}
              </span>
              <span className="step-title">{step.title}</span>
              <span className="visually-hidden">{isDone ? ' (done)' : ' (not done yet)'}</span>{' '}
              <a href={step.href} aria-label={`${step.link}: ${isDone ? 'look again' : 'do it now'}`}>
                {isDone ? 'Look again' : 'Do it now'}
              </a>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
