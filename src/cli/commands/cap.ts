// `faultline cap`: CP vs AP, measured. Runs the CP store (kv-cp, on Raft) and the AP
// store (kv-ap, Dynamo-style) from the same seed through the same partition and prints
// one table (or --json) of what each kept and what each gave up; `--latency` compares
// their latency with no partition instead (PACELC). The comparison itself lives in
// src/scenario/cap-report.ts and cap-latency.ts; this file reads the command line.
// Rule: every value is checked against both scenarios before the first run; the seed
// line comes first; a report exits 0 whatever the stores' own verdicts.
import { CAP_PARTITIONS, DEFAULT_CAP_PARTITION, DEFAULT_CAP_SEED, checkCapParams, runCapComparison, type CapPartition, type CapStores } from '../../scenario/cap-report.ts';
import { checkLatencyParams, runLatencyComparison } from '../../scenario/cap-latency.ts';
import type { RawParams } from '../../scenario/params.ts';
import { findScenario } from '../../../scenarios/index.ts';
import { parseCommandLine, expectNoArguments, parseSeed, parseSetOptions } from '../arguments.ts';
import { formatCapComparison, formatLatencyComparison } from '../cap-text.ts';
import { writeLines, type CliHost } from '../cli-host.ts';
import { showUsage, type Command } from '../command.ts';
import { EXIT_CODE, type ExitCode } from '../exit-code.ts';
import { UsageError } from '../usage-error.ts';

/** The scenarios compared: registered names, so `faultline run` reruns either one alone. */
export const CAP_SCENARIOS = { cp: 'kv-cp', ap: 'kv-ap' } as const;

