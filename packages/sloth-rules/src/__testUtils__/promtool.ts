import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Debian's prometheus package; ./trinity test installs it. */
export const PROMTOOL = '/usr/bin/promtool';

export function requirePromtool() {
  if (!fs.existsSync(PROMTOOL)) {
    throw new Error(
      `${PROMTOOL} is missing: install the Debian package prometheus (./trinity test installs it)`,
    );
  }
}

/** Runs promtool in `cwd`; a failure throws with promtool's own output. */
export function promtool(args: string[], cwd: string) {
  try {
    return execFileSync(PROMTOOL, args, {
      cwd,
      encoding: 'utf8',
      stdio: 'pipe',
    });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string };
    throw new Error(
      `promtool ${args.join(' ')}:\n${failure.stdout}${failure.stderr}`,
    );
  }
}
