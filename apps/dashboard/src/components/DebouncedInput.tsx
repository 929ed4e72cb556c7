import { InputHTMLAttributes, useEffect, useRef, useState } from 'react';

const TYPING_DEBOUNCE_MS = 150;

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  value: string;
  /** Called once typing pauses, with what was typed. */
  onCommit(value: string): void;
};

/**
 * A text input that shows every keystroke at once but reports the value only when typing
 * pauses, so a search runs per pause rather than per key. A value that changes from outside
 * (back button, a facet click) replaces what is shown.
 */
export function DebouncedInput({ value, onCommit, ...props }: Props) {
  const [draft, setDraft] = useState(value);
  const committed = useRef(value);
  const commit = useRef(onCommit);
  commit.current = onCommit;

  useEffect(() => {
    if (value === committed.current) return;
    committed.current = value;
    setDraft(value);
  }, [value]);

  useEffect(() => {
    if (draft === committed.current) return;
    const timer = setTimeout(() => {
      committed.current = draft;
      commit.current(draft);
    }, TYPING_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft]);

  return <input {...props} value={draft} onChange={(event) => setDraft(event.target.value)} />;
}
