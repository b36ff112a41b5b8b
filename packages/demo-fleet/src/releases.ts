/**
 * Which version each service runs on each cluster, as the infra repo's ring
 * files say (`tenants/<product>/services/<service>.yaml`: `image` and
 * `rings: {ring-0: tag, …}`), and the canaries a ring's new tag runs
 * through its Rollout's steps before it is the stable one — what Argo CD
 * and the Argo Rollouts controller would do with a merge.
 *
 * The first tags seen are the stable ones (what the clusters already run).
 * A merge that changes a ring's tag starts a canary of the new tag on that
 * ring's clusters: the Rollout's steps in order, each `pause` and
 * `analysis` lasting `stepMs` (the demo's scaled-down minutes), the others
 * instant; after the last step the new tag is stable. An analysis step
 * reached while the cluster burns (`burning=true`) fails and aborts the
 * canary, as the tenant's AnalysisTemplate would. Argo CD's resource
 * actions (`abort`, `retry`, `resume`, `promote-full`) act on the same
 * state. Services without a ring file (before anything is merged, or the
 * scale fleet's generated products) have no release here: the demo's
 * made-up revisions stay theirs.
 */

/** A Rollout step as the manifest writes it. */
export type Step = Record<string, unknown> & { setWeight?: number };

/** One service's ring file on the infra repo's default branch. */
export interface RingFile {
  service: string;
  product: string;
  image: string;
  rings: Record<string, string>;
}

/** Why a canary stopped: its analysis failed, or someone aborted it. */
export type AbortCause = 'analysis' | 'user';

/** A canary as the Rollout renders it. */
export interface CanaryView {
  tag: string;
  /** The Rollout revision it is (`rollout.argoproj.io/revision`). */
  revision: number;
  /** The step it is at (an aborted canary: the step it was aborted at). */
  stepIndex: number;
  /** At a `pause` step (the controller's `CanaryPauseStep`). */
  paused: boolean;
  /** When the current step started. */
  stepStartedAt: Date;
  abort?: { at: Date; cause: AbortCause };
}

/** What a service runs on a cluster, per its ring file. */
export interface ReleaseView {
  image: string;
  stable: string;
  /** The Rollout revision of the stable tag. */
  stableRevision: number;
  canary?: CanaryView;
}

/** What the renderers read: the ring file's release, and user aborts. */
export interface ReleaseSource {
  view(cluster: string, service: string): ReleaseView | undefined;
  /** When someone aborted the canary of `tag` (Argo CD's `abort` action). */
  aborted(cluster: string, service: string, tag: string): Date | undefined;
}

interface Canary {
  tag: string;
  revision: number;
  /** Progress is measured from here (a `resume` moves it back). */
  startedAt: number;
  /** Burns were looked for up to here. */
  checkedUntil: number;
  failed?: { at: number; stepIndex: number };
}

interface Release {
  product: string;
  service: string;
  image: string;
  stable: string;
  revision: number;
  canary?: Canary;
}

const isTimed = (step: Step) => 'pause' in step || 'analysis' in step;

/** Where a canary is `elapsed` ms after it started; `done` past its last step. */
export function positionAt(
  steps: readonly Step[],
  elapsed: number,
  stepMs: number,
): { stepIndex: number; stepStart: number; done: boolean } {
  let at = 0;
  for (let index = 0; index < steps.length; index++) {
    if (!isTimed(steps[index])) continue;
    if (elapsed < at + stepMs) {
      return { stepIndex: index, stepStart: at, done: false };
    }
    at += stepMs;
  }
  return { stepIndex: steps.length, stepStart: at, done: true };
}

/** When each analysis step starts and ends, from the canary's start. */
function analysisWindows(steps: readonly Step[], stepMs: number) {
  const windows: Array<{ stepIndex: number; from: number; to: number }> = [];
  let at = 0;
  steps.forEach((step, stepIndex) => {
    if (!isTimed(step)) return;
    if ('analysis' in step)
      windows.push({ stepIndex, from: at, to: at + stepMs });
    at += stepMs;
  });
  return windows;
}

/** What an action did; `unsupported` for one the demo does not play here. */
export type ActionOutcome = 'done' | 'nothing-to-do' | 'unsupported';

