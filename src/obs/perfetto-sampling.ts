// What head-based trace sampling means to the Perfetto export: the messages of a trace
// sampling left out go with its spans, and the document says what was left out. Rule: a
// run exported whole (ratio 1) keeps every message and says nothing of sampling.
import { TraceSampler, type TraceSampling } from './trace-sampling.ts';

/**
 * Whether sampling kept a trace, asked once per trace: a trace has many messages, and the
 * answer hashes the whole id, while the map finds the id by the hash V8 keeps in the string.
 */
export function keptTraces(ratio: number): (traceId: string) => boolean {
  const sampler = new TraceSampler(ratio);
  if (sampler.keepsEverything) return () => true;
  const answers = new Map<string, boolean>();
  return (traceId) => {
    let isKept = answers.get(traceId);
    if (isKept === undefined) {
      isKept = sampler.keeps(traceId);
      answers.set(traceId, isKept);
    }
    return isKept;
  };
}

/** The sampling figures, only when sampling left traces out. */
export function samplingData(sampling: TraceSampling): { traceSampleRatio?: number; tracesSampledOut?: number } {
  return sampling.ratio === 1 ? {} : { traceSampleRatio: sampling.ratio, tracesSampledOut: sampling.tracesSampledOut };
}
