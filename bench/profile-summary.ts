// Prints the functions with the most self time in a V8 .cpuprofile (from
// `node --cpu-prof`), with their share of all samples. Rule: it only reads the file
// it is given; profiles are gitignored and belong outside the repository.
import { readFileSync } from 'node:fs';

interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
}

const TOP_FUNCTIONS = 20;

function summarize(path: string): string {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const labelOf = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const file = url.split('/').slice(-2).join('/');
    labelOf.set(node.id, `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}`);
  }
  const samplesOf = new Map<string, number>();
  for (const nodeId of profile.samples) {
    const label = labelOf.get(nodeId) ?? '(unknown)';
    samplesOf.set(label, (samplesOf.get(label) ?? 0) + 1);
  }
  const total = profile.samples.length;
  const rows = [...samplesOf.entries()].sort((left, right) => right[1] - left[1] || (left[0] < right[0] ? -1 : 1)).slice(0, TOP_FUNCTIONS);
  return rows.map(([label, samples]) => `${((samples / total) * 100).toFixed(1).padStart(5)}%  ${label}`).join('\n');
}

for (const path of process.argv.slice(2)) process.stdout.write(`${path}\n${summarize(path)}\n\n`);
