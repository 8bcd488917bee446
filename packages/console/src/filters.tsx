/** The filter forms of the list pages (queue, shipments): their choices and what a submit asks for. */
import type { FormEvent } from 'react';

/** A filter's choice among `options`, with "any" (the empty value) first when `any`. */
export function Choice({
  label,
  name,
  options,
  defaultValue,
  any = false,
}: {
  label: string;
  name: string;
  options: readonly string[];
  defaultValue: string;
  any?: boolean;
}) {
  return (
    <label>
      {label}
      <select name={name} defaultValue={defaultValue}>
        {any ? <option value="">any</option> : null}
        {options.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
    </label>
  );
}

/**
 * A submitted filter form's fields `names`, trimmed (an empty one undefined): the page's new
 * search. Keeps the browser from submitting the form itself.
 */
export function submittedFilters<K extends string>(
  e: FormEvent<HTMLFormElement>,
  names: readonly K[],
): Record<K, string | undefined> {
  e.preventDefault();
  const f = new FormData(e.currentTarget);
  return Object.fromEntries(names.map((k) => [k, String(f.get(k) ?? '').trim() || undefined])) as Record<
    K,
    string | undefined
  >;
}
