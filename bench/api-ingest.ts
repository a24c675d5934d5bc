import autocannon from 'autocannon';
import { Queue } from 'bullmq';
import { queueOptions } from '../libs/queue/src/index.js';
import { printResult, registerTemplate, type BenchStack } from './support/bench-stack.js';
import { cpuMs, postgresCpuMs } from './support/cost.js';

const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 20);
const CONNECTIONS = 50;
const BATCH = 100;
const BATCH_CONNECTIONS = 10;

/**
 * POST /v1/notifications (and /batch, 100 per request) under autocannon (no worker running: ingest only), against
 * the same HTTP stack answering a route that does nothing (an unknown path: routing,
 * the error filter, JSON), and against a loop calling queue.add directly.
 */
export async function apiIngest(stack: BenchStack): Promise<Record<string, number>> {
  await registerTemplate(stack, 'INGEST', '#{name}님, 주문 #{order}이 접수되었습니다.');
  // CPU each process spends per accepted single send: on 2 shared cores, what bounds the rate.
  const cpuBefore = { api: cpuMs(stack.apiPid), postgres: postgresCpuMs(), redis: cpuMs(stack.redisPid), autocannon: process.cpuUsage() };
  const send = await autocannon({
    url: `${stack.apiUrl}/v1/notifications`,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ to: '010-1234-5678', templateCode: 'INGEST', variables: { name: '김철수', order: 'A-1' } }),
  });
  const perSend = (now: number, before: number) => Number(((now - before) / Math.max(1, send['2xx'])).toFixed(3));
  const autocannonCpu = process.cpuUsage(cpuBefore.autocannon);
  const cpu = {
    api_cpu_ms_per_send: perSend(cpuMs(stack.apiPid), cpuBefore.api),
    postgres_cpu_ms_per_send: perSend(postgresCpuMs(), cpuBefore.postgres),
    redis_cpu_ms_per_send: perSend(cpuMs(stack.redisPid), cpuBefore.redis),
    autocannon_cpu_ms_per_send: perSend((autocannonCpu.user + autocannonCpu.system) / 1000, 0),
  };
  // The batch endpoint: BATCH notifications per request, fewer connections so each batch is not starved.
  const batch = await autocannon({
    url: `${stack.apiUrl}/v1/notifications/batch`,
    connections: BATCH_CONNECTIONS,
    duration: SECONDS,
    method: 'POST',
    headers: { authorization: `Bearer ${stack.apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      notifications: Array.from({ length: BATCH }, (_, n) => ({
        to: `010-1234-${String(1000 + n)}`,
        templateCode: 'INGEST',
        variables: { name: '김철수', order: `A-${n}` },
      })),
    }),
  });
  const noop = await autocannon({ url: `${stack.apiUrl}/bench-noop`, connections: CONNECTIONS, duration: SECONDS });

  const queue = new Queue('raw-ingest', queueOptions({ REDIS_URL: stack.redisUrl, QUEUE_PREFIX: stack.prefix }, 'producer', 'raw-ingest'));
  let added = 0;
  const until = performance.now() + SECONDS * 1000;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async () => {
      while (performance.now() < until) {
        await queue.add('raw', { notificationId: String(added) });
        added += 1;
      }
    }),
  );
  await queue.obliterate({ force: true });
  await queue.close();

  const accepted = send['2xx'];
  const figures = {
    seconds: SECONDS,
    connections: CONNECTIONS,
    accepted_per_s: Math.round(accepted / SECONDS),
    p99_ms: send.latency.p99,
    non_2xx: send.non2xx,
    ...cpu,
    batch_size: BATCH,
    batch_accepted_notifications_per_s: Math.round((batch['2xx'] * BATCH) / SECONDS),
    batch_p99_ms: batch.latency.p99,
    batch_non_2xx: batch.non2xx,
    noop_route_per_s: Math.round(noop.requests.total / SECONDS),
    noop_p99_ms: noop.latency.p99,
    raw_queue_add_per_s: Math.round(added / SECONDS),
  };
  printResult('api-ingest', figures);
  return figures;
}
