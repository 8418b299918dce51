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
  if (result.kind !== 'error' || typeof result.reason !== 'string') return result.kind;
  // Read for every error reply, with a few distinct reasons: each text is made once.
  let outcome = ERROR_OUTCOMES.get(result.reason);
  if (outcome === undefined) {
    outcome = `error:${result.reason}`;
    if (ERROR_OUTCOMES.size < MAX_CACHED_OUTCOMES) ERROR_OUTCOMES.set(result.reason, outcome);
  }
  return outcome;
}

const ERROR_OUTCOMES = new Map<string, string>();
const MAX_CACHED_OUTCOMES = 1_000;

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
  const parts = describeBodyParts(body);
  return labelOf(parts.head, parts.rpcId);
}

/** A label in two parts: `call work` and the rpc id 3 for `call work #3`; no rpc id for a plain message. */
export interface LabelParts {
  readonly head: string;
  readonly rpcId: number | undefined;
}

/**
 * describeBody's label before it is written out: a run has a message per request and per
 * reply, and their heads repeat (`call work`, `reply ok`), so each head is made once and the
 * label only when an exporter reads it.
 */
export function describeBodyParts(body: unknown): LabelParts {
  const request = asRequest(body);
  if (request !== undefined) return { head: cachedHead(CALL_HEADS, 'call', typeOf(request.body)), rpcId: request.rpcId };
  const reply = asReply(body);
  if (reply !== undefined) return { head: cachedHead(REPLY_HEADS, 'reply', outcomeOf(reply.result)), rpcId: reply.rpcId };
  return { head: shortType(body), rpcId: undefined };
}

/** `call work #3`, or the head alone for a plain message. */
export function labelOf(head: string, rpcId: number | undefined): string {
  return rpcId === undefined ? head : `${head} #${rpcId}`;
}

const CALL_HEADS = new Map<string, string>();
const REPLY_HEADS = new Map<string, string>();
const MAX_CACHED_HEADS = 1_000;

/** `<word> <detail>` (`call work`), or the word alone without a detail; made once per detail. */
function cachedHead(heads: Map<string, string>, word: string, detail: string | undefined): string {
  if (detail === undefined) return word;
  let head = heads.get(detail);
  if (head === undefined) {
    head = `${word} ${detail}`;
    if (heads.size < MAX_CACHED_HEADS) heads.set(detail, head);
  }
  return head;
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
