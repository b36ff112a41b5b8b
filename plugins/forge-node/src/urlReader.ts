import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  UrlReaderService,
  UrlReaderServiceReadTreeOptions,
  UrlReaderServiceReadTreeResponse,
  UrlReaderServiceReadUrlResponse,
  UrlReaderServiceSearchResponse,
} from '@backstage/backend-plugin-api';
import { NotFoundError, NotModifiedError } from '@backstage/errors';
import { LocalForge } from './localForge';

/** What Backstage's read-tree response factory offers that this reader uses. */
export interface TreeResponses {
  fromReadableArray(
    files: Array<{ data: Readable; path: string; lastModifiedAt?: Date }>,
  ): Promise<UrlReaderServiceReadTreeResponse>;
}

/** A file or folder address on the local forge's pages. */
interface ForgeAddress {
  repo: string;
  /** Undefined: the default branch. */
  branch?: string;
  /** Inside the repository, no leading or trailing slash; '' for the root. */
  filePath: string;
}

/**
 * Reads the local forge's repositories for the catalog and TechDocs, by the
 * addresses the forge gives them (`<app>/forge/<owner>/<repo>/blob/main/…`,
 * the `backstage.io/managed-by-location` of a product's entities). Without
 * it those addresses go to the plain fetch reader, which refuses them
 * (`backend.reading.allow`) and could not read a folder anyway; with it a
 * new product's docs build like storefront's. Only the default branch is
 * served, as the forge only publishes that one.
 */
export class LocalForgeUrlReader implements UrlReaderService {
  private readonly prefix: string;

  constructor(
    private readonly forge: LocalForge,
    appBaseUrl: string,
    private readonly trees: TreeResponses,
  ) {
    this.prefix = `${appBaseUrl.replace(/\/$/, '')}/forge/`;
  }

  /** Whether a URL is one of the forge's. */
  handles(url: URL): boolean {
    return url.toString().startsWith(this.prefix);
  }

  private address(url: string): ForgeAddress {
    const rest = url.startsWith(this.prefix)
      ? url.slice(this.prefix.length).split(/[?#]/)[0]
      : '';
    // `<owner>/<repo>` alone is the default branch's root.
    const match = rest.match(
      /^([^/]+\/[^/]+?)(?:\/(?:blob|tree)\/([^/]+)\/?(.*?))?\/?$/,
    );
    if (!match)
      throw new NotFoundError(
        `${url} is not a file or folder of the local forge (expected ${this.prefix}<owner>/<repo>/blob/main/<path>)`,
      );
    const filePath = decodeURIComponent(match[3] ?? '').replace(/\/+$/, '');
    if (filePath.split('/').includes('..'))
      throw new NotFoundError(`${url}: no ".." in a forge path`);
    return { repo: match[1], branch: match[2], filePath };
  }

  private async head(address: ForgeAddress): Promise<string> {
    const info = await this.forge.getRepo(address.repo);
    if (!info)
      throw new NotFoundError(
        `repository ${address.repo} is not on the local forge`,
      );
    if (address.branch && address.branch !== info.defaultBranch)
      throw new NotFoundError(
        `the local forge serves ${address.repo} at ${info.defaultBranch} only, not ${address.branch}`,
      );
    return this.forge.headOf(address.repo);
  }

  async readUrl(
    url: string,
    options?: { etag?: string },
  ): Promise<UrlReaderServiceReadUrlResponse> {
    const address = this.address(url);
    const etag = await this.head(address);
    if (options?.etag === etag) throw new NotModifiedError();
    const text = await this.forge.readFile(address.repo, address.filePath);
    if (text === undefined)
      throw new NotFoundError(
        `${address.filePath} is not in ${address.repo} on the local forge`,
      );
    const buffer = Buffer.from(text, 'utf8');
    return {
      buffer: async () => buffer,
      stream: () => Readable.from(buffer),
      etag,
    };
  }

  async readTree(
    url: string,
    options?: UrlReaderServiceReadTreeOptions,
  ): Promise<UrlReaderServiceReadTreeResponse> {
    const address = this.address(url);
    const etag = await this.head(address);
    if (options?.etag === etag) throw new NotModifiedError();
    const work = await fs.mkdtemp(path.join(os.tmpdir(), 'trinity-forge-'));
    try {
      const checkout = path.join(work, 'tree');
      await this.forge.checkout(address.repo, checkout);
      const root = path.join(checkout, address.filePath);
      const files: Array<{ data: Readable; path: string }> = [];
      for (const file of await filesUnder(root)) {
        const relative = path.relative(root, file).split(path.sep).join('/');
        const { size } = await fs.stat(file);
        if (options?.filter && !options.filter(relative, { size })) continue;
        files.push({
          data: Readable.from(await fs.readFile(file)),
          path: relative,
        });
      }
      if (files.length === 0 && address.filePath)
        throw new NotFoundError(
          `${address.filePath} is not a folder of ${address.repo} on the local forge`,
        );
      const response = await this.trees.fromReadableArray(files);
      // The factory's response has no etag of its own; keep its methods.
      return {
        files: () => response.files(),
        archive: () => response.archive(),
        dir: dirOptions => response.dir(dirOptions),
        etag,
      };
    } finally {
      await fs.rm(work, { recursive: true, force: true });
    }
  }

  async search(): Promise<UrlReaderServiceSearchResponse> {
    throw new Error('the local forge does not support search');
  }

  toString() {
    return `local-forge{prefix=${this.prefix}}`;
  }
}

async function filesUnder(dir: string): Promise<string[]> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const entry of entries) {
    if (entry.name === '.git') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(full)));
    else if (entry.isFile()) out.push(full);
  }
  return out;
}
