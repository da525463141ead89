export * from './remedies.ts';
