import fs from 'node:fs';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { requiredKeys } from './requiredKeys';

/** One thing wrong with the configuration, named by file and key. */
export interface ConfigProblem {
  file?: string;
  key?: string;
  message: string;
}

type Env = Record<string, string | undefined>;
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface LoadedFile {
  file: string;
  data: { [k: string]: Json };
}

/** One config file parsed, or why it cannot be. */
function readConfigFile(file: string): {
  loaded?: LoadedFile;
  problems: ConfigProblem[];
} {
  const name = path.basename(file);
  if (!fs.existsSync(file)) {
    return {
      problems: [{ file: name, message: `config file not found: ${file}` }],
    };
  }
  const doc = parseDocument(fs.readFileSync(file, 'utf8'), {
    prettyErrors: true,
  });
  if (doc.errors.length > 0) {
    return {
      problems: doc.errors.map(error => {
        const at = error.linePos?.[0];
        const where = at ? ` at line ${at.line}, column ${at.col}` : '';
        const reason = error.message
          .split('\n')[0]
          .replace(/ at line \d+, column \d+:?$/, '');
        return { file: name, message: `malformed YAML${where}: ${reason}` };
      }),
    };
  }
  const data = doc.toJS() ?? {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    return {
      problems: [
        { file: name, message: 'the top level must be a mapping of keys' },
      ],
    };
  }
  return { loaded: { file: name, data }, problems: [] };
}

/** The config files that parse, by file name, for checks that read values. */
export function readConfigFiles(files: string[]): LoadedFile[] {
  return files.flatMap(file => readConfigFile(file).loaded ?? []);
}

/**
 * Reads the config files the backend would read, in the same order, and
 * reports what would make it fail: a file that is missing or is not YAML, an
 * environment variable that a value needs but that is not set, a required key
 * that no file sets. Nothing is changed; the result is a list to print.
 */
export function checkConfig(files: string[], env: Env): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const loaded: LoadedFile[] = [];

  for (const file of files) {
    const read = readConfigFile(file);
    problems.push(...read.problems);
    if (read.loaded) {
      loaded.push(read.loaded);
      problems.push(...unsetVariables(read.loaded.file, read.loaded.data, env));
    }
  }

  // Without readable files, "missing key" lines would only repeat the cause.
  if (problems.some(problem => !problem.key)) {
    return problems;
  }

  const read = loaded.map(loadedFile => loadedFile.file).join(', ');
  for (const { key, why } of requiredKeys) {
    const setBy = loaded.filter(
      loadedFile => lookup(loadedFile.data, key) !== undefined,
    );
    if (setBy.length === 0) {
      problems.push({
        key,
        message: `required key ${key} is missing (${why}); read ${read}`,
      });
    }
  }
  return problems;
}

/** Values like `${NAME}` whose variable is not set and has no `:-` fallback. */
function unsetVariables(
  file: string,
  data: Json,
  env: Env,
  at: string[] = [],
): ConfigProblem[] {
  if (typeof data === 'string') {
    const problems: ConfigProblem[] = [];
    for (const match of data.matchAll(/(\$?)\$\{([^{}]*)\}/g)) {
      const [, escaped, inner] = match;
      if (escaped || inner.includes(':-')) continue;
      const variable = inner.trim();
      if (!env[variable]) {
        const key = at.join('.');
        problems.push({
          file,
          key,
          message: `${key} needs the environment variable ${variable}, which is not set`,
        });
      }
    }
    return problems;
  }
  if (Array.isArray(data)) {
    return data.flatMap((item, index) =>
      unsetVariables(file, item, env, [
        ...at.slice(0, -1),
        `${at.at(-1)}[${index}]`,
      ]),
    );
  }
  if (data && typeof data === 'object') {
    return Object.entries(data).flatMap(([key, value]) =>
      unsetVariables(file, value, env, [...at, key]),
    );
  }
  return [];
}

function lookup(data: Json, key: string): Json | undefined {
  let node: Json | undefined = data;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) {
      return undefined;
    }
    node = node[part];
  }
  return node === null ? undefined : node;
}

/**
 * The config files a Backstage backend reads for these arguments: every
 * `--config X` in order, or `app-config.yaml` (and `app-config.local.yaml` if
 * present) in the repository root.
 */
export function configFilesFromArgs(argv: string[], root: string): string[] {
  const files: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--config' && argv[index + 1]) {
      files.push(path.resolve(argv[++index]));
    } else if (argv[index].startsWith('--config=')) {
      files.push(path.resolve(argv[index].slice('--config='.length)));
    }
  }
  if (files.length > 0) {
    return files;
  }
  const defaults = [path.join(root, 'app-config.yaml')];
  const local = path.join(root, 'app-config.local.yaml');
  if (fs.existsSync(local)) defaults.push(local);
  return defaults;
}

export function formatProblems(problems: ConfigProblem[]): string {
  return problems
    .map(
      problem =>
        `  - ${problem.file ? `${problem.file}: ` : ''}${problem.message}`,
    )
    .join('\n');
}

/**
 * What both the backend and `./trinity start` do before anything else: check
 * the config files these arguments select and, if any is unusable, print one
 * line per problem and exit 1. Returns the files checked.
 */
export function exitOnConfigProblems(argv: string[], root: string): string[] {
  const files = configFilesFromArgs(argv, root);
  exitIfAny(checkConfig(files, process.env));
  return files;
}

/** Prints the problems, one line each, and exits 1; returns if there are none. */
export function exitIfAny(problems: ConfigProblem[]) {
  if (problems.length > 0) {
    process.stderr.write(
      `The portal's configuration cannot be used:\n${formatProblems(
        problems,
      )}\n`,
    );
    process.exit(1);
  }
}
