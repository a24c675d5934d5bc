import { describe, expect, it } from '@jest/globals';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { apiConfigSchema, simConfigSchema, workerConfigSchema } from '../../libs/config/src/index.js';

// No Docker engine runs here, so the deployment files are checked as files.
const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
const compose = parse(read('docker-compose.yml'), { merge: true });
const services: Record<string, any> = compose.services;

/** The commands of a Dockerfile stage's RUN lines, split at `&&`. */
function runCommands(dockerfile: string, stage: string): string[] {
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const body = stages.find((text) => new RegExp(`\\bAS ${stage}\\b`, 'i').test(text.split('\n')[0]!)) ?? '';
  return [...body.matchAll(/^RUN (.+)$/gm)].flatMap((match) => match[1]!.split('&&').map((part) => part.trim()));
}

describe('docker-compose.yml', () => {
  const clusterNodes = Object.keys(services).filter((name) => name.startsWith('redis-node-'));

  it('runs redis, postgres, migrations, the vendor simulator, the api and two workers', () => {
    const always = Object.keys(services).filter((name) => !services[name].profiles);
    expect(always.sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'vendor-sim', 'worker']);
    expect(services.worker.deploy.replicas).toBe(2);
  });

  it('has a cluster profile: six durable cluster nodes announcing their names, joined once with a replica per master', () => {
    expect(clusterNodes).toHaveLength(6);
    for (const name of [...clusterNodes, 'redis-cluster-init']) expect([name, services[name].profiles]).toEqual([name, ['cluster']]);
    for (const name of clusterNodes) {
      const command = services[name].command.join(' ');
      expect(command).toContain('--cluster-enabled yes');
      expect(command).toContain('--appendonly yes');
      expect(command).toContain('--maxmemory-policy noeviction');
      expect(command).toContain(`--cluster-announce-hostname ${name}`);
      expect(services[name].volumes[0]).toMatch(new RegExp(`^${name}-data:/data$`));
    }
    const init = services['redis-cluster-init'].command.join(' ');
    expect(init).toContain('--cluster-replicas 1');
    expect(init).toContain('cluster_state:ok && exit 0');
    for (const name of clusterNodes) expect(services['redis-cluster-init'].depends_on[name].condition).toBe('service_healthy');
  });

  it('lets .env hand Redis over to a cluster: REDIS_URL may be emptied, REDIS_CLUSTER_NODES and SEND_QUEUE_SHARDS pass through', () => {
    for (const name of ['api', 'worker']) {
      expect(services[name].environment.REDIS_URL).toBe('${REDIS_URL-redis://redis:6379}');
      expect(services[name].environment.REDIS_CLUSTER_NODES).toBe('${REDIS_CLUSTER_NODES:-}');
      expect(services[name].environment.SEND_QUEUE_SHARDS).toBe('${SEND_QUEUE_SHARDS:-1}');
    }
  });

  it('keeps Redis durable and never evicting a job', () => {
    const command = services.redis.command.join(' ');
    expect(command).toContain('--appendonly yes');
    expect(command).toContain('--appendfsync everysec');
    expect(command).toContain('--maxmemory-policy noeviction');
  });

  it('gives every long-running service a healthcheck; the migration is one-shot and gates the apps', () => {
    for (const name of ['redis', 'postgres', 'vendor-sim', 'api', 'worker']) {
      expect([name, services[name].healthcheck?.test?.length > 0]).toEqual([name, true]);
    }
    expect(services.api.healthcheck.test.join(' ')).toContain('/health/ready');
    expect(services.worker.healthcheck.test.join(' ')).toContain(':3001/health/ready');
    expect(services.migrate.restart).toBe('no');
    for (const name of ['api', 'worker']) {
      expect(services[name].depends_on.migrate.condition).toBe('service_completed_successfully');
      expect(services[name].depends_on.redis.condition).toBe('service_healthy');
    }
  });

  it('starts each app from a file the build makes', () => {
    for (const name of ['migrate', 'vendor-sim', 'api', 'worker']) {
      const entry = services[name].command.find((part: string) => part.startsWith('dist/'));
      const source = entry.replace(/^dist\//, '').replace(/\.js$/, '.ts');
      expect([name, existsSync(new URL(`../../${source}`, import.meta.url))]).toEqual([name, true]);
    }
  });

  it('passes the apps only variables their config knows', () => {
    const known = new Set([apiConfigSchema, workerConfigSchema, simConfigSchema].flatMap((schema) => Object.keys(schema.shape)));
    for (const name of ['api', 'worker', 'vendor-sim']) {
      for (const variable of Object.keys(services[name].environment)) expect([name, variable, known.has(variable)]).toEqual([name, variable, true]);
    }
  });
});

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const ci = read('.ci/run');

  it('builds with the same npm ci and npm run build that CI runs', () => {
    const build = runCommands(dockerfile, 'build');
    const ciInstall = ci.match(/^npm ci.*$/m)?.[0];
    expect(ciInstall).toBeDefined();
    expect(build).toContain(ciInstall);
    expect(build).toContain('npm run build');
    // CI's `npm test` is what runs the build there.
    expect(ci).toMatch(/^npm test\b/m);
    expect(JSON.parse(read('package.json')).scripts.test).toMatch(/^npm run build && /);
  });

  it('is multi-stage: the runtime image gets dist/ from the build stage and production dependencies only', () => {
    expect(dockerfile).toMatch(/^FROM .+ AS build$/m);
    expect(dockerfile).toMatch(/^FROM .+ AS runtime$/m);
    expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist dist$/m);
    expect(runCommands(dockerfile, 'runtime').some((command) => command.startsWith('npm ci --omit=dev'))).toBe(true);
  });

  it('copies every folder the build compiles', () => {
    const included: string[] = JSON.parse(read('tsconfig.build.json')).include;
    for (const folder of included) expect(dockerfile).toMatch(new RegExp(`^COPY ${folder} ${folder}$`, 'm'));
  });
});
