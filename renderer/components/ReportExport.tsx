import { call } from '../api-client';
import { useAppStore } from '../app-store';
import { download } from '../download';
import { useApiTask } from '../use-api';
import { ApiErrorNote } from './ApiErrorNote';
import type { ReportEnvelope } from '../../shared/report/report-schema';


/** Export the signed report: the next revision, interim or final. */
export function ReportExport({ complaintsByStatus }: { complaintsByStatus: Record<string, number> }) {
  const notify = useAppStore((s) => s.notify);
  const exporting = useApiTask();
  const run = (status: 'interim' | 'final') =>
    exporting.run(async () => {
      const r = await call('exportReport', { status });
      download(r.fileName, r.json, 'application/json');
      // The same facts for people, with the JSON file's hash to tie the two together.
      const { reportPdf } = await import('../../shared/report/report-pdf'); // the PDF library loads only when needed
      const pdf = await reportPdf(JSON.parse(r.json) as ReportEnvelope, r.sha256, complaintsByStatus);
      download(r.fileName.replace(/\.teller\.json$/, '.pdf'), pdf, 'application/pdf');
      notify(`${status === 'final' ? 'Final' : 'Interim'} report, revision ${r.revision}, saved as ${r.fileName} and a PDF.`);
    });
  return (
    <section className="panel panel-wide" aria-labelledby="export-title">
      <h2 id="export-title">Signed report</h2>
      <p>The report holds the results, figures and counts, never a member's identity. Each export is the next revision.</p>
      <div className="actions-row">
        <button type="button" onClick={() => void run('interim')}>
          Export an interim report
        </button>
        <button type="button" className="primary" onClick={() => void run('final')}>
          Export the final report
        </button>
      </div>
      <ApiErrorNote error={exporting.error}>{exporting.error?.message.includes('Settings') ? <a href="#/settings">Go to Settings</a> : null}</ApiErrorNote>
    </section>
  );
}
