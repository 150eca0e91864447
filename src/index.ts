export * from './alarms';
export * from './archive-bucket';
export * from './destination';
export * from './enforcement';
export * from './flow-log-archive';
export * from './lifecycle';
export * from './target';
