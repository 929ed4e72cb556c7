import { ErrorAlert } from '../../components/ErrorAlert';
import { formatTime, truncate } from './format';
import { Task, TaskType } from './types';
import { useStartTask, useTasks } from './use-tasks';

const STARTABLE: { type: TaskType; label: string; testId: string }[] = [
  { type: 'REINDEX', label: 'Start reindex', testId: 'start-reindex' },
  { type: 'REPAIR', label: 'Start repair', testId: 'start-repair' },
];

/** Background tasks (reindex, reconcile, repair): what runs, how far it got, how it ended. */
export function TasksSection() {
  const { data: tasks, error } = useTasks();
  const start = useStartTask();
  return (
    <section className="ops-section" data-testid="tasks" aria-labelledby="ops-tasks-title">
      <h2 id="ops-tasks-title">Background tasks</h2>
      <div className="ops-actions">
        {STARTABLE.map(({ type, label, testId }) => (
          <button key={type} type="button" data-testid={testId} disabled={start.isPending} onClick={() => start.mutate(type)}>
            {label}
          </button>
        ))}
        <span role="status">{start.data && `Started ${start.data.type} task ${start.data.id}`}</span>
      </div>
      <ErrorAlert error={start.error} />
      <ErrorAlert error={error} />
      {tasks && tasks.length === 0 && <p>No task is running, and none has run since this page opened.</p>}
      {tasks && tasks.length > 0 && (
        <table className="ops-table">
          <thead>
            <tr>
              <th scope="col">Type</th>
              <th scope="col">Status</th>
              <th scope="col">Progress</th>
              <th scope="col">Created</th>
              <th scope="col">Finished</th>
              <th scope="col">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <TaskRow key={task.id} task={task} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function TaskRow({ task }: { task: Task }) {
  return (
    <tr data-testid="task-row" data-task-type={task.type} data-status={task.status}>
      <th scope="row">{task.type}</th>
      <td>
        <span className={`ops-status ops-status-${task.status.toLowerCase()}`}>{task.status}</span>
      </td>
      <td className="ops-progress">
        <progress value={task.progress} max={100} aria-label={`${task.type} task progress`} /> {task.progress}%
      </td>
      <td>{formatTime(task.createdAt)}</td>
      <td>{formatTime(task.completedAt)}</td>
      <td>{task.errorMessage ? <span className="ops-error-text">{task.errorMessage}</span> : task.result && describeResult(task.result)}</td>
    </tr>
  );
}

/** A task's report as "key: value" pairs: each task type reports its own counts. */
function describeResult(result: Record<string, unknown>): string {
  return truncate(
    Object.entries(result)
      .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`)
      .join(', '),
  );
}
