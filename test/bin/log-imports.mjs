// Preloaded with `node --import`: reports every module URL the process loads on stderr.
import { register } from 'node:module';

register(
  'data:text/javascript,' +
    encodeURIComponent(
      'export async function resolve(s, c, next) { const r = await next(s, c); process._rawDebug("import " + r.url); return r; }',
    ),
);
