import type { Config } from '../config.ts';
import type { Db } from '../db/connection.ts';
import { buildApp } from '../http/app.ts';
import { housekeepingJobs, startJobs } from '../jobs/housekeeping.ts';

/**
 * Listens until SIGTERM or SIGINT, then stops accepting, lets requests in flight finish, closes
 * the database and returns.
 */
export async function serve(config: Config, handle: Db): Promise<void> {
  const app = await buildApp({ config, handle, now: () => new Date() });
  await app.listen({ port: config.port, host: config.host });
  const stopJobs = startJobs(
    housekeepingJobs(handle, config),
    () => new Date(),
    (job, result) => {
      if (result.error) app.log.error({ job, err: result.error }, 'job failed');
      else if (result.removed) app.log.info({ job, removed: result.removed }, 'job ran');
    },
  );
  await new Promise<void>((resolve) => {
    const stop = (signal: string): void => {
      app.log.info({ signal }, 'stopping');
      stopJobs();
      void app
        .close()
        .then(() => handle.close())
        .then(resolve, (e: unknown) => {
          app.log.error({ err: e }, 'error while stopping');
          resolve();
        });
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
}
