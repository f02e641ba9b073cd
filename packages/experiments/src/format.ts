/** Number formats shared by the verdict, the markdown and the charts' captions. */

/** 0.1234 -> "12.34 %". */
export function formatPercent(value: number, digits = 2): string {
  if (!Number.isFinite(value)) return value > 0 ? '+inf' : value < 0 ? '-inf' : 'n/a';
  return `${(value * 100).toFixed(digits)} %`;
}

/** 0.05 -> "+5.0 %", -0.02 -> "-2.0 %". */
export function formatSignedPercent(value: number, digits = 1): string {
  if (!Number.isFinite(value)) return value > 0 ? '+inf' : value < 0 ? '-inf' : 'n/a';
  return `${value >= 0 ? '+' : ''}${(value * 100).toFixed(digits)} %`;
}

/** An interval of relative lifts: "[+1.2 %, +8.0 %]". */
export function formatLiftInterval(lower: number, upper: number, digits = 1): string {
  return `[${formatSignedPercent(lower, digits)}, ${formatSignedPercent(upper, digits)}]`;
}

/** A p-value: 3 significant digits, "< 1e-16" below double precision. */
export function formatPValue(p: number): string {
  if (!Number.isFinite(p)) return 'n/a';
  if (p < 1e-16) return '< 1e-16';
  if (p < 0.001) return p.toExponential(1);
  return p.toPrecision(2);
}

/** 12345.6 -> "12,346". */
export function formatCount(value: number): string {
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : 'n/a';
  return Math.round(value).toLocaleString('en-US');
}

/** "p = 0.003", "p = 2.1e-7", "p < 1e-16". */
export function formatPEquals(p: number): string {
  const text = formatPValue(p);
  return text.startsWith('<') ? `p ${text}` : `p = ${text}`;
}
