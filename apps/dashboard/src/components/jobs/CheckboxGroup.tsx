/** A fieldset of checkboxes choosing any number of `options`. */
export function CheckboxGroup<T extends string>({
  legend,
  options,
  selected,
  onChange,
}: {
  legend: string;
  options: readonly T[];
  selected: readonly T[];
  onChange(selected: T[]): void;
}) {
  const toggle = (option: T, checked: boolean) =>
    onChange(checked ? options.filter((o) => o === option || selected.includes(o)) : selected.filter((o) => o !== option));
  return (
    <fieldset className="checkbox-group">
      <legend>{legend}</legend>
      {options.map((option) => (
        <label key={option}>
          <input type="checkbox" checked={selected.includes(option)} onChange={(event) => toggle(option, event.target.checked)} /> {option}
        </label>
      ))}
    </fieldset>
  );
}
