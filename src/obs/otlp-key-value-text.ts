// Attributes as OTLP KeyValue JSON text, written by hand for the OTLP export's span events
// and log records (tens of thousands). Rule: the text is exactly what JSON.stringify gives
// for the OTLP shape ({"key":..,"value":{"stringValue"|"intValue"|"doubleValue"|"boolValue":..}},
// integers as decimal strings); texts that repeat are made once (memo-table.ts).
import { jsonString } from './json-string.ts';
import { MemoTable } from './memo-table.ts';
import type { AttributeValue } from './span.ts';

/**
 * Texts kept made: attribute keys up to MAX_CACHED_KEYS; a string attribute's values up to
 * MAX_VALUES_PER_KEY per key (a key whose values never repeat stops being kept there).
 */
const MAX_CACHED_KEYS = 1_000;
const MAX_VALUES_PER_KEY = 64;

/** Attributes as a JSON array text, in the record's key order. */
export function attributesText(values: Readonly<Record<string, AttributeValue>>): string {
  let text = '';
  for (const key in values) text += (text === '' ? '' : ',') + keyValueText(key, values[key] as AttributeValue);
  return `[${text}]`;
}

/** Attribute keys repeat on every span: their JSON is made once. */
const KEY_JSON = new MemoTable((key: string) => JSON.stringify(key), MAX_CACHED_KEYS);

export function keyJson(key: string): string {
  return KEY_JSON.get(key);
}

/**
 * Attributes with a string value, by key and value: most repeat on every record of a kind
 * (`service.name`), so their text is made once; a key whose values do not repeat stops
 * being cached at MAX_VALUES_PER_KEY.
 */
const STRING_ATTRIBUTE_TEXT = new MemoTable((key: string) => new MemoTable((value: string) => uncachedKeyValueText(key, value), MAX_VALUES_PER_KEY), MAX_CACHED_KEYS);

/** One attribute as OTLP KeyValue JSON text. */
export function keyValueText(key: string, value: AttributeValue): string {
  return typeof value === 'string' ? STRING_ATTRIBUTE_TEXT.get(key).get(value) : uncachedKeyValueText(key, value);
}

function uncachedKeyValueText(key: string, value: AttributeValue): string {
  return `{"key":${keyJson(key)},"value":${anyValueText(value)}}`;
}

/** anyValue as JSON text. */
export function anyValueText(value: AttributeValue): string {
  if (typeof value === 'string') return `{"stringValue":${jsonString(value)}}`;
  if (typeof value === 'boolean') return `{"boolValue":${value}}`;
  return Number.isSafeInteger(value) ? `{"intValue":"${value}"}` : `{"doubleValue":${JSON.stringify(value)}}`;
}
