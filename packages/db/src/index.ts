export * from './audit-chain.ts';
export * from './backup.ts';
export * from './connect.ts';
export * from './ids.ts';
export * from './migrate.ts';
export * from './office-scope.ts';
export * from './tables/index.ts';
export * from './transaction.ts';
