/** Patch targets: selecting resources by id, label and annotation selectors. */
import { curId, effectiveNamespace, orgId, Res } from './identity';
import { Selector } from './kustomization';
import { Obj, scalarText, stringMap } from './objects';

interface Requirement {
  key: string;
  op: 'exists' | '!' | '=' | '!=' | 'in' | 'notin';
  values: string[];
}

function parseLabelSelector(selector: string): Requirement[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  const key = '([A-Za-z0-9][-A-Za-z0-9_./]*)';
  const value = '([-A-Za-z0-9_.]*)';
  return terms
    .map(t => t.trim())
    .filter(t => t !== '' || selector.trim() !== '')
    .map(t => {
      let m = new RegExp(`^!\\s*${key}$`).exec(t);
      if (m) return { key: m[1], op: '!' as const, values: [] };
      m = new RegExp(`^${key}\\s+(in|notin)\\s+\\(([^)]*)\\)$`).exec(t);
      if (m) {
        return {
          key: m[1],
          op: m[2] as 'in' | 'notin',
          values: m[3].split(',').map(v => v.trim()),
        };
      }
      m = new RegExp(`^${key}\\s*(==|=|!=)\\s*${value}$`).exec(t);
      if (m) {
        return {
          key: m[1],
          op: m[2] === '!=' ? ('!=' as const) : ('=' as const),
          values: [m[3]],
        };
      }
      m = new RegExp(`^${key}$`).exec(t);
      if (m) return { key: m[1], op: 'exists' as const, values: [] };
      throw new Error(`invalid selector "${selector}"`);
    });
}

function selectorMatches(selector: string | undefined, labels: Obj): boolean {
  if (!selector || selector.trim() === '') return true;
  return parseLabelSelector(selector).every(req => {
    const has = req.key in labels;
    const v = scalarText(labels[req.key]);
    switch (req.op) {
      case 'exists':
        return has;
      case '!':
        return !has;
      case '=':
        return has && v === req.values[0];
      case '!=':
        return !has || v !== req.values[0];
      case 'in':
        return has && req.values.includes(v);
      default:
        return !has || !req.values.includes(v);
    }
  });
}

/** resWrangler.Select: regexes anchored, names/namespaces matched on original or current id. */
export function selectResources(ra: Res[], target: Selector): Res[] {
  const rx = (p?: string) => (p ? new RegExp(`^(?:${p})$`) : undefined);
  const group = rx(target.group);
  const version = rx(target.version);
  const kind = rx(target.kind);
  const name = rx(target.name);
  const namespace = rx(target.namespace);
  return ra.filter(r => {
    const cur = curId(r);
    const org = orgId(r);
    if (
      namespace &&
      !namespace.test(effectiveNamespace(org)) &&
      !namespace.test(effectiveNamespace(cur))
    ) {
      return false;
    }
    if (name && !name.test(org.name) && !name.test(cur.name)) return false;
    if (group && !group.test(cur.group)) return false;
    if (version && !version.test(cur.version)) return false;
    if (kind && !kind.test(cur.kind)) return false;
    return (
      selectorMatches(target.labelSelector, stringMap(r.obj, 'labels')) &&
      selectorMatches(
        target.annotationSelector,
        stringMap(r.obj, 'annotations'),
      )
    );
  });
}
