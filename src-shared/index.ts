export * from './errors';
export * from './ipc/contract';
export * from './ipc/result';
export * from './ipc/command-schemas';
export * from './models/account';
export * from './models/account-schema';
export * from './models/host-syntax';
export * from './ipc/web-socket-protocol';
