/** The queues whose dead letters the operations page shows and replays (token for OperationsController). */
export const OPERATIONS_QUEUES = Symbol('OperationsQueues');
