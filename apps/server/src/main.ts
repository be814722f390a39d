import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, type Config } from './config.ts';

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(`配置错误 / configuration error: ${err.message}`);
    process.exit(78);
  }
  throw err;
}

const app = await buildApp({ config });
closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down: finishing in-flight requests');
  await app.close();
});
await app.listen({ host: config.host, port: config.port });
const { printBanner } = await import('./platform/http/banner.ts');
// performance.now() counts from process start, so the printed time includes loading the code.
await printBanner(app, config, performance.now());
