// Typed entry to scripts/free-port.mjs for the tests that start their own redis-server.
// @ts-expect-error -- a plain ES module of the scripts folder, without type declarations
import * as helpers from '../../scripts/free-port.mjs';

export const freePort: () => Promise<number> = helpers.freePort;
export const hasRedisServer: boolean = helpers.hasRedisServer();
