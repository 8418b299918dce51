#!/usr/bin/env node
// The `faultline` command: registers tsx so Node can load the TypeScript sources, then
// hands over to src/cli/main.ts. Paths are resolved from this file, so it works from
// any working directory.
import { register } from 'tsx/esm/api';

register({ tsconfig: new URL('../tsconfig.json', import.meta.url).pathname });
await import('../src/cli/main.ts');
