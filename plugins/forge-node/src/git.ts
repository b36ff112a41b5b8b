import { execFile } from 'node:child_process';

/**
 * Runs the system `git` (the local forge's only dependency) without a shell,
 * with no user or system config, so results do not depend on the machine.
 */
export function git(
  args: string[],
  options: {
    cwd?: string;
    author?: { name: string; email: string };
    /**
     * Extra git config for this run, passed in the environment
     * (GIT_CONFIG_COUNT…) so that values such as an auth header never
     * appear in the process list.
     */
    config?: Record<string, string>;
  } = {},
): Promise<string> {
  const config = Object.entries(options.config ?? {});
  const author = options.author ?? {
    name: 'Trinity',
    email: 'trinity@users.noreply.invalid',
  };
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      args,
      {
        cwd: options.cwd,
        maxBuffer: 64 * 1024 * 1024,
        env: {
          PATH: process.env.PATH ?? '/usr/bin:/bin',
          HOME: '/nonexistent',
          GIT_CONFIG_NOSYSTEM: '1',
          GIT_CONFIG_GLOBAL: '/dev/null',
          GIT_TERMINAL_PROMPT: '0',
          GIT_AUTHOR_NAME: author.name,
          GIT_AUTHOR_EMAIL: author.email,
          GIT_COMMITTER_NAME: 'Trinity',
          GIT_COMMITTER_EMAIL: 'trinity@users.noreply.invalid',
          GIT_CONFIG_COUNT: String(config.length),
          ...Object.fromEntries(
            config.flatMap(([key, value], index) => [
              [`GIT_CONFIG_KEY_${index}`, key],
              [`GIT_CONFIG_VALUE_${index}`, value],
            ]),
          ),
        },
      },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(
              `git ${args[0]} failed: ${stderr.trim() || error.message}`,
            ),
          );
        } else {
          resolve(stdout);
        }
      },
    );
  });
}
