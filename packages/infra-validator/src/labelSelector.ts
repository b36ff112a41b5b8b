type Json = Record<string, any>;

/**
 * Whether labels satisfy a Kubernetes label selector (matchLabels and
 * matchExpressions with In, NotIn, Exists, DoesNotExist). No selector
 * selects everything, as in the API server.
 */
export function matchesSelector(
  selector: Json | undefined,
  labels: Record<string, string>,
): boolean {
  if (!selector) return true;
  const okLabels = Object.entries((selector.matchLabels ?? {}) as Json).every(
    ([k, v]) => labels[k] === v,
  );
  const okExpressions = ((selector.matchExpressions ?? []) as Json[]).every(
    e => {
      const has = e.key in labels;
      switch (e.operator) {
        case 'In':
          return has && (e.values ?? []).includes(labels[e.key]);
        case 'NotIn':
          return !has || !(e.values ?? []).includes(labels[e.key]);
        case 'Exists':
          return has;
        case 'DoesNotExist':
          return !has;
        default:
          return false;
      }
    },
  );
  return okLabels && okExpressions;
}
