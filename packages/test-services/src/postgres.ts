import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, run } from './process';

export interface RealPostgres {
  host: string;
  port: number;
  user: string;
  /** A connection URL to the `postgres` database. */
  url: string;
  /** A fast restart (`pg_ctl restart -m fast`): every connection is dropped. */
  restart(): Promise<void>;
  /** A fast stop; `start` brings the same data back. */
  halt(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The newest PostgreSQL server installed from Debian (postgresql-NN). */
function binDir() {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter(version =>
          fs.existsSync(path.join(root, version, 'bin', 'pg_ctl')),
        )
        .sort((left, right) => Number(right) - Number(left))
    : [];
  if (!versions.length) {
    throw new Error(
      `no PostgreSQL server under ${root}: install the Debian package postgresql (./trinity test installs it)`,
    );
  }
  return path.join(root, versions[0], 'bin');
}

/**
 * A private PostgreSQL server from Debian's packages on a throwaway data
 * directory and a free loopback port, trust auth. Private, so a test may
 * restart it without touching the machine's own server. PostgreSQL refuses
 * to run as root; as root, it runs as the `postgres` user.
 */
export async function startPostgres(): Promise<RealPostgres> {
  const bin = binDir();
  const asRoot = process.getuid?.() === 0;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-pg-'));
  const data = path.join(dir, 'data');
  fs.mkdirSync(data, { mode: 0o700 });
  if (asRoot) {
    const uid = Number(run('id', ['-u', 'postgres']).trim());
    const gid = Number(run('id', ['-g', 'postgres']).trim());
    fs.chownSync(dir, uid, gid);
    fs.chownSync(data, uid, gid);
  }
  const logFile = path.join(dir, 'postgres.log');
  const logTail = () =>
    fs.existsSync(logFile)
      ? `\n${fs.readFileSync(logFile, 'utf8').slice(-1500)}`
      : '';
  const pg = (tool: string, args: string[]) => {
    const command = asRoot ? 'runuser' : path.join(bin, tool);
    const argv = asRoot
      ? ['-u', 'postgres', '--', path.join(bin, tool), ...args]
      : args;
    const result = spawnSync(command, argv, { encoding: 'utf8', cwd: dir });
    if (result.status !== 0) {
      throw new Error(
        `${tool} ${args.join(' ')} failed (${result.status}): ${
          result.stderr || result.stdout
        }${logTail()}`,
      );
    }
  };
  pg('initdb', [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
  ]);
  const port = await freePort();
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    "-c listen_addresses='127.0.0.1'",
    '-c fsync=off',
    '-c max_connections=200',
  ].join(' ');
  const ctl = (...args: string[]) =>
    pg('pg_ctl', ['-D', data, '-l', logFile, '-w', '-t', '60', ...args]);
  ctl('-o', options, 'start');
  let running = true;
  return {
    host: '127.0.0.1',
    port,
    user: 'postgres',
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    async restart() {
      ctl('-m', 'fast', '-o', options, 'restart');
    },
    async halt() {
      ctl('-m', 'fast', 'stop');
      running = false;
    },
    async start() {
      ctl('-o', options, 'start');
      running = true;
    },
    async stop() {
      if (running) ctl('-m', 'immediate', 'stop');
      running = false;
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
