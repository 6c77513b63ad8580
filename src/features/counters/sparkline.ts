/** The points of a sparkline: values over time scaled into a width × height box (SVG polyline). Pure. */
export function sparklinePoints(samples: readonly { t: number; v: number }[], width: number, height: number): string {
  if (samples.length === 0) return '';
  const t0 = samples[0]!.t;
  const t1 = samples.at(-1)!.t;
  const max = Math.max(1, ...samples.map((s) => s.v));
  const x = (t: number) => (t1 === t0 ? width : ((t - t0) / (t1 - t0)) * width);
  const y = (v: number) => height - (v / max) * height;
  const pts: string[] = [];
  // A step line: a counter keeps its value until the next point.
  samples.forEach((s, i) => {
    if (i > 0) pts.push(`${x(s.t).toFixed(1)},${y(samples[i - 1]!.v).toFixed(1)}`);
    pts.push(`${x(s.t).toFixed(1)},${y(s.v).toFixed(1)}`);
  });
  if (samples.length === 1) pts.unshift(`0,${y(samples[0]!.v).toFixed(1)}`);
  return pts.join(' ');
}

type CounterName = 'write' | 'read' | 'flush' | 'corruption' | 'generation';
type Counts = Record<CounterName, number>;
const sum = (e: Counts) => e.write + e.read + e.flush + e.corruption + e.generation;

/** Errors counted up to each point, resets included (a reset does not make the line drop). */
export function cumulativeErrors(points: readonly { at: string; values: Counts; delta: Counts }[]): { t: number; v: number }[] {
  const out: { t: number; v: number }[] = [];
  for (const [i, p] of points.entries()) out.push({ t: Date.parse(p.at), v: i === 0 ? sum(p.values) : out[i - 1]!.v + sum(p.delta) });
  return out;
}
