// Reads what the trace says about requests, without importing the node runtime (src/obs
// may import only src/engine): rpc envelopes in message bodies, and the resilience
// patterns' log lines. Rule: these readers follow the shapes written by src/node/rpc.ts
// (`rpc-request` / `rpc-reply` with rpcId and boot, optionally a `traceparent` header)
// and src/patterns/pattern-event.ts (`pattern <kind> <json>`); anything else is not an
// rpc and is shown as a plain message.
export interface RequestEnvelope {
  readonly type: 'rpc-request';
  readonly rpcId: number;
  readonly boot: number;
  readonly body: unknown;
  /** W3C traceparent, when the runtime propagates one. */
  readonly traceparent?: unknown;
  /**
   * The traceparent's trace id and parent id, given by the runtime's requests (TracedRequest
   * in src/node/rpc.ts): read instead of making and parsing the header's text per request.
   */
  readonly traceparentParts?: { readonly traceId?: unknown; readonly spanId?: unknown };
}

export interface ReplyEnvelope {
  readonly type: 'rpc-reply';
  readonly rpcId: number;
  readonly boot: number;
  readonly result: { readonly kind: string; readonly reason?: unknown; readonly detail?: unknown };
}

export function asRequest(body: unknown): RequestEnvelope | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const candidate = body as Partial<RequestEnvelope>;
  if (candidate.type !== 'rpc-request' || typeof candidate.rpcId !== 'number' || typeof candidate.boot !== 'number') return undefined;
  return candidate as RequestEnvelope;
}

export function asReply(body: unknown): ReplyEnvelope | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const candidate = body as Partial<ReplyEnvelope>;
  if (candidate.type !== 'rpc-reply' || typeof candidate.rpcId !== 'number' || typeof candidate.boot !== 'number') return undefined;
  if (typeof candidate.result !== 'object' || candidate.result === null || typeof candidate.result.kind !== 'string') return undefined;
  return candidate as ReplyEnvelope;
}

/** `ok`, `timeout`, `error:shed`: how a reply's result reads in labels. */
export function outcomeOf(result: ReplyEnvelope['result']): string {
  return result.kind === 'error' && typeof result.reason === 'string' ? `error:${result.reason}` : result.kind;
}

const TWO_POW_32 = 4294967296;
/** Callers (from -1) and boots that fit a numeric call key with any 32-bit rpcId: 2^12 * 2^9 * 2^32 = 2^53. */
const KEY_CALLERS = 4096;
const KEY_BOOTS = 512;

/**
 * Identifies one call: the caller, its boot, its call number. It is looked up for every
 * request and reply, so it is one number when the parts fit in 53 bits (always, in
 * practice), and text only beyond; the two kinds never equal each other.
 */
export function callKey(caller: number, boot: number, rpcId: number): number | string {
  const fits = Number.isInteger(caller) && Number.isInteger(boot) && Number.isInteger(rpcId) && caller >= -1 && caller < KEY_CALLERS - 1 && boot >= 0 && boot < KEY_BOOTS && rpcId >= 0 && rpcId < TWO_POW_32;
  return fits ? ((caller + 1) * KEY_BOOTS + boot) * TWO_POW_32 + rpcId : `${caller}:${boot}:${rpcId}`;
}

const PATTERN_PREFIX = 'pattern ';

export interface PatternLine {
  readonly kind: string;
  readonly fields: Readonly<Record<string, unknown>>;
}

/** `pattern breaker-opened {"policy":"db",...}` -> { kind, fields }; undefined for any other line. */
export function parsePatternLine(text: string): PatternLine | undefined {
  if (!text.startsWith(PATTERN_PREFIX)) return undefined;
  const space = text.indexOf(' ', PATTERN_PREFIX.length);
  if (space < 0) return undefined;
  const kind = text.slice(PATTERN_PREFIX.length, space);
  try {
    const fields = JSON.parse(text.slice(space + 1)) as unknown;
    if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return undefined;
    return { kind, fields: fields as Record<string, unknown> };
  } catch {
    return undefined;
  }
}

/** A short label for a message body: its `type`, or the type of the rpc it carries. */
export function describeBody(body: unknown): string {
  const request = asRequest(body);
  if (request !== undefined) {
    const type = typeOf(request.body);
    return type === undefined ? `call #${request.rpcId}` : `call ${type} #${request.rpcId}`;
  }
  const reply = asReply(body);
  if (reply !== undefined) return `reply ${outcomeOf(reply.result)} #${reply.rpcId}`;
  return shortType(body);
}

const LABEL_LIMIT = 40;

function shortType(body: unknown): string {
  return typeOf(body) ?? (Array.isArray(body) ? 'array' : typeof body);
}

/** The body's `type` field, shortened; undefined when it has none. */
function typeOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const type = (body as { type?: unknown }).type;
  if (typeof type !== 'string') return undefined;
  return type.length > LABEL_LIMIT ? `${type.slice(0, LABEL_LIMIT - 3)}...` : type;
}
