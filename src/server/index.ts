export { default } from './plugin';
export * from './plugin';
