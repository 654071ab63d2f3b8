// Types for the one BullMQ file src/errors imports directly (its CommonJS build ships no declarations).
declare module 'bullmq/dist/cjs/classes/errors/unrecoverable-error.js' {
  export { UnrecoverableError } from 'bullmq';
}
