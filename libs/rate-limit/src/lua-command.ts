import type { Cluster, Redis } from 'ioredis';

export type LuaCommand = (keys: string[], args: (string | number)[]) => Promise<unknown>;

/**
 * A Lua script run by its SHA (EVALSHA, sent in full only when Redis answers NOSCRIPT,
 * e.g. after a restart). EVAL sent the whole script on every call: for a script run
 * once per request or per send, that was most of the bytes written to Redis.
 */
export function luaCommand(redis: Redis | Cluster, name: string, lua: string, numberOfKeys: number): LuaCommand {
  redis.defineCommand(name, { lua, numberOfKeys });
  const command = (redis as unknown as Record<string, (...args: (string | number)[]) => Promise<unknown>>)[name]!.bind(redis);
  return (keys, args) => {
    if (keys.length !== numberOfKeys) throw new RangeError(`${name} takes ${numberOfKeys} key(s), got ${keys.length}`);
    return command(...keys, ...args);
  };
}
