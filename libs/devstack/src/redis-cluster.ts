import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startRedis, type RunningRedis } from './redis-server.js';

const run = promisify(execFile);

export interface RunningRedisCluster {
  /** Every node, masters and replicas, in the order started. */
  nodes: RunningRedis[];
  /** `127.0.0.1:p1,127.0.0.1:p2,…`: what a client is given to discover the cluster. */
  seeds: string;
  /** The ports of the nodes that are masters now and serve slots. */
  masterPorts(): Promise<number[]>;
  /** Resolves once every slot is served again (cluster_state:ok seen from every node still running). */
  untilHealthy(timeoutMs?: number): Promise<void>;
  /** Resolves once the node on `port` is no master (a replica was promoted in its place) and every slot is served. */
  untilFailedOver(port: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A local Redis Cluster from redis-server processes (`../shared/VERIFIED.md`): masters ×
 * (1 + replicas) nodes with AOF, each in its own folder, joined by
 * `redis-cli --cluster create`. A short node timeout and no replica validity limit let a
 * replica take over within seconds of its master's `kill -9`, also on a cluster this
 * young. For tests and the local stack, not for production.
 */
export async function startRedisCluster(options: { dataDir: string; masters?: number; replicasPerMaster?: number }): Promise<RunningRedisCluster> {
  const masters = options.masters ?? 3;
  const replicas = options.replicasPerMaster ?? 1;
  const nodes: RunningRedis[] = [];
  try {
    for (let index = 0; index < masters * (1 + replicas); index++) {
      nodes.push(
        await startRedis({
          dataDir: join(options.dataDir, `node-${index}`),
          extraArgs: [
            '--cluster-enabled',
            'yes',
            '--cluster-config-file',
            'nodes.conf',
            '--cluster-node-timeout',
            '2000',
            '--cluster-replica-validity-factor',
            '0',
          ],
        }),
      );
    }
    const addresses = nodes.map((node) => `127.0.0.1:${node.port}`);
    await run('redis-cli', ['--cluster', 'create', ...addresses, '--cluster-replicas', String(replicas), '--cluster-yes']);
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw error;
  }
  const cluster = clusterOf(nodes, masters);
  await cluster.untilHealthy();
  return cluster;
}

/** What a test asks of the running nodes: who is master, whether every slot is served. */
function clusterOf(nodes: RunningRedis[], masters: number): RunningRedisCluster {
  const cluster: RunningRedisCluster = {
    nodes,
    seeds: nodes.map((node) => `127.0.0.1:${node.port}`).join(','),
    async masterPorts() {
      // Asked of the first node that answers: the one asked first may be the one killed.
      let stdout = '';
      for (const node of nodes) {
        const answer = await run('redis-cli', ['-p', String(node.port), 'cluster', 'nodes']).catch(() => undefined);
        if (answer?.stdout.includes('myself')) {
          stdout = answer.stdout;
          break;
        }
      }
      // `<id> <ip:port@bus-port> <flags,…> <master> <ping> <pong> <epoch> <link> <slots…>` per node; a failed
      // master is flagged `fail` or `fail?`; a node that is a master but serves no slot yet does not count.
      return stdout
        .split('\n')
        .map((line) => line.trim().split(' '))
        .filter((fields) => {
          const flags = (fields[2] ?? '').split(',');
          return flags.includes('master') && !flags.some((flag) => flag.startsWith('fail')) && fields.length > 8;
        })
        .map((fields) => Number(fields[1]!.split(':')[1]!.split('@')[0]));
    },
    async untilHealthy(timeoutMs = 20_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const states = await Promise.all(
          nodes.map((node) =>
            run('redis-cli', ['-p', String(node.port), 'cluster', 'info']).then(
              ({ stdout }) => (stdout.includes('cluster_state:ok') ? 'ok' : 'not-ok'),
              () => 'down',
            ),
          ),
        );
        const served = states.every((state) => state !== 'not-ok') && states.includes('ok');
        if (served && (await cluster.masterPorts()).length === masters) return;
        if (Date.now() > deadline) throw new Error(`redis cluster not healthy after ${timeoutMs} ms: ${states.join(', ')}`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    },
    async untilFailedOver(port, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while ((await cluster.masterPorts()).includes(port)) {
        if (Date.now() > deadline) throw new Error(`no replica took over from the master on ${port} within ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
      await cluster.untilHealthy(Math.max(1000, deadline - Date.now()));
    },
    stop: async () => {
      await Promise.all(nodes.map((node) => node.stop()));
    },
  };
  return cluster;
}
