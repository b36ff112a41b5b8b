import crypto from 'node:crypto';

/**
 * Deterministic numbers: the same seed and key always give the same value in
 * [0, 1). Data that "moves with time" takes the time bucket as part of its
 * key, so tests can pin the clock and assert exact values.
 */
export function unit(seed: string, ...key: Array<string | number>): number {
  const digest = crypto
    .createHash('sha256')
    .update([seed, ...key].join('|'))
    .digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

export function hex(
  seed: string,
  length: number,
  ...key: Array<string | number>
) {
  return crypto
    .createHash('sha256')
    .update([seed, ...key].join('|'))
    .digest('hex')
    .slice(0, length);
}
