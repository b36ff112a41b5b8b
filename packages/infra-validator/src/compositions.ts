import { parseAllDocuments } from 'yaml';
import { applyDefaults, missingInSchema } from './fieldpaths';
import { renderGoTemplate } from './gotemplate';
import { ownershipProblems } from './ownership';
import { labelsOf, Manifest, nameOf, splitApiVersion, where } from './load';
import { Problems } from './problems';
import { SchemaRegistry } from './schemas';

type Json = Record<string, any>;

const resourceNameAnnotation =
  'gotemplating.fn.crossplane.io/composition-resource-name';

/** XRDs by `group/kind`, with their versions' raw schemas. */
export class Xrds {
  private readonly byKind = new Map<string, Manifest>();

  constructor(manifests: Manifest[]) {
    for (const m of manifests) {
      if (m.object.kind === 'CompositeResourceDefinition') {
        const spec = (m.object.spec ?? {}) as Json;
        this.byKind.set(`${spec.group}/${spec.names?.kind}`, m);
      }
    }
  }

  find(apiVersion: unknown, kind: unknown): Manifest | undefined {
    const [group] = splitApiVersion(apiVersion);
    return this.byKind.get(`${group}/${kind}`);
  }

  /** The schema of one served version, or why there is none. */
  schema(apiVersion: unknown, kind: unknown): Json | string {
    const xrd = this.find(apiVersion, kind);
    if (!xrd)
      return `no CompositeResourceDefinition defines ${apiVersion} ${kind}`;
    const [, version] = splitApiVersion(apiVersion);
    const v = ((xrd.object.spec as Json).versions ?? []).find(
      (x: Json) => x.name === version,
    );
    if (!v) return `${xrd.file} does not define version ${version} of ${kind}`;
    if (!v.served)
      return `${xrd.file} does not serve version ${version} of ${kind}`;
    return v.schema?.openAPIV3Schema ?? { type: 'object' };
  }

  isComposite(o: Json): boolean {
    return !!this.find(o.apiVersion, o.kind) && o.kind !== 'Composition';
  }
}

/** Which compositions an XR would be composed by. */
export function compositionsFor(
  xr: Json,
  compositions: Manifest[],
): Manifest[] {
  const spec = (xr.spec ?? {}) as Json;
  const crossplane = (spec.crossplane ?? spec) as Json;
  const [group] = splitApiVersion(xr.apiVersion);
  const forType = compositions.filter(c => {
    const ref = ((c.object.spec ?? {}) as Json).compositeTypeRef ?? {};
    return splitApiVersion(ref.apiVersion)[0] === group && ref.kind === xr.kind;
  });
  if (crossplane.compositionRef?.name) {
    return forType.filter(
      c => nameOf(c.object) === crossplane.compositionRef.name,
    );
  }
  const wanted = (crossplane.compositionSelector?.matchLabels ?? {}) as Json;
  return forType.filter(c =>
    Object.entries(wanted).every(([k, v]) => labelsOf(c.object)[k] === v),
  );
}

interface PatchSides {
  fromComposite: string[];
  toComposed: string[];
  fromComposed: string[];
  toComposite: string[];
}

