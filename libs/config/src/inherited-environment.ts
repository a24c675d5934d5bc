/**
 * A copy of this process's whole environment, for a launcher that passes it on to the
 * child processes it starts (unparsed: the children validate what they read themselves).
 * The copy can be extended or changed without touching process.env.
 */
export function inheritedEnvironment(): NodeJS.ProcessEnv {
  return { ...process.env };
}
