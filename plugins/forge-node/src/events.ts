import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';

/**
 * The events topic of "a repository of the forge changed": a template
 * created it or a pull request to it was merged. The catalog's forge
 * providers read at once on it instead of at their next scheduled read, so
 * a new product shows up now.
 */
export const FORGE_REPO_CHANGED_TOPIC = 'trinity.forge.repo-changed';

/** The payload of {@link FORGE_REPO_CHANGED_TOPIC}. */
export interface ForgeRepoChangedEvent {
  /** `owner/name`. */
  repo: string;
}

/**
 * Publishes that `repo` changed. A failure to publish is logged, not
 * thrown: the change itself is done, and the catalog reads it at its next
 * scheduled read anyway.
 */
export async function publishForgeRepoChanged(
  deps: { events: EventsService; logger: LoggerService },
  repo: string,
): Promise<void> {
  const eventPayload: ForgeRepoChangedEvent = { repo };
  try {
    await deps.events.publish({
      topic: FORGE_REPO_CHANGED_TOPIC,
      eventPayload,
    });
  } catch (error) {
    deps.logger.warn(`forge: could not publish that ${repo} changed: ${error}`);
  }
}

/**
 * Calls `onChange` with the repository of every
 * {@link FORGE_REPO_CHANGED_TOPIC} event. `id` names the subscriber within
 * the calling plugin.
 */
export async function subscribeForgeRepoChanged(
  events: EventsService,
  options: { id: string; onChange: (repo: string) => void | Promise<void> },
): Promise<void> {
  await events.subscribe({
    id: options.id,
    topics: [FORGE_REPO_CHANGED_TOPIC],
    async onEvent({ eventPayload }) {
      const repo = (eventPayload as Partial<ForgeRepoChangedEvent> | undefined)
        ?.repo;
      if (typeof repo === 'string') await options.onChange(repo);
    },
  });
}
