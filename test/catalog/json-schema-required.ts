/**
 * A deliberately small reader of the compiled JSON Schema: it lists the
 * pointers a frontend would flag as "required but missing" from `required`
 * and `x-required-when`, so tests can compare that with the zod behaviour.
 */
type Schema = Record<string, any>;

function valueAt(data: unknown, pointer: string): unknown {
  let value: any = data;
  for (const key of pointer.split('/').slice(1)) {
    if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = value[key];
  }
  return value;
}

function isEmpty(value: unknown): boolean {
  return value === undefined || (typeof value === 'string' && value.trim() === '') || (Array.isArray(value) && value.length === 0);
}

/** Pointers (absolute, `/form/...`) of required values missing from `form` according to the JSON Schema. */
export function missingRequired(schema: Schema, form: unknown): string[] {
  const missing: string[] = [];
  const visit = (node: Schema, value: unknown, pointer: string): void => {
    if (node.type === 'object' && node.properties && typeof value === 'object' && value !== null && !Array.isArray(value)) {
      const required = new Set<string>(node.required ?? []);
      for (const [name, child] of Object.entries<Schema>(node.properties)) {
        const childValue = Object.prototype.hasOwnProperty.call(value, name) ? (value as Record<string, unknown>)[name] : undefined;
        const when = child['x-required-when'] as { field: string; equals: unknown } | undefined;
        const requiredNow = required.has(name) || (when !== undefined && valueAt(form, when.field) === when.equals);
        const empty = childValue === undefined || (child.type === 'string' && isEmpty(childValue)) || (when !== undefined && isEmpty(childValue));
        if (requiredNow && empty) missing.push(`${pointer}/${name}`);
        else if (childValue !== undefined) visit(child, childValue, `${pointer}/${name}`);
      }
    } else if (node.type === 'array' && Array.isArray(value) && value.length >= (node.minItems ?? 0) && value.length <= (node.maxItems ?? Infinity)) {
      value.forEach((item, index) => visit(node.items, item, `${pointer}/${index}`));
    }
  };
  visit(schema, form, '/form');
  return missing.sort();
}
