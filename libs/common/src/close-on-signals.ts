/**
 * SIGTERM/SIGINT: run the app's own orderly close (workers finish active jobs, then
 * connections close) and exit 0, so an orchestrator sees a clean stop. A second
 * signal while closing exits at once.
 */
export function closeOnSignals(close: () => Promise<void>, name: string): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    console.log(`${name}: ${signal} received, closing`);
    close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(`${name}: close failed`, error);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
