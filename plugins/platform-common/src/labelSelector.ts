/**
 * Kubernetes label selectors as the API server parses them for `?labelSelector=`
 * (and Argo CD for `?selector=`): `k=v`, `k==v`, `k!=v`, `k in (a,b)`,
 * `k notin (a,b)`, `k`, `!k`, comma-joined. The fleet picks a product's part
 * out of a cluster-wide list with it; the demo fleet's stand-ins filter
 * their lists with it.
 */
export type Requirement =
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | '!exists' };

export function parseLabelSelector(selector: string): Requirement[] {
  const requirements: Requirement[] = [];
  // Split on commas that are not inside a (...) value set.
  const parts = selector
    .split(/,(?![^(]*\))/)
    .map(part => part.trim())
    .filter(Boolean);
  for (const part of parts) {
    const equality = part.match(/^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/);
    const set = part.match(/^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/);
    const existence = part.match(/^(!?)([\w./-]+)$/);
    if (equality) {
      requirements.push({
        key: equality[1],
        op: equality[2] === '!=' ? 'notin' : 'in',
        values: [equality[3]],
      });
    } else if (set) {
      requirements.push({
        key: set[1],
        op: set[2] as 'in' | 'notin',
        values: set[3].split(',').map(value => value.trim()),
      });
    } else if (existence) {
      requirements.push({
        key: existence[2],
        op: existence[1] ? '!exists' : 'exists',
      });
    } else {
      throw new Error(`unable to parse requirement: ${JSON.stringify(part)}`);
    }
  }
  return requirements;
}

/** Whether labels satisfy parsed requirements (all of them). */
export function matchesLabelSelector(
  labels: Record<string, string> | undefined,
  requirements: Requirement[],
): boolean {
  const objectLabels = labels ?? {};
  return requirements.every(requirement => {
    const has = Object.prototype.hasOwnProperty.call(
      objectLabels,
      requirement.key,
    );
    switch (requirement.op) {
      case 'exists':
        return has;
      case '!exists':
        return !has;
      case 'in':
        return (
          has && requirement.values.includes(objectLabels[requirement.key])
        );
      case 'notin':
        return (
          !has || !requirement.values.includes(objectLabels[requirement.key])
        );
      default:
        return false;
    }
  });
}
