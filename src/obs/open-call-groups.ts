// The open call of each caller|parent span|target group, for requests that carry a W3C
// traceparent: a further attempt of a call (a retry, a hedge) is found by the span its
// header names as parent, its caller and its target. Rule: a group holds one open call at a
// time (a newer call takes its place), and keys are the parent span ids the runtime made
// once, so no key text is built per request.

/** What a group is told apart by, besides the parent span id. */
export interface GroupedCall {
  readonly caller: number;
  readonly target: number;
}

export class OpenCallGroups<C extends GroupedCall> {
  /** By parent span id: the few open calls made under one span, one per caller and target. */
  private readonly callsByParent = new Map<string, C[]>();

  /** The open call of the caller|parent span|target group. */
  find(caller: number, parentSpanId: string, target: number): C | undefined {
    const calls = this.callsByParent.get(parentSpanId);
    if (calls === undefined) return undefined;
    for (const call of calls) if (call.caller === caller && call.target === target) return call;
    return undefined;
  }

  /** Makes `call` the open call of its group, in place of the one before it. */
  open(call: C, parentSpanId: string): void {
    const calls = this.callsByParent.get(parentSpanId);
    if (calls === undefined) {
      this.callsByParent.set(parentSpanId, [call]);
      return;
    }
    const index = calls.findIndex((open) => open.caller === call.caller && open.target === call.target);
    if (index >= 0) calls[index] = call;
    else calls.push(call);
  }

  /** Ends `call`'s place as the open call of its group, if it still holds it. */
  close(call: C, parentSpanId: string): void {
    const calls = this.callsByParent.get(parentSpanId);
    if (calls === undefined) return;
    const index = calls.indexOf(call);
    if (index < 0) return;
    if (calls.length === 1) this.callsByParent.delete(parentSpanId);
    else calls.splice(index, 1);
  }
}
