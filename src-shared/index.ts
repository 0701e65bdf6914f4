export * from './errors';
export * from './ipc/contract';
export * from './ipc/result';
export * from './models/account';
export * from './ipc/web-socket-protocol';
