import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { buildOpenApiDocument } from '../../apps/api/src/openapi/openapi-document.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** The ```ts block of the README's "A typed client": read from the README, so the two cannot drift. */
function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const section = readme.split('\n### A typed client\n')[1]?.split(/\n##+ /)[0];
  const code = section?.match(/```ts\n([\s\S]*?)```/)?.[1];
  if (!code) throw new Error('README.md has no ```ts block under "### A typed client"');
  return code;
}

/** Lines a client goes on with: each compiles only if the document types the answers. */
const USES_OF_ANSWERS = `
if (data) {
  const id: string = data.id;
  const status: string = data.status;
  const { data: message } = await herald.GET('/v1/notifications/{id}', { params: { path: { id } } });
  if (message) {
    const history: Array<{ toStatus: string; at: string }> = message.history;
    const recipient: string = message.recipient;
    console.log(status, history.length, recipient);
  }
}
`;
/** What must not compile: were `data` untyped (`unknown`), or typed loosely, this would go unnoticed. */
const MISUSE = `\nif (data) console.log(data.nonexistent);\n`;

/**
 * A new user's project after the README's recipe: the types openapi-typescript generates
 * from the document Herald serves (herald.d.ts), openapi-fetch, and ES modules of their
 * own. Returns tsc's complaints (strict, libraries checked too) by file name.
 */
async function compileUserProject(dir: string, files: Record<string, string>): Promise<Record<string, string[]>> {
  // The document as /docs-json serves it: JSON text.
  const types = astToString(await openapiTS(JSON.stringify(buildOpenApiDocument())));
  writeFileSync(join(dir, 'herald.d.ts'), types);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  const program = ts.createProgram(
    Object.keys(files).map((name) => join(dir, name)),
    {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      types: ['node'],
    },
  );
  const byFile: Record<string, string[]> = Object.fromEntries(Object.keys(files).map((name) => [name, []]));
  for (const diagnostic of ts.getPreEmitDiagnostics(program)) {
    const file = diagnostic.file ? basename(diagnostic.file.fileName) : '(options)';
    const line = diagnostic.file ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1 : 0;
    (byFile[file] ??= []).push(`line ${line}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
  }
  return byFile;
}

describe("the README's typed client", () => {
  let dir: string;
  let diagnostics: Record<string, string[]>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-typed-client-'));
    diagnostics = await compileUserProject(dir, { 'client.ts': readmeExample() + USES_OF_ANSWERS, 'misuse.ts': readmeExample() + MISUSE });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles against the types openapi-typescript generates from the document, answers included', () => {
    expect(diagnostics).toMatchObject({ 'client.ts': [] });
    expect(Object.keys(diagnostics).sort()).toEqual(['client.ts', 'misuse.ts']);
  });

  it('does not compile a use of a field the answer does not have', () => {
    expect(diagnostics['misuse.ts']).toEqual([expect.stringContaining("Property 'nonexistent' does not exist")]);
  });
});
