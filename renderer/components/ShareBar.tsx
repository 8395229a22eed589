import { toDrawingNumber, formatPercent, type Rational } from '../../shared/rational';

interface BarSegment {
  label: string;
  value: number;
  /** How the value is written in the legend, when not the plain number. */
  shown?: string;
  className: string;
}

interface ShareBarProps {
  title: string;
  /** Stacked parts of the bar, in units of `total`. */
  segments: BarSegment[];
  total: number;
  /** Drawn as a line across the bar when given. */
  threshold?: { value: Rational; strict: boolean };
  /** The share the bar shows, said in its description for screen readers. */
  share: Rational | null;
}

const WIDTH = 560;
const HEIGHT = 44;

/** One horizontal bar of results with the threshold drawn across it. */
export function ShareBar({ title, segments, total, threshold, share }: ShareBarProps) {
  const t = threshold ? toDrawingNumber(threshold.value) : null;
  // Each segment starts where the ones before it end.
  const widths = segments.map((s) => (total === 0 ? 0 : (s.value / total) * WIDTH));
  const starts = widths.map((_, i) => widths.slice(0, i).reduce((a, b) => a + b, 0));
  const thresholdText = threshold ? ` Threshold: ${threshold.strict ? 'more than' : 'at least'} ${formatPercent(threshold.value)}.` : '';
  const description = `${title}: ${segments.map((s) => `${s.label} ${s.shown ?? s.value}`).join(', ')}.${share ? ` Share ${formatPercent(share)}.` : ''}${thresholdText}`;
  return (
    <figure className="share-bar">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT + (threshold ? 36 : 10)}`} role="img" aria-label={description} width="100%">
        <rect x={0} y={8} width={WIDTH} height={HEIGHT} className="bar-track" />
        {segments.map((s, i) => (
          <rect key={s.label} x={starts[i]} y={8} width={widths[i]} height={HEIGHT} className={s.className} />
        ))}
        {t !== null && threshold ? (
          <>
            <line x1={t * WIDTH} x2={t * WIDTH} y1={0} y2={HEIGHT + 16} className="threshold-line" />
            <text x={Math.min(Math.max(t * WIDTH, 70), WIDTH - 70)} y={HEIGHT + 28} textAnchor="middle" className="threshold-label">
              threshold {formatPercent(threshold.value)}
            </text>
          </>
        ) : null}
      </svg>
      <figcaption>
        <ul className="legend">
          {segments.map((s) => (
            <li key={s.label}>
              <span className={`swatch ${s.className}`} aria-hidden="true" /> {s.label}: {s.shown ?? s.value}
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
