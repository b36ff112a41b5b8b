/*
 * The Scaffolder as the matrix drives it: a template's files and its
 * definition from templates/, and a task run and followed as an actor.
 */
import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { parse } from 'yaml';
import { ActorId, repoRoot } from './fixtures';
import { headersOf, messageOf } from './outcome';
import { until } from './until';

/** Every file of a template's folder, as the dry-run API takes them. */
export function directoryContents(dir: string, prefix = '') {
  const out: Array<{ path: string; base64Content: string }> = [];
  for (const entry of fs.readdirSync(path.join(dir, prefix), {
    withFileTypes: true,
  })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...directoryContents(dir, rel));
    else {
      out.push({
        path: rel,
        base64Content: fs.readFileSync(path.join(dir, rel)).toString('base64'),
      });
    }
  }
  return out;
}

/** A template file of templates/, parsed. */
export function templateFile(file: string) {
  return parse(fs.readFileSync(path.join(repoRoot, 'templates', file), 'utf8'));
}

export interface TaskResult {
  id?: string;
  status: number;
  taskStatus?: string;
  /** The failure's message, or the completion's. */
  message: string;
}

/**
 * Runs a template as a task for the actor and follows it, as that actor,
 * until it completes or fails (up to 120 s).
 */
export async function runTask(
  server: any,
  actor: ActorId,
  templateRef: string,
  values: Record<string, unknown>,
): Promise<TaskResult> {
  const created = await request(server)
    .post('/api/scaffolder/v2/tasks')
    .set(headersOf(actor))
    .send({ templateRef, values });
  if (created.status !== 201) {
    return { status: created.status, message: messageOf(created.body) };
  }
  const id = created.body.id as string;
  const task = await until(
    `task ${id}`,
    async () => {
      const res = await request(server)
        .get(`/api/scaffolder/v2/tasks/${id}`)
        .set(headersOf(actor));
      if (res.status !== 200) {
        throw new Error(`reading task ${id}: ${res.status} ${res.text}`);
      }
      return ['completed', 'failed', 'cancelled'].includes(res.body.status)
        ? res.body
        : undefined;
    },
    120_000,
  );
  const events = await request(server)
    .get(`/api/scaffolder/v2/tasks/${id}/events`)
    .set(headersOf(actor));
  const completion = ((events.body ?? []) as any[]).find(
    e => e.type === 'completion',
  );
  return {
    id,
    status: created.status,
    taskStatus: task.status,
    message: String(
      completion?.body?.error?.message ?? completion?.body?.message ?? '',
    ),
  };
}
