// The version `faultline --version` prints. Rule: package.json is the one source; it is
// read only when asked for, so start-up does not pay for it.
import { readFileSync } from 'node:fs';

const PACKAGE_JSON = new URL('../../package.json', import.meta.url);

export function packageVersion(): string {
  const parsed = JSON.parse(readFileSync(PACKAGE_JSON, 'utf8')) as { version?: unknown };
  if (typeof parsed.version !== 'string') throw new Error(`package.json has no version string`);
  return parsed.version;
}
