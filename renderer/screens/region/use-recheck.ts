import { call } from '../../api-client';
import { useAppStore } from '../../app-store';
import { followJob, useApiTask } from '../../use-api';

/** Checks refused files again (after the trust list changed), and says in one sentence what became of them. */
export function useRecheck() {
  const notify = useAppStore((s) => s.notify);
  const task = useApiTask();
  const recheck = async (ids: readonly number[]) => {
    const answer = await task.run(async () => {
      const started = await call('recheckReports', { ids: [...ids] });
      return (await followJob(started, () => undefined)).reports ?? [];
    });
    if (!answer) return;
    const count = (...verdicts: string[]) => answer.filter((r) => verdicts.includes(r.verdict)).length;
    const parts = [
      [count('accepted', 'flagged'), 'now accepted'],
      [count('duplicate'), 'already here'],
      [count('refused'), 'still refused'],
    ] as const;
    const said = parts.filter(([n], i) => n > 0 || i === 0).map(([n, words]) => `${n} ${words}`);
    notify(`${answer.length} ${answer.length === 1 ? 'file' : 'files'} checked again: ${said.join(', ')}.`);
  };
  return { recheck, pending: task.pending, error: task.error };
}
