// The queue dashboard in a real browser: headless Chromium (Debian's `chromium` package) driven by
// playwright-core signs in with the token at /login and sees copydesk's queues at /admin/queues.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { chromium, type BrowserContext } from 'playwright-core';
import { startServer } from '../../../src/http/server.js';
import { startPipeline, type RunningPipeline } from '../../helpers/running-pipeline.js';
import { makeTempDirs, type TempDirs } from '../../helpers/temp-dirs.js';
import { testConfig } from '../../helpers/test-config.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
const TOKEN = 'browser-token-0123456789abcdef';
const describeIfChromium = haveChromium ? describe : describe.skip;
if (!haveChromium) console.warn(`dashboard browser test skipped: no Chromium at ${CHROMIUM} (apt-get install -y chromium, or set CHROMIUM_PATH)`);

describeIfChromium(`the queue dashboard in headless Chromium (${haveChromium ? CHROMIUM : `skipped: ${CHROMIUM} is not installed`})`, () => {
  let dirs: TempDirs;
  let running: RunningPipeline;
  let server: FastifyInstance;
  let url: string;
  let context: BrowserContext;
  let profile: string;
  beforeAll(async () => {
    dirs = makeTempDirs();
    running = await startPipeline(testConfig(dirs, { 'http.token': TOKEN }), { watcher: false, workers: false });
    ({ server, url } = await startServer(running.app, running.app.config.http));
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'copydesk-chromium-'));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  afterAll(async () => {
    await context?.close();
    await server?.close();
    await running?.stop();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
    dirs?.remove();
  });

  test('without the token the dashboard sends the browser to the login form; with it, the copydesk queues show', async () => {
    const page = await context.newPage();
    await page.goto(`${url}/admin/queues`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await page.fill('#token', 'not-the-token-at-all');
    await page.click('button[type=submit]');
    await page.waitForURL(/\/login\?failed=1/);
    expect(await page.textContent('[role=alert]')).toMatch(/not right/);

    await page.fill('#token', TOKEN);
    await page.click('button[type=submit]');
    await page.waitForURL(`${url}/admin/queues`);
    await page.getByText('ingest', { exact: true }).first().waitFor({ timeout: 20_000 });
    await page.getByText('publish', { exact: true }).first().waitFor({ timeout: 20_000 });
    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === 'copydesk_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
    // the page cannot read the session cookie
    expect(await page.evaluate('document.cookie')).toBe('');
  });
});