/** Which paths a patch reads and writes on which side. */
function sidesOf(patch: Json, patchSets: Json): PatchSides {
  const sides: PatchSides = {
    fromComposite: [],
    toComposed: [],
    fromComposed: [],
    toComposite: [],
  };
  const type = patch.type ?? 'FromCompositeFieldPath';
  const vars = ((patch.combine?.variables ?? []) as Json[]).map(
    v => v.fromFieldPath,
  );
  switch (type) {
    case 'FromCompositeFieldPath':
      sides.fromComposite.push(patch.fromFieldPath);
      sides.toComposed.push(patch.toFieldPath ?? patch.fromFieldPath);
      break;
    case 'ToCompositeFieldPath':
      sides.fromComposed.push(patch.fromFieldPath);
      sides.toComposite.push(patch.toFieldPath ?? patch.fromFieldPath);
      break;
    case 'CombineFromComposite':
      sides.fromComposite.push(...vars);
      sides.toComposed.push(patch.toFieldPath);
      break;
    case 'CombineToComposite':
      sides.fromComposed.push(...vars);
      sides.toComposite.push(patch.toFieldPath);
      break;
    case 'PatchSet':
      for (const p of patchSets[patch.patchSetName] ?? []) {
        const s = sidesOf(p, patchSets);
        for (const k of Object.keys(sides) as Array<keyof PatchSides>)
          sides[k].push(...s[k]);
      }
      break;
    default:
      // Environment patches read or write the environment, which has no schema.
      if (type === 'FromEnvironmentFieldPath' && patch.toFieldPath) {
        sides.toComposed.push(patch.toFieldPath);
      }
      if (type === 'ToEnvironmentFieldPath' && patch.fromFieldPath) {
        sides.fromComposed.push(patch.fromFieldPath);
      }
  }
  return sides;
}

/**
 * Checks every Composition: it composes a type an XRD defines, its pipeline
 * calls functions the repo installs, patch-and-transform bases validate
 * against their kinds' schemas (partially: patches fill fields in) and every
 * patch path exists on its side, and go-templating templates render, for
 * every composite resource in the repo that selects the composition, into
 * resources that validate in full.
 */
export function checkCompositions(
  manifests: Manifest[],
  extraComposites: Array<{ object: Json; file: string }>,
  registry: SchemaRegistry,
  problems: Problems,
) {
  const xrds = new Xrds(manifests);
  const compositions = manifests.filter(m => m.object.kind === 'Composition');
  const functions = new Set(
    manifests
      .filter(m => m.object.kind === 'Function')
      .map(m => nameOf(m.object)),
  );
  const composites = [
    ...manifests.map(m => ({ object: m.object, file: m.file })),
    ...extraComposites,
  ].filter(x => xrds.isComposite(x.object));

  for (const c of compositions) {
    const spec = (c.object.spec ?? {}) as Json;
    const ref = spec.compositeTypeRef ?? {};
    const xrSchema = xrds.schema(ref.apiVersion, ref.kind);
    if (typeof xrSchema === 'string') {
      problems.add(c.file, where(c, '/spec/compositeTypeRef'), xrSchema);
      continue;
    }
    if (spec.mode !== 'Pipeline') {
      problems.add(
        c.file,
        where(c, '/spec/mode'),
        'Crossplane v2 compositions must use mode: Pipeline',
      );
    }
    const selecting = composites.filter(x =>
      compositionsFor(x.object, compositions).includes(c),
    );
    if (selecting.length === 0) {
      problems.add(
        c.file,
        where(c),
        `no composite resource in the repo selects composition ${nameOf(
          c.object,
        )}; add an example in infra/crossplane/examples/`,
      );
    }
    ((spec.pipeline ?? []) as Json[]).forEach((step, i) => {
      const fn = step.functionRef?.name;
      if (!functions.has(fn)) {
        problems.add(
          c.file,
          where(c, `/spec/pipeline/${i}/functionRef/name`),
          `function "${fn}" is not installed by any Function in infra/`,
        );
      }
      const input = (step.input ?? {}) as Json;
      if (input.kind === 'Resources') {
        checkPatchAndTransform(c, i, input, xrSchema, registry, problems);
      } else if (input.kind === 'GoTemplate') {
        for (const xr of selecting) {
          checkGoTemplate(c, i, input, xr, xrSchema, registry, problems);
        }
      }
    });
  }

  for (const x of composites) {
    if (compositionsFor(x.object, compositions).length === 0) {
      problems.add(
        x.file,
        '',
        `no composition matches ${x.object.kind} ${nameOf(
          x.object,
        )} (its composition selector or reference names none)`,
      );
    }
  }
}

