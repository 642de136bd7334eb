/**
 * The dashboard's web page: three files in ./public (HTML, one plain script, one style sheet),
 * served from this fixed list only — no path from a request ever reaches the file system, so
 * `/../` tricks have nothing to resolve. Nothing is loaded from a CDN: the page works offline.
 */
import { readFile } from 'node:fs/promises';

/** URL path → file in ./public and its content type. */
const ASSETS: Readonly<Record<string, { readonly file: string; readonly type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
};

/** A file to send. */
export interface DashboardAsset {
  readonly body: Buffer;
  readonly type: string;
}

/**
 * The asset at a URL path, or undefined for any other path.
 *
 * @example
 * const page = await dashboardAsset('/');
 */
export async function dashboardAsset(path: string): Promise<DashboardAsset | undefined> {
  const asset = Object.hasOwn(ASSETS, path) ? ASSETS[path] : undefined;
  if (asset === undefined) return undefined;
  return { body: await readFile(new URL(`./public/${asset.file}`, import.meta.url)), type: asset.type };
}
