import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { DeliveryReport } from '../../../../libs/vendor/src/protocol.js';

export interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  rawBody: string;
  status: number;
}

/**
 * Stands in for Herald's report endpoint. `answer` picks the status for the n-th
 * callback (1-based), so tests can make the first attempts fail.
 */
export async function startReportReceiver() {
  const callbacks: ReceivedCallback[] = [];
  let answer: (attempt: number) => number = () => 200;
  // Each clear() moves the receiver to a new path, so a callback still in flight from
  // an earlier test (aimed at the old path) is answered but never recorded.
  let generation = 0;
  const currentPath = () => `/reports/${generation}`;

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.url !== currentPath()) {
        res.writeHead(200).end();
        return;
      }
      const status = answer(callbacks.length + 1);
      callbacks.push({ headers: req.headers, rawBody: Buffer.concat(chunks).toString('utf8'), status });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  /** Reports from callbacks that were answered 2xx, i.e. that the sim counts as sent. */
  const acceptedReports = () => callbacks.filter((callback) => callback.status < 300).flatMap((callback) => JSON.parse(callback.rawBody) as DeliveryReport[]);

  return {
    get url() {
      return `http://127.0.0.1:${port}${currentPath()}`;
    },
    callbacks,
    acceptedReports,
    answerWith(next: (attempt: number) => number) {
      answer = next;
    },
    clear() {
      generation += 1;
      callbacks.length = 0;
      answer = () => 200;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

export type ReportReceiver = Awaited<ReturnType<typeof startReportReceiver>>;
