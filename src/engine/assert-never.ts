// Exhaustiveness guard for `switch` over tagged unions: the compiler rejects a
// missing case, and a value that slips past the types at run time fails loudly.
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
