interface SparklineProps {
  /** Oldest first; null where the sample had no value (the line breaks there). */
  values: (number | null)[];
  /** How many samples fill the width: fewer are drawn right-aligned, so the time scale stays put. */
  capacity: number;
  /** Read by screen readers instead of the drawing: say what it shows and the latest value. */
  label: string;
  width?: number;
  height?: number;
}

/** A line chart of recent samples in inline SVG, scaled from 0 to the largest value shown. */
export function Sparkline({ values, capacity, label, width = 240, height = 48 }: SparklineProps) {
  const max = Math.max(1, ...values.filter((value): value is number => value !== null));
  const step = width / Math.max(1, capacity - 1);
  const offset = capacity - values.length;
  const points = values.map((value, i) =>
    value === null ? null : { x: (offset + i) * step, y: height - 3 - (value / max) * (height - 6) },
  );
  const path = points.map((point, i) => (point ? `${points[i - 1] ? 'L' : 'M'}${point.x.toFixed(1)},${point.y.toFixed(1)}` : '')).join('');
  const latest = points[points.length - 1];
  return (
    <svg className="ops-sparkline" role="img" aria-label={label} viewBox={`0 0 ${width} ${height}`} width={width} height={height}>
      <line className="ops-sparkline-axis" x1={0} y1={height - 1} x2={width} y2={height - 1} />
      {path && <path className="ops-sparkline-line" d={path} />}
      {latest && <circle className="ops-sparkline-latest" cx={latest.x} cy={latest.y} r={2.5} />}
    </svg>
  );
}