export class ReleaseStore implements ReleaseSource {
  private readonly releases = new Map<string, Release>();
  private readonly userAborts = new Map<string, Date>();
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly options: {
      now: () => Date;
      /** How long a `pause` or `analysis` step lasts, in ms. */
      stepMs: number;
      /** The canary steps of a service's Rollout (none without one). */
      stepsOf: (product: string, service: string) => readonly Step[];
      /** Whether the cluster's SLOs burn right now (`burning=true`). */
      burning: (cluster: string) => boolean;
    },
  ) {
    // Canaries move on their own, read or not (an analysis sees a burn).
    this.timer = setInterval(
      () => this.advanceAll(),
      Math.min(1000, Math.max(50, options.stepMs / 4)),
    );
    this.timer.unref();
  }

  stop() {
    clearInterval(this.timer);
  }

  /**
   * The ring files on the infra repo's new default branch, and each
   * cluster's ring: a ring whose tag changed starts a canary of it.
   */
  sync(files: RingFile[], ringOf: Map<string, string>) {
    const now = this.options.now().getTime();
    const seen = new Set<string>();
    for (const file of files) {
      for (const [cluster, ring] of ringOf) {
        const tag = file.rings[ring];
        if (typeof tag !== 'string' || !tag) continue;
        const key = `${cluster}/${file.service}`;
        seen.add(key);
        const release = this.releases.get(key);
        if (!release) {
          this.releases.set(key, {
            product: file.product,
            service: file.service,
            image: file.image,
            stable: tag,
            revision: 2,
          });
          continue;
        }
        this.advance(cluster, release, now);
        release.image = file.image;
        if (tag === release.stable) {
          // The ring went back to what runs: the canary is dropped.
          release.canary = undefined;
        } else if (release.canary?.tag !== tag) {
          release.canary = {
            tag,
            revision: (release.canary?.revision ?? release.revision) + 1,
            startedAt: now,
            checkedUntil: now,
          };
        }
      }
    }
    for (const key of this.releases.keys()) {
      if (!seen.has(key)) this.releases.delete(key);
    }
  }

  view(cluster: string, service: string): ReleaseView | undefined {
    const release = this.releases.get(`${cluster}/${service}`);
    if (!release) return undefined;
    const now = this.options.now().getTime();
    this.advance(cluster, release, now);
    const { canary } = release;
    let canaryView: CanaryView | undefined;
    if (canary) {
      const steps = this.options.stepsOf(release.product, service);
      const userAbort = this.aborted(cluster, service, canary.tag);
      let abort: CanaryView['abort'];
      if (canary.failed) {
        abort = { at: new Date(canary.failed.at), cause: 'analysis' };
      } else if (userAbort) abort = { at: userAbort, cause: 'user' };
      const position = positionAt(
        steps,
        now - canary.startedAt,
        this.options.stepMs,
      );
      const stepIndex = canary.failed?.stepIndex ?? position.stepIndex;
      canaryView = {
        tag: canary.tag,
        revision: canary.revision,
        stepIndex,
        paused: !abort && 'pause' in (steps[stepIndex] ?? {}),
        stepStartedAt: new Date(canary.startedAt + position.stepStart),
        ...(abort ? { abort } : {}),
      };
    }
    return {
      image: release.image,
      stable: release.stable,
      stableRevision: release.revision,
      ...(canaryView ? { canary: canaryView } : {}),
    };
  }

  aborted(cluster: string, service: string, tag: string): Date | undefined {
    return this.userAborts.get(`${cluster}/${service}/${tag}`);
  }

  /** Argo CD's `abort` on the Rollout: the canary of `tag` stops. */
  abort(cluster: string, service: string, tag: string): ActionOutcome {
    const key = `${cluster}/${service}/${tag}`;
    if (this.userAborts.has(key)) return 'nothing-to-do';
    this.userAborts.set(key, this.options.now());
    return 'done';
  }

  /** Argo CD's `retry`: the aborted canary of `tag` starts again at step 0. */
  retry(cluster: string, service: string, tag: string): ActionOutcome {
    const had = this.userAborts.delete(`${cluster}/${service}/${tag}`);
    const canary = this.releases.get(`${cluster}/${service}`)?.canary;
    if (canary?.tag === tag && (canary.failed || had)) {
      const now = this.options.now().getTime();
      canary.failed = undefined;
      canary.startedAt = now;
      canary.checkedUntil = now;
      return 'done';
    }
    return had ? 'done' : 'nothing-to-do';
  }

  /** Argo CD's `promote-full`: the ring file's canary becomes stable now. */
  promoteFull(cluster: string, service: string): ActionOutcome {
    const release = this.releases.get(`${cluster}/${service}`);
    if (!release) return 'unsupported';
    if (!release.canary) return 'nothing-to-do';
    this.userAborts.delete(`${cluster}/${service}/${release.canary.tag}`);
    this.promote(release);
    return 'done';
  }

  /** Argo CD's `resume`: a ring file's canary leaves its pause step now. */
  resume(cluster: string, service: string): ActionOutcome {
    const release = this.releases.get(`${cluster}/${service}`);
    if (!release) return 'unsupported';
    const view = this.view(cluster, service);
    const canary = release.canary;
    if (!canary || !view?.canary?.paused) return 'nothing-to-do';
    const now = this.options.now().getTime();
    // The rest of the pause is skipped: the canary is where it would be
    // had the pause ended now.
    const left =
      view.canary.stepStartedAt.getTime() + this.options.stepMs - now;
    canary.startedAt -= Math.max(0, left);
    return 'done';
  }

  /** Forgets what the actions did (a fleet reset); the ring files stay. */
  reset() {
    this.userAborts.clear();
  }

  private promote(release: Release) {
    if (!release.canary) return;
    release.stable = release.canary.tag;
    release.revision = release.canary.revision;
    release.canary = undefined;
  }

  private advanceAll() {
    const now = this.options.now().getTime();
    for (const [key, release] of this.releases) {
      if (release.canary) this.advance(key.split('/')[0], release, now);
    }
  }

  /** Moves a canary to `now`: a burn at an analysis step fails it; past its last step it is promoted. */
  private advance(cluster: string, release: Release, now: number) {
    const canary = release.canary;
    if (!canary || canary.failed) return;
    const { service } = release;
    if (this.aborted(cluster, service, canary.tag)) return;
    const steps = this.options.stepsOf(release.product, service);
    const { stepMs } = this.options;
    if (this.options.burning(cluster)) {
      const from = canary.checkedUntil - canary.startedAt;
      const to = now - canary.startedAt;
      const failing = analysisWindows(steps, stepMs).find(
        window => window.from <= to && window.to > from,
      );
      if (failing) {
        canary.failed = {
          at: canary.startedAt + Math.max(failing.from, from),
          stepIndex: failing.stepIndex,
        };
        return;
      }
    }
    canary.checkedUntil = now;
    if (positionAt(steps, now - canary.startedAt, stepMs).done) {
      this.promote(release);
    }
  }
}
