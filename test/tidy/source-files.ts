// Lists the project's TypeScript sources and classifies them as host code (allowed real
// time and I/O) or simulation code (everything a run executes).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Folders under src/ whose code is host code: the only code allowed real time and I/O. */
export const HOST_FOLDERS = ['cli', 'tui', 'sweep'] as const;

export interface SourceFile {
  /** Path relative to the repository root, with forward slashes. */
  readonly path: string;
  readonly text: string;
}

export function listSources(folder: string): SourceFile[] {
  const root = join(REPO_ROOT, folder);
  const files: SourceFile[] = [];
  const walk = (directory: string): void => {
    for (const entry of readdirSync(directory, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.tsx?$/.test(entry.name)) files.push({ path: relative(REPO_ROOT, full).split('\\').join('/'), text: readFileSync(full, 'utf8') });
    }
  };
  walk(root);
  return files;
}

/** The src/ folder a path belongs to (`engine` for src/engine/x.ts), or undefined outside src/. */
export function srcFolderOf(path: string): string | undefined {
  const match = /^src\/([^/]+)\//.exec(path);
  return match?.[1];
}

export function isHostCode(path: string): boolean {
  const folder = srcFolderOf(path);
  return folder !== undefined && (HOST_FOLDERS as readonly string[]).includes(folder);
}
