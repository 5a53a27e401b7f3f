/**
 * Tool inputs come from the model and are untrusted JSON: each tool states the shape it needs and
 * gets either typed values or an error the model can correct.
 */

type FieldKind = 'string' | 'string?' | 'integer?' | 'boolean?';
type FieldValue<K extends FieldKind> = K extends 'string'
  ? string
  : K extends 'string?'
    ? string | undefined
    : K extends 'integer?'
      ? number | undefined
      : boolean | undefined;

export type Shape = Record<string, FieldKind>;
export type InputOf<S extends Shape> = { [K in keyof S]: FieldValue<S[K]> };

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export function parseInput<S extends Shape>(input: unknown, shape: S): Parsed<InputOf<S>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, error: 'input must be a JSON object' };
  }
  const record = input as Record<string, unknown>;
  const value: Record<string, unknown> = {};
  for (const [name, kind] of Object.entries(shape)) {
    const raw = record[name];
    const optional = kind.endsWith('?');
    if (raw === undefined || raw === null) {
      if (!optional) return { ok: false, error: `missing required field "${name}"` };
      continue;
    }
    const base = kind.replace('?', '');
    const fits =
      base === 'integer' ? typeof raw === 'number' && Number.isInteger(raw) : typeof raw === base;
    if (!fits) return { ok: false, error: `field "${name}" must be ${base === 'integer' ? 'an integer' : `a ${base}`}` };
    value[name] = raw;
  }
  return { ok: true, value: value as InputOf<S> };
}
