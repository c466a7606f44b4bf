export * from './expression-cache';
