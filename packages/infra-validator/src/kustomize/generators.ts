/** ConfigMap and Secret generators and the content hash of generated names. */
import { isUtf8 } from 'node:buffer';
import crypto from 'node:crypto';
import path from 'node:path';
import { Behavior, newRes, Res } from './identity';
import { GeneratorArgs, GeneratorOptions } from './kustomization';
import { Loader } from './loader';
import { byteCompare, getKind, isMap, Obj } from './objects';

/** api/hasher: sha256 of Go's JSON encoding, first 10 hex digits, some letters swapped. */
function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (typeof v === 'string') {
    let out = '"';
    for (const ch of v) {
      const c = ch.codePointAt(0)!;
      if (ch === '"') out += '\\"';
      else if (ch === '\\') out += '\\\\';
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (ch === '\b') out += '\\b';
      else if (ch === '\f') out += '\\f';
      else if (
        c < 0x20 ||
        ch === '<' ||
        ch === '>' ||
        ch === '&' ||
        c === 0x2028 ||
        c === 0x2029
      ) {
        out += `\\u${c.toString(16).padStart(4, '0')}`;
      } else if (c >= 0xd800 && c <= 0xdfff) {
        out += '\\ufffd';
      } else {
        out += ch;
      }
    }
    return `${out}"`;
  }
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`;
  if (isMap(v)) {
    return `{${Object.keys(v)
      .sort(byteCompare)
      .map(k => `${goJson(k)}:${goJson(v[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function encodeHash(json: string): string {
  const hex = crypto.createHash('sha256').update(json).digest('hex');
  const swap: Record<string, string> = {
    '0': 'g',
    '1': 'h',
    '3': 'k',
    a: 'm',
    e: 't',
  };
  return [...hex.slice(0, 10)].map(c => swap[c] ?? c).join('');
}

/**
 * The content hash kustomize appends to generated ConfigMap and Secret
 * names (api/hasher). The Go code looks the name up with
 * `yaml.Lookup("metadata/name")`, i.e. as one key that never exists, so
 * the name always enters the hash as "": only kind, data and binaryData
 * (ConfigMap) or kind, type, data and stringData (Secret) count. The
 * hashes in kustomize's own tests (e.g. bob-79t79mt227 in
 * TestGeneratorIntVsStringNoMerge) only come out this way.
 */
export function kustomizeHash(obj: Record<string, unknown>): string {
  const value = (v: unknown) => (v === undefined || v === null ? '' : v);
  const kind = getKind(obj);
  if (kind === 'ConfigMap') {
    const m: Obj = { kind, name: '', data: value(obj.data) };
    if (isMap(obj.binaryData)) m.binaryData = obj.binaryData;
    return encodeHash(goJson(m));
  }
  if (kind === 'Secret') {
    const m: Obj = {
      kind,
      type: value(obj.type),
      name: '',
      data: value(obj.data),
    };
    if (isMap(obj.stringData)) m.stringData = obj.stringData;
    return encodeHash(goJson(m));
  }
  return encodeHash(goJson(obj));
}

/** kyaml's encodeBase64: lines of 70, each ending in a newline once the text reaches 70. */
function base64Wrapped(data: Buffer): string {
  const enc = data.toString('base64');
  if (enc.length < 70) return enc;
  let out = '';
  for (let i = 0; i < enc.length; i += 70) out += `${enc.slice(i, i + 70)}\n`;
  return out;
}

function removeQuotes(s: string): string {
  if (s.length < 2 || s[0] !== s[s.length - 1]) return s;
  return s[0] === '"' || s[0] === "'" ? s.slice(1, -1) : s;
}

function parseEnvFile(content: Buffer, fail: (reason: string) => never) {
  const pairs: Array<[string, Buffer]> = [];
  const lines = content.toString('latin1').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  lines.forEach((lineLatin1, n) => {
    let line = Buffer.from(lineLatin1.replace(/\r$/, ''), 'latin1');
    if (!isUtf8(line)) fail(`line ${n + 1} of an env file has invalid UTF-8`);
    if (
      n === 0 &&
      line.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))
    ) {
      line = line.subarray(3);
    }
    const text = line.toString('utf8').replace(/^\s+/u, '');
    if (text === '' || text.startsWith('#')) return;
    const eq = text.indexOf('=');
    const key = eq < 0 ? text : text.slice(0, eq);
    const val = eq < 0 ? '' : text.slice(eq + 1);
    if (key) pairs.push([key, Buffer.from(val, 'utf8')]);
  });
  return pairs;
}

export function generate(
  args: GeneratorArgs,
  kind: 'ConfigMap' | 'Secret',
  global: GeneratorOptions | undefined,
  loader: Loader,
  where: string,
): Res {
  const fail = (reason: string): never => loader.fail(`${where}: ${reason}`);
  if (!args.name) fail(`a ${kind.toLowerCase()} must have a name`);
  // MergeGlobalOptionsIntoLocal: local wins for labels and annotations.
  const options: GeneratorOptions = { ...(args.options ?? {}) };
  if (global) {
    options.labels = { ...(global.labels ?? {}), ...(options.labels ?? {}) };
    options.annotations = {
      ...(global.annotations ?? {}),
      ...(options.annotations ?? {}),
    };
    options.disableNameSuffixHash =
      !!options.disableNameSuffixHash || !!global.disableNameSuffixHash;
    options.immutable = !!options.immutable || !!global.immutable;
  }

  // kv.Load: envs, then literals, then files.
  const pairs: Array<[string, Buffer]> = [];
  const envs = [...(args.envs ?? []), ...(args.env ? [args.env] : [])];
  for (const env of envs) {
    pairs.push(...parseEnvFile(loader.read(env, 'env file').content, fail));
  }
  for (const literal of args.literals ?? []) {
    const eq = literal.indexOf('=');
    if (eq <= 0) fail(`invalid literal source ${literal}, expected key=value`);
    pairs.push([
      literal.slice(0, eq),
      Buffer.from(removeQuotes(literal.slice(eq + 1)), 'utf8'),
    ]);
  }
  for (const source of args.files ?? []) {
    const separators = source.split('=').length - 1;
    let key: string;
    let file: string;
    if (separators === 0) {
      key = path.posix.basename(source);
      file = source;
    } else if (separators === 1 && source.startsWith('=')) {
      return fail(
        `missing key name for file path "${source.slice(
          1,
        )}" in source "${source}"`,
      );
    } else if (separators === 1 && source.endsWith('=')) {
      return fail(
        `missing file path for key name "${source.slice(
          0,
          -1,
        )}" in source "${source}"`,
      );
    } else if (separators > 1) {
      return fail(`source "${source}" key name or file path contains '='`);
    } else {
      [key, file] = source.split('=');
    }
    pairs.push([key, loader.read(file, 'file').content]);
  }
  const data = new Map<string, Buffer>();
  for (const [key, value] of pairs) {
    if (data.has(key)) {
      fail(`configmap ${args.name} illegally repeats the key \`${key}\``);
    }
    data.set(key, value);
  }

  const metadata: Obj = { name: args.name };
  if (args.namespace) metadata.namespace = args.namespace;
  if (options.labels && Object.keys(options.labels).length > 0) {
    metadata.labels = { ...options.labels };
  }
  if (options.annotations && Object.keys(options.annotations).length > 0) {
    metadata.annotations = { ...options.annotations };
  }
  const obj: Obj = { apiVersion: 'v1', kind, metadata };
  const keys = [...data.keys()].sort(byteCompare);
  if (kind === 'Secret') {
    obj.type = args.type || 'Opaque';
    obj.data = Object.fromEntries(
      keys.map(k => [k, base64Wrapped(data.get(k)!)]),
    );
  } else {
    for (const k of keys) {
      const v = data.get(k)!;
      const field = isUtf8(v) ? 'data' : 'binaryData';
      if (!isMap(obj[field])) obj[field] = {};
      (obj[field] as Obj)[k] =
        field === 'data' ? v.toString('utf8') : base64Wrapped(v);
    }
  }
  if (options.immutable) obj.immutable = true;

  const r = newRes(obj, loader.kfile);
  r.needsHash = !options.disableNameSuffixHash;
  const behavior = args.behavior ?? '';
  r.behavior = ['create', 'merge', 'replace'].includes(behavior)
    ? (behavior as Behavior)
    : 'unspecified';
  return r;
}