function checkPatchAndTransform(
  c: Manifest,
  step: number,
  input: Json,
  xrSchema: Json,
  registry: SchemaRegistry,
  problems: Problems,
) {
  const patchSets = Object.fromEntries(
    ((input.patchSets ?? []) as Json[]).map(p => [p.name, p.patches ?? []]),
  );
  ((input.resources ?? []) as Json[]).forEach((r, j) => {
    const at = (p: string) =>
      where(c, `/spec/pipeline/${step}/input/resources/${j}${p}`);
    const base = (r.base ?? {}) as Json;
    const errors = registry.validate(base, { partial: true });
    if (errors === undefined) {
      problems.add(
        c.file,
        at('/base'),
        `no schema for ${base.apiVersion} ${base.kind} (resource "${r.name}")`,
      );
      return;
    }
    errors.forEach(e =>
      problems.add(
        c.file,
        at(`/base${e.pointer === '/' ? '' : e.pointer}`),
        e.reason,
      ),
    );
    const composedSchema = registry.schemaOf(base.apiVersion, base.kind);
    ((r.patches ?? []) as Json[]).forEach((patch, k) => {
      const sides = sidesOf(patch, patchSets);
      const check = (
        schema: Json | undefined,
        paths: string[],
        side: string,
      ) => {
        for (const p of paths) {
          const missing = p ? missingInSchema(schema, p) : 'empty field path';
          if (missing) {
            problems.add(
              c.file,
              at(`/patches/${k}`),
              `${side} path ${p}: ${missing}`,
            );
          }
        }
      };
      check(
        xrSchema,
        [...sides.fromComposite, ...sides.toComposite],
        'composite',
      );
      check(
        composedSchema,
        [...sides.toComposed, ...sides.fromComposed],
        `${base.kind}`,
      );
    });
  });
}

function checkGoTemplate(
  c: Manifest,
  step: number,
  input: Json,
  xr: { object: Json; file: string },
  xrSchema: Json,
  registry: SchemaRegistry,
  problems: Problems,
) {
  const at = where(c, `/spec/pipeline/${step}/input`);
  if (input.source !== 'Inline' || typeof input.inline?.template !== 'string') {
    problems.add(
      c.file,
      at,
      'only inline go-templating templates can be checked here',
    );
    return;
  }
  const composite = applyDefaults(xrSchema, xr.object);
  let text: string;
  try {
    text = renderGoTemplate(
      input.inline.template,
      {
        observed: { composite: { resource: composite }, resources: {} },
        desired: { composite: { resource: {} }, resources: {} },
        context: {},
        extraResources: {},
      },
      { options: input.options, delims: input.delims },
    );
  } catch (e) {
    problems.add(
      c.file,
      at,
      `template fails for ${xr.file}: ${(e as Error).message}`,
    );
    return;
  }
  parseAllDocuments(text).forEach((doc, d) => {
    if (doc.errors.length) {
      problems.add(
        c.file,
        at,
        `template output for ${xr.file}, document ${d}: ${
          doc.errors[0].message.split('\n')[0]
        }`,
      );
      return;
    }
    const o = doc.toJS() as Json | null;
    if (!o) return;
    const [group] = splitApiVersion(o.apiVersion);
    // Function directives (conditions, context) and the XR's own status.
    if (
      group.startsWith('meta.gotemplating.fn.crossplane.io') ||
      o.kind === xr.object.kind
    )
      return;
    const label = `template output for ${xr.file}, ${o.kind} ${
      nameOf(o) ?? ''
    }`.trim();
    if (!((o.metadata ?? {}) as Json).annotations?.[resourceNameAnnotation]) {
      problems.add(
        c.file,
        at,
        `${label}: missing the ${resourceNameAnnotation} annotation (setResourceNameAnnotation)`,
      );
    }
    const errors = registry.validate(o);
    if (errors === undefined) {
      problems.add(
        c.file,
        at,
        `${label}: no schema for ${o.apiVersion} ${o.kind}`,
      );
      return;
    }
    errors.forEach(e =>
      problems.add(c.file, at, `${label} ${e.pointer}: ${e.reason}`),
    );
    ownershipProblems(o).forEach(reason =>
      problems.add(c.file, at, `${label}: ${reason}`),
    );
  });
}
