// Every command the CLI knows. Each module exports `register(program)`; keep heavy imports inside the action
// (dynamic `import()`), so that a quick command such as `copydesk tag` does not load BullMQ or the HTTP server.
import type { Command } from 'commander';
import { register as evalCommand } from './eval.js';
import { register as explainCommand } from './explain.js';
import { register as processCommand } from './process.js';
import { register as cleanCommand } from './clean.js';
import { register as pauseCommand } from './pause.js';
import { register as reprocessCommand } from './reprocess.js';
import { register as resumeCommand } from './resume.js';
import { register as retryFailedCommand } from './retry-failed.js';
import { register as serveCommand } from './serve.js';
import { register as serviceCommands } from './start.js';
import { register as statusCommand } from './status.js';
import { register as tagCommand } from './tag.js';

export const commands: Array<(program: Command) => void> = [processCommand, serviceCommands, serveCommand, evalCommand, statusCommand, reprocessCommand, retryFailedCommand, pauseCommand, resumeCommand, cleanCommand, tagCommand, explainCommand];
