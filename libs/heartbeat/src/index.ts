export * from './heartbeat-emitter';
export * from './heartbeat-index';
export * from './heartbeat-recorder';
export * from './pipeline-metrics';
export * from './pipeline-monitor';
export * from './pipeline-status';
