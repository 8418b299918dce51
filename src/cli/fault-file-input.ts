// `--faults file.json`: reads a saved fault schedule (written by formatFaultFile, for
// example from a shrunk property-test failure) for the scenario about to run.
// Rule: this is the host side (file I/O); parsing is parseFaultFile's, and every problem
// (unreadable file, bad JSON, a bad event) is one UsageError line naming the file.
import { readFileSync } from 'node:fs';
import type { FaultSchedule } from '../faults/fault-event.ts';
import { parseFaultFile } from '../faults/fault-file.ts';
import type { Scenario } from '../scenario/define-scenario.ts';
import type { RawParams } from '../scenario/params.ts';
import { countScenarioNodes } from '../scenario/runner.ts';
import { UsageError } from './usage-error.ts';

/** The file's schedule, checked against the scenario's node count for these parameters. */
export function readFaultFile(path: string, scenario: Scenario, params: RawParams): FaultSchedule {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read fault file ${JSON.stringify(path)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseFaultFile(text, countScenarioNodes(scenario, params));
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new UsageError(`fault file ${JSON.stringify(path)}: ${error.message.replace(/^fault file: /, '')}`);
  }
}
