import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** swagger-ui-dist's folder; its files are served as they ship, nothing is built. */
const SWAGGER_UI_DIR = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));

/** The only files /docs needs; nothing else of the package is reachable. */
export const SWAGGER_UI_ASSETS: Record<string, string> = {
  'swagger-ui.css': join(SWAGGER_UI_DIR, 'swagger-ui.css'),
  'swagger-ui-bundle.js': join(SWAGGER_UI_DIR, 'swagger-ui-bundle.js'),
};

/** The page at /docs: Swagger UI reading /docs-json (absolute paths, so /docs/ works as well). */
export const SWAGGER_UI_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Herald API</title>
  <link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="/docs/assets/swagger-ui-bundle.js"></script>
  <script>window.ui = SwaggerUIBundle({ url: '/docs-json', dom_id: '#swagger-ui' });</script>
</body>
</html>
`;
