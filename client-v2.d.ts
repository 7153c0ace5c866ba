export * from './dist/client-v2';
export { default } from './dist/client-v2';
