import { FormEvent, useId, useState } from 'react';

/** GET /jobs takes at most ten metadata pairs. */
const MAX_PAIRS = 10;

/** `key:value`, split at the first colon; the key may hold neither `:` nor `=` (list-jobs.query.ts). */
const isPair = (pair: string) => /^[^:=]{1,128}:/.test(pair);

/** Metadata pairs that must all match: the current ones with a remove button, and a field to add one. */
export function MetadataFilter({ pairs, onChange }: { pairs: string[]; onChange(pairs: string[]): void }) {
  const id = useId();
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<string>();

  const add = (event: FormEvent) => {
    event.preventDefault();
    if (!isPair(draft)) return setProblem('Write key:value, for example retries:3.');
    setProblem(undefined);
    setDraft('');
    if (!pairs.includes(draft)) onChange([...pairs, draft]);
  };

  return (
    <fieldset className="metadata-filter">
      <legend>Metadata</legend>
      {pairs.length > 0 && (
        <ul className="chips">
          {pairs.map((pair) => (
            <li key={pair}>
              <code>{pair}</code>
              <button type="button" className="link-button" onClick={() => onChange(pairs.filter((p) => p !== pair))}>
                Remove<span className="visually-hidden"> {pair}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {/* A form of its own so that Enter adds the pair. */}
      <form onSubmit={add} className="inline-form">
        <label htmlFor={id}>key:value</label>
        <input
          id={id}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder="retries:3"
          aria-invalid={problem ? true : undefined}
          aria-describedby={problem ? `${id}-problem` : undefined}
          disabled={pairs.length >= MAX_PAIRS}
        />
        <button type="submit" disabled={pairs.length >= MAX_PAIRS}>
          Add
        </button>
      </form>
      {problem && (
        <p id={`${id}-problem`} role="alert" className="field-problem">
          {problem}
        </p>
      )}
    </fieldset>
  );
}
