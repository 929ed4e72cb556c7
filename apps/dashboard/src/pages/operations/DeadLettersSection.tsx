import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api';
import { ErrorAlert } from '../../components/ErrorAlert';
import { truncate } from './format';
import { DeadLetterList, Overview } from './types';
import { OVERVIEW_KEY, useOverview } from './use-overview';

const LIST_LIMIT = 50;

/** Parked messages per queue (counts from the polled overview), why they were parked, and replay. */
export function DeadLettersSection() {
  const { data, error } = useOverview();
  const queues = data?.deadLetters;
  return (
    <section className="ops-section" data-testid="dead-letters" aria-labelledby="ops-dead-letters-title">
      <h2 id="ops-dead-letters-title">Dead letters</h2>
      <ErrorAlert error={error} />
      {!queues ? (
        !error && <p>Loading…</p>
      ) : (
        <>
          <table className="ops-table">
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Parked messages</th>
                <th scope="col">Replay</th>
              </tr>
            </thead>
            <tbody>
              {queues.map((queue) => (
                <QueueRow key={queue.queue} {...queue} />
              ))}
            </tbody>
          </table>
          {queues
            .filter((queue) => (queue.messages ?? 0) > 0)
            .map((queue) => (
              <ParkedMessages key={queue.queue} {...queue} />
            ))}
        </>
      )}
    </section>
  );
}

type QueueCount = Overview['deadLetters'][number];

function QueueRow({ queue, messages }: QueueCount) {
  const client = useQueryClient();
  const replay = useMutation({
    mutationFn: () => api<{ replayed: number }>('POST', `/dead-letters/${encodeURIComponent(queue)}/replay`),
    onSettled: () => Promise.all([client.invalidateQueries({ queryKey: OVERVIEW_KEY }), client.invalidateQueries({ queryKey: ['dead-letters', queue] })]),
  });
  const confirmReplay = () => {
    if (window.confirm(`Move the ${messages} parked messages of ${queue} back onto the queue?`)) replay.mutate();
  };
  return (
    <tr data-testid="dead-letter-queue" data-queue={queue}>
      <th scope="row">{queue}</th>
      {/* null: the broker did not say (down, or the queue not declared yet). */}
      <td>{messages ?? 'unknown'}</td>
      <td>
        <button type="button" data-testid={`replay-${queue}`} disabled={messages === 0 || replay.isPending} onClick={confirmReplay}>
          Replay<span className="ops-visually-hidden"> {queue}</span>
        </button>{' '}
        {/* Present from the start so screen readers announce the count when it appears. */}
        <span role="status">{replay.data && `Replayed ${replay.data.replayed}`}</span>
        <ErrorAlert error={replay.error} />
      </td>
    </tr>
  );
}

function ParkedMessages({ queue, messages }: QueueCount) {
  const { data, error } = useQuery({
    // The count in the key fetches the list again whenever the overview sees it change.
    queryKey: ['dead-letters', queue, messages],
    queryFn: ({ signal }) => api<DeadLetterList>('GET', `/dead-letters/${encodeURIComponent(queue)}?limit=${LIST_LIMIT}`, { signal }),
    placeholderData: keepPreviousData,
  });
  const titleId = `ops-parked-${queue.replace(/\W/g, '-')}`;
  return (
    <div className="ops-parked">
      <h3 id={titleId}>Parked in {queue}</h3>
      <ErrorAlert error={error} />
      {data && (
        <>
          {(messages ?? 0) > data.items.length && (
            <p className="ops-muted">
              The first {data.items.length} of {messages}.
            </p>
          )}
          <div className="ops-scroll">
            <table className="ops-table" aria-labelledby={titleId}>
              <thead>
                <tr>
                  <th scope="col">Message</th>
                  <th scope="col">Type</th>
                  <th scope="col">Attempts</th>
                  <th scope="col">Reason</th>
                  <th scope="col">Body</th>
                </tr>
              </thead>
              <tbody>
                {/* By position: a message parked twice keeps its id, and the list is only ever replaced whole. */}
                {data.items.map((item, i) => (
                  <tr key={i}>
                    <td>{item.messageId ?? '—'}</td>
                    <td>{item.type ?? '—'}</td>
                    <td>{item.attempts}</td>
                    <td>{item.reason}</td>
                    <td>
                      <code className="ops-code">{truncate(typeof item.body === 'string' ? item.body : (JSON.stringify(item.body) ?? ''))}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

