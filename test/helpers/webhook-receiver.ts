// A real HTTP endpoint on 127.0.0.1 (port 0) that plays a CMS webhook: it checks each request's signature the way
// a receiver should, records what arrived, and answers from a script (status, body, or a delay that outlasts the
// sender's timeout).
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: unknown;
  /** The receiver's own verdict on X-Copydesk-Signature. */
  signatureValid: boolean;
  /** The status this request was answered with (undefined: left hanging). */
  answered?: number;
}

export interface ScriptedAnswer {
  status: number;
  body?: string;
  /** Wait this long before answering (to outlast the sender's timeout). */
  delayMs?: number;
}

export interface WebhookReceiver {
  url: string;
  requests: ReceivedRequest[];
  /** Answers for the next requests, in order; once used up every request gets 200. */
  script: ScriptedAnswer[];
  close(): Promise<void>;
}

/** Verifies a copydesk signature as a receiver would (constant-time compare of the hex HMAC of `timestamp.body`). */
export function verifySignature(secret: string, headers: http.IncomingHttpHeaders, body: string): boolean {
  const timestamp = headers['x-copydesk-timestamp'];
  const signature = headers['x-copydesk-signature'];
  if (typeof timestamp !== 'string' || typeof signature !== 'string') return false;
  const expected = 'sha256=' + crypto.createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
  return signature.length === expected.length && crypto.timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
}

export async function startWebhookReceiver(secret: string, script: ScriptedAnswer[] = []): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const receiver: WebhookReceiver = { url: '', requests, script, close: async () => undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: unknown;
      try {
        json = JSON.parse(body);
      } catch {
        json = undefined;
      }
      const record: ReceivedRequest = { headers: req.headers, body, json, signatureValid: verifySignature(secret, req.headers, body) };
      requests.push(record);
      const answer = receiver.script.shift() ?? { status: record.signatureValid ? 200 : 401 };
      const send = () => {
        if (res.destroyed) return;
        record.answered = answer.status;
        res.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body ?? '');
      };
      if (answer.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, answer.delayMs);
        timers.add(t);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/copydesk`;
  receiver.close = async () => {
    for (const t of timers) clearTimeout(t);
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return receiver;
}
