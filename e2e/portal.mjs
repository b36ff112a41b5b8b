// Starts the portal the way the README says (./trinity start) on a fresh data
// directory, waits until frontend and backend answer, and stops it again.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
);
// One port: the backend serves the built frontend (./trinity start).
export const appUrl = 'http://localhost:7007';
export const backendUrl = 'http://localhost:7007';
export const demoFleetAdminUrl = 'http://127.0.0.1:7100';

function portTaken(port) {
  return new Promise(resolve => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitFor(url, deadline, isReady = res => res.ok) {
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (await isReady(res)) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${url} not ready in time (last: ${last})`);
}

export async function startPortal({ timeoutMs = 420_000 } = {}) {
  for (const port of [7007, 7100, 7105, 7111, 7121, 7131, 7140]) {
    if (await portTaken(port)) {
      throw new Error(
        `port ${port} is in use: stop the running portal before the browser test`,
      );
    }
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'trinity-e2e-'));
  const logFile = path.join(repoRoot, 'test-results', 'portal.log');
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.openSync(logFile, 'w');
  const child = spawn(path.join(repoRoot, 'trinity'), ['start'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      TRINITY_DATA_DIR: dataDir,
      BROWSER: 'none',
      // The anti-flap window as configured by default: a drain undone
      // within it is its rollback and allowed (the drain test), and so is
      // the evacuation's return; tests that change the same cluster again
      // are minutes apart.
      TRINITY_TRAFFIC_COOLDOWN_SECONDS: '60',
    },
    stdio: ['ignore', log, log],
    detached: true,
  });
  let exited = null;
  child.once('exit', code => {
    exited = code;
  });
  const stop = async () => {
    if (exited === null) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      await new Promise(resolve => {
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            /* already gone */
          }
          resolve();
        }, 10_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    const deadline = Date.now() + timeoutMs;
    await waitFor(`${backendUrl}/.backstage/health/v1/readiness`, deadline);
    await waitFor(
      appUrl,
      deadline,
      async res => res.ok && (await res.text()).includes('<div id="root">'),
    );
  } catch (error) {
    await stop();
    throw new Error(`${error.message}; portal log: ${logFile}`);
  }
  return { stop, logFile };
}

/** Switches a demo cluster's scenario through the demo fleet's admin API. */
export async function setScenario(cluster, change) {
  const res = await fetch(`${demoFleetAdminUrl}/clusters/${cluster}/scenario`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(change),
  });
  if (!res.ok)
    throw new Error(
      `scenario ${cluster}: HTTP ${res.status} ${await res.text()}`,
    );
}
