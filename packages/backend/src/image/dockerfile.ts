/*
 * Checks the inputs of the portal's image build (packages/backend/Dockerfile)
 * where no Docker runs: the tests. What a Docker build would find out late
 * (a COPY of a file that is not there or that .dockerignore leaves out, a
 * stage that does not exist) or never (an unpinned base image, a Node or
 * Yarn version other than the one the repository is tested with, a root
 * user, a port other than the one the config listens on) is found here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';

export interface Instruction {
  line: number;
  keyword: string;
  args: string;
}

/** Instructions with continuation lines joined and comments dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const out: Instruction[] = [];
  const lines = text.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const first = index + 1;
    let line = lines[index];
    if (/^\s*(#|$)/.test(line)) continue;
    while (/\\\s*$/.test(line) && index + 1 < lines.length) {
      index++;
      const next = lines[index];
      if (/^\s*#/.test(next)) continue;
      line = `${line.replace(/\\\s*$/, '')} ${next.trim()}`;
    }
    const match = /^\s*(\w+)\s+(.*)$/.exec(line);
    if (match) {
      out.push({
        line: first,
        keyword: match[1].toUpperCase(),
        args: match[2].trim(),
      });
    }
  }
  return out;
}

/** A .dockerignore pattern as a regular expression over context paths. */
function ignoreRegExp(pattern: string): RegExp {
  const body = pattern
    .replace(/^\/+|\/+$/g, '')
    .split(/(\*\*\/?|\*|\?)/)
    .map(part => {
      if (part === '**/' || part === '**') return '(?:.*/)?';
      if (part === '*') return '[^/]*';
      if (part === '?') return '[^/]';
      return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  // A pattern that matches a directory leaves out everything in it.
  return new RegExp(`^${body}(?:/.*)?$`);
}

/** Whether .dockerignore's patterns leave `file` out of the context (the last match wins). */
export function isIgnored(patterns: string[], file: string): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    const pattern = negated ? raw.slice(1) : raw;
    if (ignoreRegExp(pattern).test(file.replace(/^\.\//, ''))) {
      ignored = !negated;
    }
  }
  return ignored;
}

function readIgnore(file: string): string[] {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'));
}

/** The facts the image must agree with, read from the repository. */
export interface RepoFacts {
  nodeMajor: number;
  yarnVersion: string;
  listenPort: number;
  registry: string;
}

export function readRepoFacts(repoRoot: string): RepoFacts {
  const toolchain = fs.readFileSync(
    path.join(repoRoot, 'scripts', 'toolchain.sh'),
    'utf8',
  );
  const pkg = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'),
  );
  const production = parse(
    fs.readFileSync(path.join(repoRoot, 'app-config.production.yaml'), 'utf8'),
  );
  const listen = production?.backend?.listen;
  const port =
    typeof listen === 'object'
      ? listen?.port
      : /:(\d+)$/.exec(String(listen))?.[1];
  return {
    nodeMajor: Number(/^NODE_MAJOR=(\d+)/m.exec(toolchain)?.[1]),
    yarnVersion: String(pkg.packageManager ?? '').replace(/^yarn@/, ''),
    listenPort: Number(port),
    registry: 'registry.trinity.example',
  };
}

/** Splits COPY's arguments into flags, sources and destination (shell or JSON form). */
function copyParts(args: string) {
  const words = args.startsWith('[')
    ? (JSON.parse(args) as string[])
    : args.split(/\s+/);
  const flags = words.filter(word => word.startsWith('--'));
  const rest = words.filter(word => !word.startsWith('--'));
  return {
    from: flags
      .find(flag => flag.startsWith('--from='))
      ?.slice('--from='.length),
    sources: rest.slice(0, -1),
    dest: rest[rest.length - 1],
  };
}

/**
 * Every problem of the Dockerfile's inputs, one line each with its line
 * number; none means a build with Docker has what it needs.
 */
export function checkDockerfile(options: {
  repoRoot: string;
  dockerfile: string;
  facts?: RepoFacts;
}): string[] {
  const facts = options.facts ?? readRepoFacts(options.repoRoot);
  const ignore = readIgnore(path.join(options.repoRoot, '.dockerignore'));
  const problems: string[] = [];
  const at = (instruction: Instruction, message: string) =>
    problems.push(`line ${instruction.line}: ${message}`);
  const stages: string[] = [];
  let user: string | undefined;
  let copiedToFinal: string[] = [];
  let cmd: Instruction | undefined;
  const instructions = parseDockerfile(options.dockerfile);

  for (const instruction of instructions) {
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = instruction.args.split(/\s+/);
      if (!stages.includes(image)) {
        const tag = /:([^/:@]+)$/.exec(image)?.[1];
        if (!image.startsWith(`${facts.registry}/`)) {
          at(instruction, `base image ${image} is not from ${facts.registry}`);
        }
        if (!tag || !/^\d+\.\d+\.\d+(-[\w.-]+)?$/.test(tag)) {
          at(
            instruction,
            `base image ${image} is not pinned to a full version`,
          );
        }
        const node = /\/node:(\d+)\./.exec(image);
        if (node && Number(node[1]) !== facts.nodeMajor) {
          at(
            instruction,
            `base image ${image} is Node ${node[1]}; the repository is tested with Node ${facts.nodeMajor} (scripts/toolchain.sh)`,
          );
        }
      }
      stages.push(as?.toUpperCase() === 'AS' && name ? name : image);
      user = undefined;
      copiedToFinal = [];
    } else if (instruction.keyword === 'RUN') {
      for (const match of instruction.args.matchAll(
        /@yarnpkg\/cli-dist@([\w.-]+)/g,
      )) {
        if (match[1] !== facts.yarnVersion) {
          at(
            instruction,
            `Yarn ${match[1]} is installed; package.json's packageManager pins ${facts.yarnVersion}`,
          );
        }
      }
    } else if (
      instruction.keyword === 'COPY' ||
      instruction.keyword === 'ADD'
    ) {
      const { from, sources, dest } = copyParts(instruction.args);
      if (from !== undefined && !stages.slice(0, -1).includes(from)) {
        at(instruction, `--from=${from} names no earlier stage`);
      }
      for (const source of sources) {
        if (from === undefined) {
          if (!fs.existsSync(path.join(options.repoRoot, source))) {
            at(instruction, `${source} does not exist in the build context`);
          } else if (isIgnored(ignore, source)) {
            at(
              instruction,
              `${source} is left out of the build context by .dockerignore`,
            );
          }
        }
        copiedToFinal.push(
          dest.endsWith('/') && !source.endsWith('/')
            ? path.posix.join(dest, path.posix.basename(source))
            : dest,
        );
      }
    } else if (instruction.keyword === 'USER') {
      user = instruction.args.split(':')[0];
    } else if (instruction.keyword === 'EXPOSE') {
      const port = Number(instruction.args.split('/')[0]);
      if (port !== facts.listenPort) {
        at(
          instruction,
          `EXPOSE ${port}, but the production config listens on ${facts.listenPort} (backend.listen)`,
        );
      }
    } else if (instruction.keyword === 'CMD') {
      cmd = instruction;
    }
  }

  const last = instructions.at(-1) ?? { line: 0, keyword: '', args: '' };
  if (!user || user === 'root' || user === '0') {
    at(last, 'the final stage runs as root: it needs a USER that is not root');
  }
  if (!cmd) {
    at(last, 'no CMD');
  } else {
    const argv = JSON.parse(cmd.args) as string[];
    argv.forEach((arg, index) => {
      if (arg !== '--config') return;
      const file = path.posix.join('.', argv[index + 1]);
      if (
        !copiedToFinal.some(copied => path.posix.join('.', copied) === file)
      ) {
        at(
          cmd!,
          `CMD reads ${argv[index + 1]}, which the final stage does not copy`,
        );
      }
    });
  }
  return problems;
}
