// Fault injection for crash drills (`npm run chaos`, test/integration/crash-points.test.ts): with
// COPYDESK_DRILL_CRASH_AT set to one of the points below, the process kills itself with SIGKILL when it gets
// there, so a test can prove what a real crash at that exact point leaves behind. Unset in production.
export type CrashPoint =
  /** admission: the file has left the inbox for the archive, its job is not queued yet */
  | 'after-move'
  /** filesystem store: the new version file is written, current.json not yet */
  | 'after-version-file'
  /** publish worker: the store has the document, the job is not marked completed yet */
  | 'after-publish';

export function crashHere(point: CrashPoint): void {
  if (process.env.COPYDESK_DRILL_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
