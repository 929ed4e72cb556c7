import { Link } from 'react-router-dom';
import { JobsQuery, toSearchParams } from '../../url-query';

/**
 * Cursor paging through links, so each page is a URL: Next adds the cursor, the browser's Back
 * returns to the page before, and First drops the cursor.
 */
export function Pager({ query, nextCursor }: { query: JobsQuery; nextCursor: string | null }) {
  if (!query.cursor && !nextCursor) return null;
  return (
    <nav className="pager" aria-label="Pages">
      {query.cursor && (
        <Link to={{ search: `?${toSearchParams({ ...query, cursor: '' })}` }} data-testid="first-page">
          First page
        </Link>
      )}
      {nextCursor && (
        <Link to={{ search: `?${toSearchParams({ ...query, cursor: nextCursor })}` }} data-testid="next-page">
          Next page
        </Link>
      )}
    </nav>
  );
}
