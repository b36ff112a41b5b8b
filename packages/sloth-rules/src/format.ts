/**
 * Numbers and durations as Sloth prints them (Go's `%g` and Prometheus'
 * duration strings), so the rules read byte for byte like Sloth's.
 */

/**
 * Go's `%g` for a float64 (strconv.FormatFloat(x, 'g', -1, 64)): the
 * shortest digits that read back as the same number, in exponent form when
 * the exponent is below -4, e.g. `0.0009999999999999432`,
 * `1.2345e-05`, `14.4`. (Large numbers switch to exponent form
 * too, at 1e21 here; Sloth prints none: ratios, burn factors, days.)
 */
export function goFloat(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 21) {
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  // Fixed notation with the same shortest digits.
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  let fixed: string;
  if (exponent < 0) {
    fixed = `0.${'0'.repeat(-exponent - 1)}${digits}`;
  } else if (digits.length > exponent + 1) {
    fixed = `${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  } else {
    fixed = digits.padEnd(exponent + 1, '0');
  }
  return negative ? `-${fixed}` : fixed;
}

const UNITS: Array<[string, number]> = [
  ['d', 86_400],
  ['h', 3_600],
  ['m', 60],
  ['s', 1],
];

/** Seconds → a Prometheus duration as Sloth writes it: `5m`, `1h`, `3d`, `30d`. */
export function promDuration(seconds: number): string {
  for (const [unit, size] of UNITS) {
    if (seconds % size === 0) return `${seconds / size}${unit}`;
  }
  return `${seconds}s`;
}

/** A Prometheus duration (`5m`, `1h30m`, `30d`) → seconds. */
export function parseDuration(text: string): number {
  const units: Record<string, number> = {
    w: 604_800,
    d: 86_400,
    h: 3_600,
    m: 60,
    s: 1,
  };
  const parts = [...text.matchAll(/(\d+)([wdhms])/g)];
  if (!parts.length || parts.map(part => part[0]).join('') !== text) {
    throw new Error(`"${text}" is not a Prometheus duration`);
  }
  return parts.reduce(
    (sum, [, count, unit]) => sum + Number(count) * units[unit],
    0,
  );
}
