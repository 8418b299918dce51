// Reads what the trace says about requests, without importing the node runtime (src/obs
// may import only src/engine): rpc envelopes in message bodies, and the resilience
// patterns' log lines. Rule: these readers follow the shapes written by src/node/rpc.ts
// (`rpc-request` / `rpc-reply` with rpcId and boot, optionally a `traceparent` header)
// and src/patterns/pattern-event.ts (`pattern <kind> <json>`); anything else is not an
// rpc and is shown as a plain message.
import { MemoTable } from './memo-table.ts';

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
  // Read for every error reply, with a few distinct reasons: each text is made once.
  return result.kind === 'error' && typeof result.reason === 'string' ? ERROR_OUTCOMES.get(result.reason) : result.kind;
}

/**
 * A failed reply's span status message: its outcome and, when the server gave one, its
 * words (`error:remote: not the leader; node 1 leads`), so a trace says why, not just that.
 */
export function errorMessageOf(result: ReplyEnvelope['result'], outcome: string): string {
  return typeof result.detail === 'string' && result.detail !== '' ? `${outcome}: ${result.detail}` : outcome;
}

/** Distinct texts kept per table: reasons, types and outcomes come from code, so a few dozen in practice. */
const MAX_KEPT_LABELS = 1_000;
const ERROR_OUTCOMES = new MemoTable((reason: string) => `error:${reason}`, MAX_KEPT_LABELS);

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

/** A label in two parts: `call work` and the rpc id 3 for `call work #3`; no rpc id for a plain message. */
export interface LabelParts {
  readonly head: string;
  readonly rpcId: number | undefined;
}

/**
 * A short label for a message body (its `type`, or the rpc it carries), in two parts: a
 * run has a message per request and per reply, and their heads repeat (`call work`,
 * `reply ok`), so each head is made once and the label (labelOf) only when an exporter
 * reads it.
 */
export function describeBodyParts(body: unknown): LabelParts {
  const request = asRequest(body);
  if (request !== undefined) {
    const type = typeOf(request.body);
    return { head: type === undefined ? 'call' : CALL_HEADS.get(type), rpcId: request.rpcId };
  }
  const reply = asReply(body);
  if (reply !== undefined) return { head: REPLY_HEADS.get(outcomeOf(reply.result)), rpcId: reply.rpcId };
  return { head: shortType(body), rpcId: undefined };
}

/** `call work #3`, or the head alone for a plain message. */
export function labelOf(head: string, rpcId: number | undefined): string {
  return rpcId === undefined ? head : `${head} #${rpcId}`;
}

/** `call work` by the request's type, `reply ok` by the outcome: made once each. */
const CALL_HEADS = new MemoTable((type: string) => `call ${type}`, MAX_KEPT_LABELS);
const REPLY_HEADS = new MemoTable((outcome: string) => `reply ${outcome}`, MAX_KEPT_LABELS);

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
