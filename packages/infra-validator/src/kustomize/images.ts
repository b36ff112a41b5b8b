/** The images transformer (api/filters/imagetag) and its field specs. */
import { Accumulator } from './accumulator';
import {
  applyFieldSpec,
  FieldSpec,
  FieldSpecError,
  fs_,
  Setter,
} from './fieldspec';
import { ImageSpec } from './kustomization';
import { Loader } from './loader';
import { getKind, isMap, Obj, scalarText } from './objects';

// builtinpluginconsts/images.go (applied after the legacy containers walk)
const IMAGE_SPECS: FieldSpec[] = [
  'spec/containers[]/image',
  'spec/initContainers[]/image',
  'spec/volumes[]/image/reference',
  'spec/template/spec/containers[]/image',
  'spec/template/spec/initContainers[]/image',
  'spec/template/spec/volumes[]/image/reference',
].map(p => fs_(p, true));

/** api/internal/image: split into name, tag and digest, ignoring a registry port. */
function splitImage(image: string): [string, string, string] {
  const slash = image.indexOf('/');
  const offset = slash > 0 ? slash : 0;
  const search = image.slice(offset);
  const at = search.indexOf('@');
  const colon = search.indexOf(':');
  if (colon < 0 && at < 0) return [image, '', ''];
  if (at >= 0 && (at < colon || colon < 0)) {
    return [image.slice(0, at + offset), '', image.slice(at + offset + 1)];
  }
  if (at >= 0 && colon >= 0) {
    return [
      image.slice(0, colon + offset),
      image.slice(colon + offset + 1, at + offset),
      image.slice(at + offset + 1),
    ];
  }
  return [image.slice(0, colon + offset), image.slice(colon + offset + 1), ''];
}

function imageUpdater(
  spec: ImageSpec,
  loader: Loader,
): (image: string) => string {
  let pattern: RegExp;
  try {
    // The name is used as a regular expression, unescaped, as kustomize does.
    pattern = new RegExp(
      `^${spec.name ?? ''}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`,
    );
  } catch {
    return loader.fail(`images: invalid image name "${spec.name}"`);
  }
  return image => {
    if (!pattern.test(image)) return image;
    let [name, tag, digest] = splitImage(image);
    if (spec.newName) name = spec.newName;
    if (spec.newTag && spec.digest) {
      tag = spec.newTag;
      digest = spec.digest;
    } else if (spec.newTag) {
      tag = spec.newTag;
      digest = '';
    } else if (spec.digest) {
      tag = '';
      digest = spec.digest;
    } else if (spec.tagSuffix) {
      tag += spec.tagSuffix;
      digest = '';
    }
    if (tag) name += `:${tag}`;
    if (digest) name += `@${digest}`;
    return name;
  };
}

/** imagetag.LegacyFilter: the images of every `containers`/`initContainers` list, anywhere. */
function legacyImageWalk(node: unknown, setImage: Setter): void {
  if (Array.isArray(node)) {
    for (const el of node) legacyImageWalk(el, setImage);
    return;
  }
  if (!isMap(node)) return;
  for (const [key, value] of Object.entries(node)) {
    legacyImageWalk(value, setImage);
    if (
      (key === 'containers' || key === 'initContainers') &&
      Array.isArray(value)
    ) {
      for (const c of value) if (isMap(c) && 'image' in c) setImage(c, 'image');
    }
  }
}

export function transformImages(
  ra: Accumulator,
  images: ImageSpec[] | undefined,
  loader: Loader,
) {
  for (const spec of images ?? []) {
    const update = imageUpdater(spec, loader);
    const setImage: Setter = (holder, key) => {
      const h = holder as Obj;
      const v = h[key as string];
      if (v === undefined || v === null) return;
      if (typeof v === 'object')
        throw new FieldSpecError('an image must be a scalar');
      h[key as string] = update(scalarText(v));
    };
    for (const r of ra.list) {
      if (getKind(r.obj) === 'CustomResourceDefinition') continue;
      legacyImageWalk(r.obj, setImage);
      for (const fspec of IMAGE_SPECS) applyFieldSpec(r.obj, fspec, setImage);
    }
  }
}
