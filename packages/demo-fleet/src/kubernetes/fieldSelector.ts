/**
 * Kubernetes field selectors (`reason=PolicyViolation,type!=Normal`), as an
 * API server applies them to a list: each requirement compares one field
 * path of the object, by `=`, `==` or `!=`. A real server accepts only the
 * fields each type indexes (for Events: reason, type, involvedObject.*,
 * source, metadata.*); the demo fleet evaluates any path.
 */
export interface FieldRequirement {
  path: string[];
  equals: boolean;
  value: string;
}

export function parseFieldSelector(selector: string): FieldRequirement[] {
  return selector
    .split(',')
    .filter(part => part.trim())
    .map(part => {
      const match = /^\s*([\w.]+)\s*(==|=|!=)\s*(.*?)\s*$/.exec(part);
      if (!match) throw new Error(`invalid field selector: "${part}"`);
      return {
        path: match[1].split('.'),
        equals: match[2] !== '!=',
        value: match[3],
      };
    });
}

export function matchesFields(
  object: unknown,
  requirements: FieldRequirement[],
): boolean {
  return requirements.every(requirement => {
    let value: unknown = object;
    for (const key of requirement.path) {
      value =
        value && typeof value === 'object'
          ? (value as Record<string, unknown>)[key]
          : undefined;
    }
    const actual = value === undefined ? '' : String(value);
    return (actual === requirement.value) === requirement.equals;
  });
}