const OPTIONS = {
  seed: { type: 'string' },
  partition: { type: 'string' },
  latency: { type: 'boolean' },
  set: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface CapRequest {
  readonly seed: number;
  readonly mode: { readonly kind: 'partition'; readonly partition: CapPartition } | { readonly kind: 'latency' };
  readonly params: RawParams;
  readonly output: 'text' | 'json';
}

export const capCommand: Command = {
  name: 'cap',
  summary: 'CP vs AP, measured: a Raft store and a Dynamo-style store through the same partition',
  usage: [
    'usage: faultline cap [--seed N] [--partition majority-minority|split-brain|isolate-leader|bridge]',
    '                     [--latency] [--set name=value ...] [--json]',
    '',
    `Runs the CP store (${CAP_SCENARIOS.cp}: Raft, reads and writes through the leader) and the AP store`,
    `(${CAP_SCENARIOS.ap}: Dynamo-style, sloppy quorums) from the same seed, with the same clients,`,
    'workload and partition schedule, and prints one table: per store, availability on the',
    'majority side and on the minority side during the partition, latency p50/p99, whether',
    'the clients\' history is linearizable, stale reads, lost writes, and how long after the',
    'heal the replicas converged; then what the table shows, in words.',
    '',
    'options',
    `  --seed N            root seed, 0 to 9007199254740991 (default ${DEFAULT_CAP_SEED}); printed first`,
    `  --partition SHAPE   ${CAP_PARTITIONS.join(', ')} (default ${DEFAULT_CAP_PARTITION})`,
    '  --latency           no partition: what strong consistency costs in latency (PACELC).',
    `                      Runs ${CAP_SCENARIOS.cp}, ${CAP_SCENARIOS.ap} with read and write quorums (r=w=2 of n=3)`,
    `                      and ${CAP_SCENARIOS.ap} with r=1 w=1; prints p50/p99 per configuration and the`,
    '                      ratio to r=1 w=1. Not with --partition',
    '  --set name=value    a parameter both stores take, set for both; repeat for more: nodes,',
    '                      clients, keys, write-ratio, interval, isolate, partition-at, heal-at,',
    '                      cross-latency, loss, client-timeout, convergence-bound, max-operations',
    '  --json              one JSON object: { seed, partition, stores: [ { store: "cp"|"ap",',
    '                      availabilityMajority, availabilityMinority, latencyP50Ms, latencyP99Ms,',
    '                      linearizable, staleReads, lostWrites, convergenceMs } ] }.',
    '                      Availability is a fraction from 0 to 1: of the operations begun on',
    '                      that side during the partition and ended before the heal, the share',
    '                      that succeeded (one that waited out the partition was not available;',
    '                      the scenarios\' own figures count it); null: no such operation.',
    '                      linearizable is true, false or null (the checker reached its limit);',
    '                      convergenceMs is null when the replicas had not converged.',
    '                      With --latency: { seed, partition: "none", baseline, configurations:',
    '                      [ { configuration, store, label, latencyP50Ms, latencyP99Ms, p50Ratio,',
    '                      p99Ratio } ] }',
    '  -h, --help          show this help',
    '',
    'exit codes: 0 report printed (whatever the stores\' own checks found: the report notes it),',
    `            2 bad input, 3 internal error (as when ${CAP_SCENARIOS.cp} or ${CAP_SCENARIOS.ap} is not registered)`,
  ].join('\n'),
  execute(args, host) {
    const { values, positionals } = parseCommandLine('cap', args, OPTIONS);
    if (values.help === true) return showUsage(host, this.usage);
    expectNoArguments('cap', positionals);
    if (values.latency === true && values.partition !== undefined) {
      throw new UsageError(`--latency runs with no partition: drop --partition ${JSON.stringify(values.partition)}, or drop --latency`);
    }
    const request: CapRequest = {
      seed: values.seed === undefined ? DEFAULT_CAP_SEED : parseSeed(values.seed),
      mode: values.latency === true ? { kind: 'latency' } : { kind: 'partition', partition: parsePartition(values.partition ?? DEFAULT_CAP_PARTITION) },
      params: parseSetOptions(values.set ?? []),
      output: values.json === true ? 'json' : 'text',
    };
    return executeCap(request, host);
  },
};

function parsePartition(text: string): CapPartition {
  if ((CAP_PARTITIONS as readonly string[]).includes(text)) return text as CapPartition;
  throw new UsageError(`invalid --partition ${JSON.stringify(text)}: expected one of ${CAP_PARTITIONS.join(', ')}`);
}

function executeCap(request: CapRequest, host: CliHost): ExitCode {
  const stores = capStores();
  if (request.mode.kind === 'latency') checkLatencyParams(stores, request.params);
  else checkCapParams(stores, request.params, request.mode.partition);
  if (request.output === 'text') host.stdout(`seed ${request.seed}\n`);
  if (request.mode.kind === 'latency') {
    const report = runLatencyComparison({ stores, seed: request.seed, params: request.params });
    if (request.output === 'json') host.stdout(`${JSON.stringify(report)}\n`);
    else writeLines(host.stdout, formatLatencyComparison(report));
  } else {
    const comparison = runCapComparison({ stores, seed: request.seed, partition: request.mode.partition, params: request.params });
    if (request.output === 'json') host.stdout(`${JSON.stringify(comparison.report)}\n`);
    else writeLines(host.stdout, formatCapComparison(comparison));
  }
  return EXIT_CODE.pass;
}

/** Both scenarios; one missing from the registry is a bug in this build, not bad input. */
function capStores(): CapStores {
  const cp = findScenario(CAP_SCENARIOS.cp);
  const ap = findScenario(CAP_SCENARIOS.ap);
  if (cp === undefined || ap === undefined) {
    const missing = [cp === undefined ? CAP_SCENARIOS.cp : undefined, ap === undefined ? CAP_SCENARIOS.ap : undefined].filter((name) => name !== undefined);
    throw new Error(`faultline cap needs the scenarios ${CAP_SCENARIOS.cp} and ${CAP_SCENARIOS.ap}; not registered in scenarios/index.ts: ${missing.join(', ')}`);
  }
  return { cp, ap };
}
