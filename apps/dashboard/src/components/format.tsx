const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'medium' });

/** A time in the reader's zone, with the exact ISO time as a tooltip and for machines. */
export function Time({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <span className="muted">none</span>;
  const date = new Date(iso);
  return (
    <time dateTime={iso} title={iso}>
      {Number.isNaN(date.getTime()) ? iso : dateTime.format(date)}
    </time>
  );
}

/**
 * The last eight hex digits of a job id. Not the first: ids are UUIDv7, whose leading digits are
 * a timestamp shared by every job created within the same minute or so.
 */
export const shortId = (id: string) => id.replace(/-/g, '').slice(-8);
