// `faultline compare <scenario> --vary name=a,b`: the variants of a scenario on the same
// seeds, one table (or --json). Runs are in-process, one after another: the sweep
// library's per-seed results carry no summary figures, and a comparison is seeds times
// a few variants, not a sweep of thousands.
// Rule: every --vary and --set value is checked, for every variant, before the first
// run; a comparison is a report, so it exits 0 whatever the verdicts, and 1 only when a
// run crashed (threw), which is a bug to look at.
import { planVariants, runComparison, type ComparisonOptions } from '../../scenario/compare.ts';
import { parseSeedRange } from '../../sweep/index.ts';
import { parseCommandLine, parseSetOptions, parseUntil, scenarioArgument } from '../arguments.ts';
import { writeLines } from '../cli-host.ts';
import { showUsage, type Command } from '../command.ts';
import { formatComparison } from '../compare-table.ts';
import { EXIT_CODE } from '../exit-code.ts';
import { asUsageError } from '../library-input.ts';
import { UsageError } from '../usage-error.ts';
import { parseVaryOption } from '../vary-option.ts';

/** Seeds compared when --seeds is not given. */
export const DEFAULT_COMPARE_SEEDS = '1..20';

const OPTIONS = {
  vary: { type: 'string', multiple: true },
  seeds: { type: 'string' },
  set: { type: 'string', multiple: true },
  until: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const compareCommand: Command = {
  name: 'compare',
  summary: 'run variants of a scenario on the same seeds and compare their figures in one table',
  usage: [
    'usage: faultline compare <scenario> --vary name=value1,value2 [--vary other=...] [--seeds 1..50]',
    '                          [--set name=value ...] [--until 30s] [--json]',
    '',
    'Runs every variant (each combination of the --vary values) on the same seeds and prints',
    'one table: a row per variant with its runs, its pass rate, and the mean over the seeds of',
    'every number the scenario reports. Same failure, different design, side by side.',
    '',
    'options',
    '  --vary name=a,b   a parameter and the values to compare; repeat to vary several',
    '                    (the rows are every combination, the first --vary varying slowest)',
    `  --seeds RANGE     FIRST..LAST (both included) or one seed N (default ${DEFAULT_COMPARE_SEEDS})`,
    '  --set name=value  a parameter every variant shares; repeat for more',
    '  --until DURATION  run length in virtual time, e.g. 250ms, 30s (default: the scenario\'s)',
    '  --json            print one JSON object: { scenario, seeds, params, variants: [ { params,',
    '                    runs, passed, failed, crashed, figures: { name: { mean, median, min, max } },',
    '                    crashes } ] }',
    '  -h, --help        show this help',
    '',
    'exit codes: 0 compared (a comparison is a report: failing runs only lower the pass rate),',
    '            1 a run crashed (threw: a bug), 2 bad input, 3 internal error',
  ].join('\n'),
  execute(args, host) {
    const { values, positionals } = parseCommandLine('compare', args, OPTIONS);
    if (values.help === true) return showUsage(host, this.usage);
    const scenario = scenarioArgument('compare', positionals);
    const vary = (values.vary ?? []).map(parseVaryOption);
    if (vary.length === 0) throw new UsageError('compare needs at least one --vary name=value1,value2 (for example --vary loss=0,0.3)');
    const options: ComparisonOptions = {
      scenario,
      seeds: asUsageError('--seeds', () => parseSeedRange(values.seeds ?? DEFAULT_COMPARE_SEEDS)),
      params: parseSetOptions(values.set ?? []),
      vary,
      ...(values.until === undefined ? {} : { untilUs: parseUntil(values.until) }),
    };
    asUsageError(undefined, () => planVariants(options)); // bad input, before the first run
    const comparison = runComparison(options);
    if (values.json === true) host.stdout(`${JSON.stringify(comparison)}\n`);
    else writeLines(host.stdout, formatComparison(comparison));
    return comparison.variants.some((variant) => variant.crashed > 0) ? EXIT_CODE.checkFailed : EXIT_CODE.pass;
  },
};
