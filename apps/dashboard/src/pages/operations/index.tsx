import { ApiKeysSection } from './ApiKeysSection';
import { DeadLettersSection } from './DeadLettersSection';
import './operations.css';
import { PipelineSection } from './PipelineSection';
import { TasksSection } from './TasksSection';
import { UsersSection } from './UsersSection';

/**
 * The operator's page: the pipeline's health and trends, parked messages, background tasks, and
 * who may do what. Each section loads and fails on its own, so a missing permission for one
 * (API keys are admin only) leaves the others working.
 */
export default function OperationsPage() {
  return (
    <div className="ops-page">
      <h1>Operations</h1>
      <PipelineSection />
      <DeadLettersSection />
      <TasksSection />
      <UsersSection />
      <ApiKeysSection />
    </div>
  );
}
